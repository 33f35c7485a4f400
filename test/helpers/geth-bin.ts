import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { locateExecutable } from '../../src/geth/locate.js';
import { packageRoot } from '../../src/version.js';

/** geth and bootnode as scripts/install-geth.sh installed them (tests never use another geth). */
export function toolPath(name: 'geth' | 'bootnode'): string {
  const path = locateExecutable(name, { toolsDir: join(packageRoot(), '.tools', 'bin'), pathEnv: '' });
  if (path === undefined || !existsSync(path)) {
    throw new Error(`${name} 1.13.15 is not installed in .tools/bin: run "bash scripts/install-geth.sh" first`);
  }
  return path;
}

/** Prefix for spawning test processes: the child gets SIGKILL if the test runner dies first. */
export function deathSignalPrefix(): string[] {
  return existsSync('/usr/bin/setpriv') ? ['/usr/bin/setpriv', '--pdeathsig', 'SIGKILL', '--'] : [];
}
