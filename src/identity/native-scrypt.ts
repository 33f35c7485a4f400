import { spawn } from 'node:child_process';
import { scrypt } from 'ethers';

/** Largest scrypt working memory a keystore may ask for (geth's strongest preset needs 256 MiB). */
export const MAX_SCRYPT_BYTES = 1024 * 1024 * 1024;

/**
 * The child's whole program: parameters and password arrive on stdin (never argv or env), the
 * derived key leaves on stdout as hex. Node's scrypt is OpenSSL's, on the libuv thread pool.
 */
const CHILD = `
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', () => {
  const j = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const maxmem = Math.min(${MAX_SCRYPT_BYTES}, 129 * j.N * j.r * j.p + (1 << 20));
  require('node:crypto').scrypt(Buffer.from(j.password, 'base64'), Buffer.from(j.salt, 'base64'), j.dkLen, { N: j.N, r: j.r, p: j.p, maxmem }, (error, key) => {
    if (error) { process.stderr.write(String(error.message)); process.exitCode = 1; return; }
    process.stdout.write(key.toString('hex'));
  });
});`;

/**
 * scrypt in a short-lived child process. A keystore's N = 2^17, r = 8 needs 128 MiB of working
 * memory: in the agent's own process that is the agent's peak RSS for good (VmHWM) and, with
 * ethers' JavaScript scrypt, resident until a major GC. The child's memory is returned when it
 * exits, and a keystore asking for absurd parameters kills (or is refused by) the child, never
 * the agent. The child gets an empty environment; the password travels over its stdin.
 */
export function childScrypt(password: Uint8Array, salt: Uint8Array, N: number, r: number, p: number, dkLen: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', CHILD], { env: {}, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.once('error', reject);
    child.stdin.on('error', () => undefined);
    child.once('close', (code, signal) => {
      const hex = Buffer.concat(out).toString('utf8');
      if (code === 0 && hex.length === dkLen * 2) return resolve(new Uint8Array(Buffer.from(hex, 'hex')));
      const why = Buffer.concat(err).toString('utf8').trim().split('\n')[0] ?? '';
      reject(new Error(`scrypt (N=${N}, r=${r}, p=${p}) failed: ${why !== '' ? why : `child ended with ${signal ?? `exit ${code}`}`}`));
    });
    child.stdin.end(JSON.stringify({ password: Buffer.from(password).toString('base64'), salt: Buffer.from(salt).toString('base64'), N, r, p, dkLen }));
  });
}

/**
 * Makes ethers' keystore functions use `childScrypt` through ethers' own `scrypt.register` hook
 * (OpenSSL's scrypt is also ~1.4x faster than ethers' JavaScript one). Idempotent; the keystore
 * format and parameters are unchanged.
 */
export function useNativeScrypt(): void {
  scrypt.register((password, salt, N, r, p, dkLen) => childScrypt(password, salt, N, r, p, dkLen));
}
