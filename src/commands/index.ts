import type { Command } from './types.js';

/** A command by name; its module (and what it imports) loads only when that command runs. */
export interface CommandEntry {
  readonly name: string;
  readonly load: () => Promise<Command>;
}

/** Every command the CLI knows, in help order. */
export const commands = (): readonly CommandEntry[] => [
  { name: 'run', load: async () => (await import('./run.js')).runCommand },
  { name: 'check', load: async () => (await import('./check.js')).checkCommand },
  { name: 'args', load: async () => (await import('./args.js')).argsCommand },
  { name: 'genesis', load: async () => (await import('./genesis.js')).genesisCommand },
  { name: 'enode', load: async () => (await import('./enode.js')).enodeCommand },
  { name: 'devnet', load: async () => (await import('./devnet.js')).devnetCommand },
  { name: 'signers', load: async () => (await import('./signers.js')).signersCommand },
];
