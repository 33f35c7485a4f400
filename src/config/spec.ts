/**
 * The shape of one configuration variable. Every GETH_AGENT_* variable is declared once, in a
 * table under src/config/vars/, with a parser built by one of the kinds in ./kinds.ts.
 */
import type { Role } from './roles.js';

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly expected: string };

export const accept = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const reject = (expected: string): Parsed<never> => ({ ok: false, expected });

/** Where a variable's value came from (shown by `geth-agent check`). */
export type Source = 'default' | 'env' | 'file' | 'unset';

export interface VarSpec<T, V = T | undefined> {
  /** Short type name shown in the docs table ("port", "seconds", "one of ..."). */
  readonly kind: string;
  readonly doc: string;
  /** Section of docs/configuration.md the variable belongs to. */
  readonly group: string;
  /** The roles that read the variable (`check` shows only those); undefined: every role. */
  readonly roles: readonly Role[] | undefined;
  readonly default?: T;
  readonly required: boolean;
  /** Secret: never printed, also accepted from GETH_AGENT_<NAME>_FILE. */
  readonly secret: boolean;
  readonly parse: (raw: string) => Parsed<T>;
  /** Renders a value for `check` and the docs (secrets go through `mask`). */
  readonly show: (value: T) => string;
  /** For secrets: what may be shown (default: nothing but a placeholder). */
  readonly mask?: (value: T) => string;
  /** Phantom: the type the loaded Config holds (T when a default exists or it is required). */
  readonly _value?: V;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyVarSpec = VarSpec<any, any>;

export interface CommonOptions {
  readonly doc: string;
  readonly group: string;
  /** The roles that read the variable; every variable declares them (a unit test checks it). */
  readonly roles?: readonly Role[];
  readonly secret?: boolean;
}

export type KindOptions<T> =
  | (CommonOptions & { readonly default: T; readonly required?: false })
  | (CommonOptions & { readonly required: true; readonly default?: undefined })
  | (CommonOptions & { readonly default?: undefined; readonly required?: false });

export interface Kind<T> {
  readonly kind: string;
  readonly parse: (raw: string) => Parsed<T>;
  readonly show?: (value: T) => string;
  readonly mask?: (value: T) => string;
}

/** Builds a VarSpec from a kind and the variable's options, typing presence in the Config. */
export function defineVar<T>(kind: Kind<T>, options: CommonOptions & { readonly default: NoInfer<T> }): VarSpec<T, T>;
export function defineVar<T>(kind: Kind<T>, options: CommonOptions & { readonly required: true }): VarSpec<T, T>;
export function defineVar<T>(kind: Kind<T>, options: CommonOptions): VarSpec<T, T | undefined>;
export function defineVar<T>(kind: Kind<T>, options: KindOptions<T>): AnyVarSpec {
  return Object.freeze({
    kind: kind.kind,
    parse: kind.parse,
    show: kind.show ?? ((value: T) => String(value)),
    mask: kind.mask,
    doc: options.doc,
    group: options.group,
    roles: options.roles === undefined ? undefined : Object.freeze([...options.roles]),
    default: options.default,
    required: options.required === true,
    secret: options.secret === true,
  });
}

/** `dataDir` -> `GETH_AGENT_DATA_DIR`, `p2pPort` -> `GETH_AGENT_P2P_PORT`. */
export function envName(key: string): string {
  return `GETH_AGENT_${key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`;
}

/** Whether a variable is read in `role` (an undeclared one counts for every role). */
export const appliesTo = (spec: Pick<AnyVarSpec, 'roles'>, role: Role): boolean => spec.roles === undefined || spec.roles.includes(role);
