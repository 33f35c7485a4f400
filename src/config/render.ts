import { envName, type AnyVarSpec } from './spec.js';
import { tableEntries, type Config } from './table.js';
import type { Source } from './spec.js';
import { roles as allRoles } from './roles.js';

const SECRET_PLACEHOLDER = '********';

/** A value as `check` may print it: secrets masked, never their content. */
export function showValue(spec: AnyVarSpec, value: unknown): string {
  if (value === undefined) return '';
  if (spec.secret) return spec.mask ? spec.mask(value) : SECRET_PLACEHOLDER;
  return spec.show(value);
}

export interface ConfigLine {
  readonly name: string;
  readonly value: string;
  readonly source: Source;
  readonly secret: boolean;
  /** The roles that read the variable (undefined: every role). */
  readonly roles: AnyVarSpec['roles'];
}

/** The resolved configuration, one line a variable, secrets masked. */
export function describeConfig(config: Config, sources: Readonly<Record<string, Source>>): ConfigLine[] {
  return tableEntries().map(([key, spec]) => ({
    name: envName(key),
    value: showValue(spec, (config as Record<string, unknown>)[key]),
    source: sources[key] ?? 'unset',
    secret: spec.secret,
    roles: spec.roles,
  }));
}

/** The variables table of docs/configuration.md, generated from the config table. */
export function configMarkdown(): string {
  const byGroup = new Map<string, Array<[string, AnyVarSpec]>>();
  for (const entry of tableEntries()) {
    const list = byGroup.get(entry[1].group) ?? [];
    list.push(entry);
    byGroup.set(entry[1].group, list);
  }
  const out: string[] = [];
  for (const [group, entries] of byGroup) {
    out.push(`### ${group}`, '', '| Variable | Roles | Type | Default | Description |', '|---|---|---|---|---|');
    for (const [key, spec] of entries) {
      const name = spec.secret ? `\`${envName(key)}\` / \`${envName(key)}_FILE\`` : `\`${envName(key)}\``;
      const fallback = spec.required ? '*required*' : spec.default === undefined ? '' : `\`${spec.show(spec.default) || '""'}\``;
      const doc = spec.secret ? `${spec.doc} **Secret.**` : spec.doc;
      const roles = spec.roles === undefined || spec.roles.length === allRoles.length ? 'all' : spec.roles.join(', ');
      out.push(`| ${name} | ${roles} | ${spec.kind} | ${fallback} | ${doc.replaceAll('|', '\\|')} |`);
    }
    out.push('');
  }
  return out.join('\n').trimEnd();
}
