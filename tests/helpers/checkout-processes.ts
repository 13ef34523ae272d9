import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** A process whose working directory or command line lies in the checkout. */
export interface CheckoutProcess {
  pid: number;
  cwd: string;
  command: string;
}

function parentOf(pid: number): number {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses, so split after the last ")".
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return 0;
  }
}

/**
 * Every live process (Linux /proc) that works in `root` or names a file of it on its command line, except this
 * process and its ancestors (the shell that runs the check lives in the checkout too); with `ignoreDescendants`, its
 * own children as well (tsx's esbuild service when run as a script).
 */
export function processesOfCheckout(root: string, options: { ignoreDescendants?: boolean } = {}): CheckoutProcess[] {
  const exclude = new Set<number>();
  for (let pid = process.pid; pid > 1; pid = parentOf(pid)) exclude.add(pid);
  const inside = (p: string) => p === root || p.startsWith(root + path.sep);
  const found: CheckoutProcess[] = [];
  for (const name of fs.readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || exclude.has(pid)) continue;
    let cwd: string;
    let command: string;
    try {
      cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
      command = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    } catch {
      continue; // gone meanwhile, or not ours to read
    }
    if (!command) continue; // a zombie waiting for its parent
    if (!inside(cwd) && !command.includes(root + path.sep)) continue;
    if (options.ignoreDescendants) {
      let ancestor = parentOf(pid);
      while (ancestor > 1 && ancestor !== process.pid) ancestor = parentOf(ancestor);
      if (ancestor === process.pid) continue;
    }
    found.push({ pid, cwd, command });
  }
  return found;
}

// `node --import tsx tests/helpers/checkout-processes.ts [root]`: .ci/run's check after `npm test`.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '..', '..'));
  const left = processesOfCheckout(root, { ignoreDescendants: true });
  if (left.length > 0) {
    console.error(`${left.length} process(es) of ${path.basename(root)} are still running after the tests:`);
    for (const p of left) console.error(`  pid ${p.pid} (in ${p.cwd}): ${p.command.slice(0, 300)}`);
    process.exit(1);
  }
  console.log('no process of the checkout is left running');
}
