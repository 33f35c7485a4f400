/* Pages rendered by Debian's headless Chromium, as a browser shows them (the DOM after parsing). */
import { existsSync } from 'node:fs';
import type { TestContext } from 'node:test';
import { execa } from 'execa';
import { tempDir } from './tmp.js';

export const chromiumBin = '/usr/bin/chromium';
/** `skip` option of a test that needs Chromium. */
export const chromiumSkip: string | false = existsSync(chromiumBin) ? false : `${chromiumBin} not installed (Debian: apt-get install -y chromium)`;

/** The DOM Chromium builds for `url` (a browser's own Accept header, its own HTML parser). */
export async function renderDom(t: TestContext, url: string): Promise<string> {
  const profile = await tempDir(t);
  const { stdout } = await execa(chromiumBin, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', `--user-data-dir=${profile}`, '--dump-dom', url], { timeout: 45_000, env: { HOME: profile } });
  return stdout;
}

/** The text of the element with `id` in a dumped DOM (first text node). */
export const cellOf = (dom: string, id: string): string | undefined => new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(dom)?.[1];
