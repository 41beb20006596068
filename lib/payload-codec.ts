// AES-256-GCM payload codec: personal data (names, e-mails, messages, phones) reaches the Temporal server encrypted.
// The key id travels in the payload's metadata, so keys can rotate: the first key encrypts, every listed key decrypts.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const KEY_ID = /^[A-Za-z0-9_.-]{1,64}$/;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface PayloadKey {
  id: string;
  key: Buffer;
}

/** Parses `id:<base64 of 32 bytes>,id:<…>` (PAYLOAD_ENCRYPTION_KEYS); throws naming the bad entry, never the key. */
export function parsePayloadKeys(text: string): PayloadKey[] {
  const keys = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry, index) => {
      const separator = entry.indexOf(':');
      const id = separator > 0 ? entry.slice(0, separator) : '';
      if (!KEY_ID.test(id))
        throw new Error(`key ${index + 1}: expected <id>:<base64 key> with an id of letters, digits, _ . -`);
      const key = Buffer.from(entry.slice(separator + 1), 'base64');
      if (key.length !== 32)
        throw new Error(`key "${id}": must be 32 random bytes in base64 (openssl rand -base64 32)`);
      return { id, key };
    });
  if (keys.length === 0) throw new Error('no key given');
  const ids = new Set(keys.map((k) => k.id));
  if (ids.size !== keys.length) throw new Error('key ids must be unique');
  return keys;
}

/** A new key in the PAYLOAD_ENCRYPTION_KEYS format. */
export function newPayloadKey(id = `k${new Date().toISOString().slice(0, 10).replace(/-/g, '')}`): string {
  return `${id}:${crypto.randomBytes(32).toString('base64')}`;
}

/**
 * Local use without PAYLOAD_ENCRYPTION_KEYS: a key made on first start and kept in `<dataDir>/payload-encryption-keys`
 * (owner-only), like the embedded PostgreSQL's password, so histories stay readable across restarts.
 */
export function readOrCreateLocalKeys(dataDir: string): string {
  const file = path.join(dataDir, 'payload-encryption-keys');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(dataDir, { recursive: true });
  const keys = newPayloadKey(`local-${crypto.randomBytes(4).toString('hex')}`);
  try {
    fs.writeFileSync(file, `${keys}\n`, { mode: 0o600, flag: 'wx' });
    return keys;
  } catch (error) {
    // Another process of the same stack created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFileSync(file, 'utf8').trim();
    throw error;
  }
}

const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

/** What an unencrypted payload decodes to: nothing any converter reads (see AesGcmPayloadCodec.decode). */
export const REFUSED_ENCODING = 'binary/refused-unencrypted';

/** Whether a payload was written by this codec (its encoding says so; decryption then proves the key). */
export const isEncrypted = (payload: Payload): boolean => {
  const encoding = payload.metadata?.encoding;
  return encoding !== undefined && encoding !== null && Buffer.from(encoding).toString('utf8') === ENCRYPTED_ENCODING;
};

export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly byId: Map<string, Buffer>;
  private readonly current: PayloadKey;

  /**
   * `allowPlain` lets unencrypted payloads through decode (reading data written before encryption was on). Off by
   * default: with encryption configured, a payload in clear can only come from a client without the keys, and the
   * worker must not act on it (a forged Update sent straight to the Temporal frontend).
   */
  constructor(
    keys: PayloadKey[],
    private readonly options: { allowPlain?: boolean } = {},
  ) {
    if (keys.length === 0) throw new Error('AesGcmPayloadCodec needs at least one key');
    this.current = keys[0]!;
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  /** A secret for `purpose` derived from the current key (HMAC), for workers that need one beside the payloads. */
  deriveSecret(purpose: string): Buffer {
    return crypto.createHmac('sha256', this.current.key).update(`traces ${purpose}`).digest();
  }

  /** The whole payload (metadata included) is encrypted; the key id is also the additional authenticated data. */
  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const iv = crypto.randomBytes(IV_BYTES);
      const cipher = crypto.createCipheriv('aes-256-gcm', this.current.key, iv);
      cipher.setAAD(Buffer.from(this.current.id, 'utf8'));
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: { encoding: utf8(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: utf8(this.current.id) },
        data: new Uint8Array(data),
      };
    });
  }

  /**
   * Unencrypted payloads are refused, unless `allowPlain` was given: each becomes an empty payload of the encoding
   * REFUSED_ENCODING, which no payload converter reads. The workflow SDK rejects an Update or query whose arguments it
   * cannot convert before any validator or handler runs, so a forged Update fails and the workflow goes on (throwing
   * here instead would fail the whole workflow task, again on every retry, and so stop the workflow).
   */
  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (!isEncrypted(payload)) {
        if (this.options.allowPlain) return payload;
        return { metadata: { encoding: utf8(REFUSED_ENCODING) }, data: new Uint8Array() };
      }
      const rawId = payload.metadata?.[KEY_ID_METADATA];
      const id = rawId ? Buffer.from(rawId).toString('utf8') : '';
      const key = this.byId.get(id);
      if (!key) throw new Error(`payload encrypted with key "${id}", which is not in PAYLOAD_ENCRYPTION_KEYS`);
      const data = Buffer.from(payload.data ?? new Uint8Array());
      if (data.length < IV_BYTES + TAG_BYTES) throw new Error('encrypted payload is truncated');
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(id, 'utf8'));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return temporal.api.common.v1.Payload.decode(plain) as Payload;
    });
  }
}
