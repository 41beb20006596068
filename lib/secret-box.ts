// Secrets the app must read back later (authenticator-app secrets), sealed at rest with AES-256-GCM. The keys are
// derived (HKDF-SHA256, one per purpose) from PAYLOAD_ENCRYPTION_KEYS, so there is no second key to deploy and a
// rotation there rotates these too: the first key seals, every listed key opens, and each sealed value names its key.
import crypto from 'node:crypto';
import type { PayloadKey } from './payload-codec';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface SecretBox {
  /** `v1.<key id>.<base64url(iv | ciphertext | tag)>`; `context` (e.g. the row id) must be given again to open it. */
  seal(plain: string, context: string): string;
  /** The plain text, and whether it was sealed with the current key (false: seal it again). */
  open(sealed: string, context: string): { plain: string; current: boolean };
}

/** A box for one purpose (`totp-secret` …): keys of different purposes never coincide. */
export function createSecretBox(keys: PayloadKey[], purpose: string): SecretBox {
  if (keys.length === 0) throw new Error('createSecretBox needs at least one key');
  const derive = (key: Buffer) => Buffer.from(crypto.hkdfSync('sha256', key, 'traces-at-rest', purpose, 32));
  const byId = new Map(keys.map((k) => [k.id, derive(k.key)]));
  const currentId = keys[0]!.id;
  const aad = (id: string, context: string) => Buffer.from(`${VERSION}.${id}.${purpose}.${context}`, 'utf8');

  return {
    seal(plain, context) {
      const iv = crypto.randomBytes(IV_BYTES);
      const cipher = crypto.createCipheriv('aes-256-gcm', byId.get(currentId)!, iv);
      cipher.setAAD(aad(currentId, context));
      const data = Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${VERSION}.${currentId}.${data.toString('base64url')}`;
    },
    open(sealed, context) {
      const [version, id, body] = sealed.split('.');
      const key = id ? byId.get(id) : undefined;
      if (version !== VERSION || !key || !body)
        throw new Error(`sealed with key "${id ?? ''}", which is not in PAYLOAD_ENCRYPTION_KEYS`);
      const data = Buffer.from(body, 'base64url');
      if (data.length < IV_BYTES + TAG_BYTES) throw new Error('sealed value is truncated');
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAAD(aad(id!, context));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return { plain: plain.toString('utf8'), current: id === currentId };
    },
  };
}
