// CPU seconds used by each process of the bench (from /proc), so that a ratio comes with what bounded it.
import fs from 'node:fs';

const TICKS_PER_SECOND = 100;

interface ProcessInfo {
  pid: number;
  ppid: number;
  ticks: number;
  cmdline: string;
}

function processes(): ProcessInfo[] {
  const list: ProcessInfo[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name (field 2) may hold spaces: the fields after it start at the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      // utime + stime, and cutime + cstime: what its ended children used (PostgreSQL's backends come and go).
      const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
      list.push({ pid: Number(entry), ppid: Number(fields[1]), ticks, cmdline });
    } catch {
      // the process ended meanwhile
    }
  }
  return list;
}

/** CPU seconds of each named process tree; a root is the first process whose command line matches. */
export function cpuSeconds(
  roots: Record<string, (p: { pid: number; cmdline: string }) => boolean>,
): Record<string, number> {
  const all = processes();
  const children = new Map<number, ProcessInfo[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const treeTicks = (p: ProcessInfo): number =>
    p.ticks + (children.get(p.pid) ?? []).reduce((sum, c) => sum + treeTicks(c), 0);
  const result: Record<string, number> = {};
  for (const [name, matches] of Object.entries(roots)) {
    const root = all.find(matches);
    result[name] = root ? treeTicks(root) / TICKS_PER_SECOND : 0;
  }
  return result;
}

/** CPU seconds used per process tree between two snapshots. */
export function cpuDelta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.keys(after).map((name) => [name, Math.round(((after[name] ?? 0) - (before[name] ?? 0)) * 100) / 100]),
  );
}
