import { IpcSocketProvider, Network, type ProviderEvent, type SocketSubscriber } from 'ethers';
import { withTimeout } from './timeout.js';

/**
 * ethers' IpcSocketProvider emits an undeclared "close" event when the socket ends, which
 * rejects (unknown ProviderEvent) as an unhandled rejection -- fatal for a Node process. Drop it;
 * this source watches the socket itself.
 */
class QuietIpcProvider extends IpcSocketProvider {
  override emit(event: ProviderEvent, ...args: unknown[]): Promise<boolean> {
    if (event === 'close') return Promise.resolve(false);
    return super.emit(event, ...args);
  }
}

/**
 * Opens an IPC connection to geth; `onLost` fires on any later socket error or close (ethers
 * attaches no 'error' listener: without ours, ENOENT or ECONNRESET would crash the process).
 */
export async function openIpc(
  ipcPath: string,
  timeoutMs: number,
  onLost: (provider: IpcSocketProvider, err?: unknown) => void,
): Promise<IpcSocketProvider> {
  const network = new Network('geth', 0n);
  const p = new QuietIpcProvider(ipcPath, network, { staticNetwork: network });
  const opened = new Promise<void>((resolve, reject) => {
    p.socket.once('ready', () => resolve());
    p.socket.once('error', reject);
  });
  p.socket.on('error', (err) => onLost(p, err));
  p.socket.on('close', () => onLost(p));
  try {
    await withTimeout(opened, timeoutMs, 'geth IPC connect');
  } catch (err) {
    onLost(p, err);
    throw err;
  }
  return p;
}

/** eth_subscribe without ethers' event layer: `handle` gets each notification's result. */
export async function subscribeRaw(p: IpcSocketProvider, kind: string, timeoutMs: number, handle: (message: unknown) => void): Promise<void> {
  const id = await withTimeout(p.send('eth_subscribe', [kind]) as Promise<string>, timeoutMs, `eth_subscribe ${kind}`);
  p._register(id, { _handleMessage: handle } as unknown as SocketSubscriber);
}
