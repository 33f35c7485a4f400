import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { envName } from '../../src/config/spec.js';
import { tableEntries } from '../../src/config/table.js';
import { createLogger } from '../../src/log.js';

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, stream };
}

test('logger writes JSON lines with component children and errors under err', () => {
  const { lines, stream } = capture();
  const logger = createLogger({ level: 'debug', destination: stream });
  logger.child({ component: 'watchdog' }).error({ err: new Error('kaput') }, 'decided');
  const entry = JSON.parse(lines[0] as string) as Record<string, unknown>;
  assert.equal(entry.component, 'watchdog');
  assert.equal(entry.level, 'error');
  assert.equal(entry.msg, 'decided');
  assert.equal((entry.err as { message: string }).message, 'kaput');
});

test('secret-bearing fields are redacted at any of the usual depths', () => {
  const { lines, stream } = capture();
  const logger = createLogger({ level: 'trace', destination: stream });
  logger.info({ password: 'p1', privateKey: '0xk1', account: { privateKey: '0xk2', mnemonic: 'm1' }, a: { b: { secret: 's1' } }, req: { headers: { authorization: 'Bearer t1' } } }, 'x');
  const line = lines.join('\n');
  for (const secret of ['p1"', '0xk1', '0xk2', 'm1"', 's1"', 'Bearer t1']) assert.ok(!line.includes(secret), `${secret} leaked: ${line}`);
  assert.ok(line.includes('[redacted]'));
});

test('every secret config key and variable is redacted, at the top level and under config/cfg/options.config', () => {
  const { lines, stream } = capture();
  const logger = createLogger({ level: 'trace', destination: stream });
  const secretKeys = tableEntries().filter(([, spec]) => spec.secret).map(([key]) => key);
  assert.ok(secretKeys.includes('ethstats') && secretKeys.includes('ethstatsSecret'), secretKeys.join());
  const values: string[] = [];
  const secretsOf = (where: string): Record<string, unknown> =>
    Object.fromEntries(
      secretKeys.flatMap((key) => {
        const value = `leak-${where}-${key}`;
        const env = `leak-${where}-${envName(key)}`;
        values.push(value, env);
        // The ethstats URL holds its secret inside; the parsed form is an object.
        return [[key, key === 'ethstats' ? { name: 'n', secret: value, host: 'h:1' } : value], [envName(key), env]];
      }),
    );
  const top = secretsOf('top');
  logger.info({ ...top, config: { ...secretsOf('config'), role: 'sealer' }, cfg: secretsOf('cfg'), options: { config: secretsOf('deep') }, env: secretsOf('env') }, 'all secrets');
  logger.child({ component: 'x', config: secretsOf('child') }).warn(secretsOf('warn'), 'child');
  const output = lines.join('\n');
  assert.equal(lines.length, 2);
  for (const value of values) assert.ok(!output.includes(value), `${value} leaked: ${output}`);
  assert.ok(output.includes('"role":"sealer"'), 'non-secret fields stay');
});

test('the level is honoured', () => {
  const { lines, stream } = capture();
  const logger = createLogger({ level: 'warn', destination: stream });
  logger.info('hidden');
  logger.warn('shown');
  assert.equal(lines.length, 1);
});
