import { argsCommand } from './args.js';
import { checkCommand } from './check.js';
import { devnetCommand } from './devnet.js';
import { enodeCommand } from './enode.js';
import { genesisCommand } from './genesis.js';
import { runCommand } from './run.js';
import type { Command } from './types.js';

/** Every command the CLI knows, in help order. Later features register theirs here. */
export const commands = (): readonly Command[] => [runCommand, checkCommand, argsCommand, genesisCommand, enodeCommand, devnetCommand];
