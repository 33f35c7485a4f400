/**
 * YAML for the deployment tests. Prefers the `yaml` package (the dev dependency these tests are
 * written for); until it is installed, falls back to `js-yaml`, which eslint brings in. Imported
 * by name at run time so type-checking does not depend on either being present.
 */
interface YamlDocument {
  readonly errors: readonly Error[];
  toJS(): unknown;
}
interface YamlPackage {
  parseAllDocuments(text: string, options: { merge: boolean }): YamlDocument[] | { errors: readonly Error[] };
}
interface JsYamlPackage {
  loadAll(text: string): unknown[];
}

async function importOptional<T>(name: string): Promise<T | undefined> {
  try {
    return (await import(name)) as T;
  } catch {
    return undefined;
  }
}

/** Every document of a YAML stream as plain JS (merge keys `<<` resolved); throws on syntax errors. */
export async function parseYamlAll(text: string): Promise<unknown[]> {
  const yaml = await importOptional<YamlPackage>('yaml');
  if (yaml !== undefined) {
    const docs = yaml.parseAllDocuments(text, { merge: true });
    if (!Array.isArray(docs)) throw new Error(`YAML: ${docs.errors.map((e) => e.message).join('; ')}`);
    for (const doc of docs) if (doc.errors.length > 0) throw new Error(`YAML: ${doc.errors.map((e) => e.message).join('; ')}`);
    return docs.map((doc) => doc.toJS());
  }
  const jsYaml = await importOptional<JsYamlPackage>('js-yaml');
  if (jsYaml !== undefined) return jsYaml.loadAll(text);
  throw new Error('no YAML parser installed: add the dev dependency "yaml" (npm install --save-dev yaml)');
}
