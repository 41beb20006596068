// Random tokens, their stored hashes, keyed digests of e-mails, and password hashing: argon2id at OWASP's parameters
// (m = 19 MiB, t = 2, p = 1), never truncated. Older scrypt hashes still verify and are replaced at the next login.
// Every hash runs through one queue bounded to the cores, so a flood of logins waits its turn instead of starving the
// event loop's thread pool (and every other request with it).
import crypto from 'node:crypto';
import os from 'node:os';
import { promisify } from 'node:util';
import {
  hash as argon2Hash,
  verify as argon2Verify,
  type Algorithm,
  type Options as Argon2Options,
} from '@node-rs/argon2';

const scrypt = promisify(crypto.scrypt) as (
  password: crypto.BinaryLike,
  salt: crypto.BinaryLike,
  keylen: number,
  options: crypto.ScryptOptions,
) => Promise<Buffer>;

const SCRYPT_MAXMEM = 256 * 1024 * 1024;

/** OWASP password storage cheat sheet, argon2id: 19 MiB, 2 iterations, 1 lane. `Algorithm.Argon2id` is 2. */
export const ARGON2ID: Argon2Options = {
  algorithm: 2 as Algorithm,
  memoryCost: 19 * 1024,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
};

/**
 * Runs at most `limit` tasks at a time. Waiting tasks queue per lane (the client address) and lanes take turns, so a
 * flood from one address waits behind itself while a login from elsewhere gets the next free slot.
 */
export function createLimiter(limit: number) {
  let running = 0;
  let waitingCount = 0;
  const lanes = new Map<string, Array<() => void>>();
  const next = () => {
    const first = lanes.entries().next();
    if (first.done) return;
    const [lane, queue] = first.value;
    const start = queue.shift()!;
    lanes.delete(lane);
    if (queue.length > 0) lanes.set(lane, queue); // to the back: the other lanes go first
    waitingCount -= 1;
    start();
  };
  return {
    async run<T>(task: () => Promise<T>, lane = ''): Promise<T> {
      if (running >= limit) {
        await new Promise<void>((resolve) => {
          const queue = lanes.get(lane) ?? [];
          queue.push(resolve);
          lanes.set(lane, queue);
          waitingCount += 1;
        });
      }
      running += 1;
      try {
        return await task();
      } finally {
        running -= 1;
        next();
      }
    },
    /** Tasks running and waiting (for tests and metrics). */
    get load() {
      return running + waitingCount;
    },
  };
}

/** Password hashing may use every core, never more: the rest of the server keeps its thread pool. */
export const passwordHashing = createLimiter(Math.max(1, os.availableParallelism?.() ?? os.cpus().length));

/** 256 random bits, URL-safe. */
/**
 * The token of one mailed link, derived from `secret` and the link's idempotency key: every retry of the activity
 * that mails it (a worker killed between sending the mail and recording it) computes the same token, so a mail that
 * went out stays valid; without `secret` it cannot be guessed.
 */
export function linkTokenFor(secret: Buffer, issueKey: string): string {
  return crypto.createHmac('sha256', secret).update(`link-token\0${issueKey}`).digest('base64url');
}

export function newToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

export function sha256Hex(text: string): string {
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

/** HMAC-SHA-256 of a text under a secret key, hex: a digest that nobody without the key can recompute from a guess. */
export function keyedDigest(key: Buffer, text: string): string {
  return crypto.createHmac('sha256', key).update(text, 'utf8').digest('hex');
}

/** A PHC string `$argon2id$v=19$m=19456,t=2,p=1$salt$hash`: the parameters travel with the hash. */
export function hashPassword(password: string): Promise<string> {
  return passwordHashing.run(() => argon2Hash(password.normalize('NFC'), ARGON2ID));
}

async function verifyScrypt(password: string, stored: string): Promise<boolean> {
  const [, n, r, p, salt, hash] = stored.split('$');
  if (!n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(password.normalize('NFC'), Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: SCRYPT_MAXMEM,
  });
  return crypto.timingSafeEqual(expected, actual);
}

/**
 * Checks a password against an argon2id hash or an older `scrypt$N$r$p$salt$hash` one; `lane` (the client address)
 * is where it queues when every core is hashing.
 */
export function verifyPassword(password: string, stored: string, lane?: string): Promise<boolean> {
  return passwordHashing.run(async () => {
    if (stored.startsWith('scrypt$')) return verifyScrypt(password, stored);
    if (!stored.startsWith('$argon2')) return false;
    return argon2Verify(stored, password.normalize('NFC')).catch(() => false);
  }, lane);
}

/** Whether a stored hash should be replaced by one at the current parameters (after a successful login). */
export function needsRehash(stored: string): boolean {
  const p = ARGON2ID;
  return !stored.startsWith(`$argon2id$v=19$m=${p.memoryCost},t=${p.timeCost},p=${p.parallelism}$`);
}

/** A stored hash for nobody, so that an unknown e-mail costs as much time as a wrong password. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(newToken());
  return dummyHash;
}
