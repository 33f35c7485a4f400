import type { AnyVarSpec, VarSpec } from './spec.js';
import { coreVars } from './vars/core.js';
import { identityVars } from './vars/identity.js';
import { genesisVars } from './vars/genesis.js';
import { superviseVars } from './vars/supervise.js';
import { watchdogVars } from './vars/watchdog.js';
import { httpVars } from './vars/http.js';
import { ethstatsVars } from './vars/ethstats.js';

/**
 * The one table of every GETH_AGENT_* variable. Each concern declares its variables in
 * src/config/vars/<concern>.ts and is spread in here; the README table is generated from it.
 */
export const groups = [coreVars, genesisVars, identityVars, superviseVars, watchdogVars, httpVars, ethstatsVars] as const;

export const configTable = Object.freeze(Object.assign({}, ...groups)) as UnionToIntersection<(typeof groups)[number]>;

export type ConfigTable = typeof configTable;

/** The loaded, frozen configuration: one typed field per variable. */
export type Config = {
  readonly [K in keyof ConfigTable]: ConfigTable[K] extends VarSpec<infer _T, infer V> ? V : never;
};

export const tableEntries = (): Array<[string, AnyVarSpec]> => Object.entries(configTable) as Array<[string, AnyVarSpec]>;

type UnionToIntersection<U> = (U extends unknown ? (k: U) => void : never) extends (k: infer I) => void ? I : never;
