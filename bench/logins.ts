// Login capacity: password logins over HTTP (POST /api/sessions) at full load, beside a bare loop of the same password
// hash in the same run, so that the ratio tells what the login adds to the hash (HTTP, the abuse limits' round trips,
// the account read, the session row) whatever else the machine is doing.
import os from 'node:os';
import { call } from '../client/http';
import type { Db } from '../lib/db';
import { hashPassword, verifyPassword } from '../lib/secrets';
import { cpuDelta } from './cpu';
import { insertAccounts } from './fixtures';
import { closedLoop } from './loops';
import { round } from './stats';

export interface LoginBench {
  tag: string;
  db: Db;
  baseUrl: string;
  cpu(): Record<string, number>;
}

const PASSWORD = 'Bench-Login-Password-42!';

/** The load average over 1, 5 and 15 minutes, for the detail lines (the machine may be shared). */
export const loadAverage = () => os.loadavg().map((l) => round(l, 1));

/** `count` ACTIVE accounts that log in with PASSWORD (one argon2id hash at the app's parameters, shared). */
async function loginAccounts(db: Db, tag: string, count: number): Promise<string[]> {
  const ids = await insertAccounts(db, `${tag}-login`, count);
  const hash = await hashPassword(PASSWORD);
  await db.$executeRawUnsafe('UPDATE "Account" SET "passwordHash" = $1 WHERE id = ANY($2::uuid[])', hash, ids);
  const rows = await db.account.findMany({ where: { id: { in: ids } }, select: { email: true } });
  return rows.map((r) => r.email);
}

/**
 * Rounds of a bare hash loop and of HTTP logins, alternated, so that a change of the machine's load falls on both. The
 * bare loop verifies the same stored hash through the app's hashing queue (lib/secrets.ts, bounded to the cores) in
 * this process; the logins are the API's, with `concurrency` in flight, against accounts that take turns.
 */
export async function loginCapacity(b: LoginBench, sizes: { concurrency: number; seconds: number }) {
  const cores = os.cpus().length;
  const emails = await loginAccounts(b.db, b.tag, 200);
  const hash = (await b.db.account.findUniqueOrThrow({ where: { email: emails[0]! } })).passwordHash!;
  const bare = async () => {
    if (!(await verifyPassword(PASSWORD, hash))) throw new Error('the bare hash did not verify');
  };
  const login = async (n: number) => {
    const answer = await call(b.baseUrl, 'POST', '/api/sessions', {
      email: emails[n % emails.length],
      password: PASSWORD,
    });
    if (answer.status !== 200 || !answer.body?.token) throw new Error(`login answered ${answer.status}`);
  };
  const loadBefore = loadAverage();
  await closedLoop(2 * cores, 2, bare);
  await closedLoop(sizes.concurrency, 2, login);
  const rounds = 3;
  const seconds = sizes.seconds / rounds;
  const total = { bare: 0, logins: 0, bareCpu: {} as Record<string, number>, loginCpu: {} as Record<string, number> };
  const add = (into: Record<string, number>, used: Record<string, number>) => {
    for (const [name, value] of Object.entries(used)) into[name] = (into[name] ?? 0) + value;
  };
  for (let i = 0; i < rounds; i++) {
    let before = b.cpu();
    const hashes = await closedLoop(2 * cores, seconds, bare);
    add(total.bareCpu, cpuDelta(before, b.cpu()));
    total.bare += hashes.finished;
    before = b.cpu();
    const logins = await closedLoop(sizes.concurrency, seconds, login);
    add(total.loginCpu, cpuDelta(before, b.cpu()));
    total.logins += logins.completed;
  }
  const perOperation = (used: Record<string, number>, count: number) =>
    Object.fromEntries(Object.entries(used).map(([name, s]) => [name, round((s * 1000) / count, 1)]));
  const loginsPerSecond = total.logins / sizes.seconds;
  const bareHashesPerSecond = total.bare / sizes.seconds;
  const cpuMsPerLogin = perOperation(total.loginCpu, total.logins);
  const cpuMsPerBareHash = perOperation(total.bareCpu, total.bare);
  const loadAfter = loadAverage();
  return {
    fields: {
      loginsPerSecondPerCpu: round(loginsPerSecond / cores, 1),
      loginOverheadRatio: round(loginsPerSecond / bareHashesPerSecond, 2),
    },
    details: {
      logins: {
        concurrency: sizes.concurrency,
        seconds: sizes.seconds,
        cores,
        loginsPerSecond: round(loginsPerSecond, 1),
        bareHashesPerSecond: round(bareHashesPerSecond, 1),
        cpuMsPerLogin,
        cpuMsPerBareHash,
        loadAverage: { before: loadBefore, after: loadAfter },
      },
    },
    text:
      `Logins (${sizes.concurrency} in flight over HTTP, ${sizes.seconds} s in ${rounds} rounds beside a bare loop of the same ` +
      `argon2id hash): ${round(loginsPerSecond, 1)} logins/s, ${round(bareHashesPerSecond, 1)} bare hashes/s on ${cores} ` +
      `cores; CPU ms per login ${JSON.stringify(cpuMsPerLogin)}, per bare hash ${JSON.stringify(cpuMsPerBareHash)}; ` +
      `load average ${loadBefore.join(' ')} before, ${loadAfter.join(' ')} after.`,
  };
}
