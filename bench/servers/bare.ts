/**
 * The baseline server, in its own process: bare fastify (no logger, no hooks) answering a constant
 * JSON on GET /, on 127.0.0.1 and a free port, printed as `listening <port>`; stops on SIGINT/SIGTERM.
 */
import Fastify from 'fastify';

const app = Fastify();
const body = { status: 'UP' };
app.get('/', async () => body);
const address = await app.listen({ host: '127.0.0.1', port: 0, backlog: 4096 });
console.log(`listening ${new URL(address).port}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void app.close().then(() => process.exit(0)));
