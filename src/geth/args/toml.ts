/** One TOML section: key -> string or string list (all geth needs from the agent). */
export type TomlSection = Readonly<Record<string, string | readonly string[] | undefined>>;

/** A TOML basic string (JSON escapes are valid TOML basic-string escapes). */
const str = (value: string): string => JSON.stringify(value);

/** Renders sections in order, skipping empty ones; deterministic. */
export function renderToml(sections: ReadonlyArray<readonly [string, TomlSection]>): string {
  const out: string[] = [];
  for (const [name, section] of sections) {
    const entries = Object.entries(section).filter(([, value]) => value !== undefined);
    if (entries.length === 0) continue;
    out.push(`[${name}]`);
    for (const [key, value] of entries) {
      out.push(`${key} = ${typeof value === 'string' ? str(value) : `[${(value as readonly string[]).map(str).join(', ')}]`}`);
    }
    out.push('');
  }
  return out.join('\n');
}
