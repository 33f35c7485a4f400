import type WebSocket from 'ws';
import type { Logger } from '../../log.js';
import type { NodeInfo, NodeStats } from '../protocol/types.js';
import type { EthstatsSource } from '../source.js';
import type { ReporterTimings } from './options.js';

/** What one session works with: its socket, its login, the node it reports and the timings. */
export interface SessionContext {
  readonly ws: WebSocket;
  readonly id: string;
  readonly secret: string;
  readonly info: NodeInfo;
  readonly source: EthstatsSource;
  readonly stats: () => Promise<NodeStats>;
  readonly logger: Logger;
  readonly timings: ReporterTimings;
  readonly now: () => number;
  /** Called once the server said `ready`. */
  readonly onLogin?: () => void;
}
