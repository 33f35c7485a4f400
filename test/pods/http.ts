import type { Podman } from './podman.js';

/** The agent's HTTP port in every container (the image's GETH_AGENT_LISTEN). */
export const AGENT_PORT = 8080;

export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
}

const none: HttpAnswer = { status: 0, body: '' };

/**
 * Fetches `http://127.0.0.1:8080<path>` inside a container and prints `{status, body}`: how the
 * harness reads a node's own HTTP when the node is cut off from the network (and so from it).
 */
const inContainerFetch = (path: string, timeoutMs: number): string =>
  `fetch('http://127.0.0.1:${AGENT_PORT}${path}',{signal:AbortSignal.timeout(${timeoutMs})}).then(async r=>console.log(JSON.stringify({status:r.status,body:await r.text()})),()=>console.log('{"status":0,"body":""}'))`;

/**
 * GET `path` of a node's agent: over the pod network at `address`, or, with no address (the node
 * is cut off), from inside its container with this Node (`node`: its path in the container). Status 0 when there is no answer.
 */
export async function agentGet(options: { podman: Podman; container: string; node: string; address: string | undefined; path: string; timeoutMs: number }): Promise<HttpAnswer> {
  const { address, path, timeoutMs } = options;
  if (address === undefined) {
    const out = await options.podman.run(['exec', options.container, options.node, '-e', inContainerFetch(path, timeoutMs)], { allowFail: true, timeoutMs: timeoutMs + 10_000 });
    try {
      return JSON.parse(out.stdout) as HttpAnswer;
    } catch {
      return none;
    }
  }
  try {
    const response = await fetch(`http://${address}:${AGENT_PORT}${path}`, { signal: AbortSignal.timeout(timeoutMs) });
    return { status: response.status, body: await response.text() };
  } catch {
    return none;
  }
}
