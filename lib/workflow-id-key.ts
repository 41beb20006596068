// The key of the keyed workflow ids (registration:<hmac(email)>, password-reset:<hmac(email)>): without it, nobody who
// reads Temporal (UI, CLI, its database) can confirm a guessed e-mail address by hashing it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** WORKFLOW_ID_KEY: at least 32 random bytes in base64 (`openssl rand -base64 32`); throws without showing the key. */
export function parseWorkflowIdKey(text: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length < 32) throw new Error('must be at least 32 random bytes in base64 (openssl rand -base64 32)');
  return key;
}

/**
 * Local use without WORKFLOW_ID_KEY: a key made on first start and kept in `<dataDir>/workflow-id-key` (owner-only),
 * like the payload key, so that ids of running registrations stay the same across restarts.
 */
export function readOrCreateLocalWorkflowIdKey(dataDir: string): Buffer {
  const file = path.join(dataDir, 'workflow-id-key');
  if (fs.existsSync(file)) return parseWorkflowIdKey(fs.readFileSync(file, 'utf8'));
  fs.mkdirSync(dataDir, { recursive: true });
  const text = crypto.randomBytes(32).toString('base64');
  try {
    fs.writeFileSync(file, `${text}\n`, { mode: 0o600, flag: 'wx' });
    return parseWorkflowIdKey(text);
  } catch (error) {
    // Another process of the same stack created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return parseWorkflowIdKey(fs.readFileSync(file, 'utf8'));
    throw error;
  }
}
