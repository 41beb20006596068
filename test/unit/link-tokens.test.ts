// Mailed links keep their token when the activity that mails them is retried (lib/secrets.ts linkTokenFor), and
// nobody without the worker's key can compute one.
import crypto from 'node:crypto';
import { linkTokenFor } from '../../lib/secrets';
import { AesGcmPayloadCodec } from '../../lib/payload-codec';

const codec = (key: Buffer) => new AesGcmPayloadCodec([{ id: 'k1', key }]);

test('a retry of the same link computes the same token; another link or another key does not', () => {
  const secret = codec(crypto.randomBytes(32)).deriveSecret('link tokens');
  const first = linkTokenFor(secret, 'registration:3f1c:link:1');
  expect(linkTokenFor(secret, 'registration:3f1c:link:1')).toBe(first);
  expect(linkTokenFor(secret, 'registration:3f1c:link:2')).not.toBe(first);
  expect(linkTokenFor(codec(crypto.randomBytes(32)).deriveSecret('link tokens'), 'registration:3f1c:link:1')).not.toBe(
    first,
  );
  // As long as a random token of 32 bytes, in URL-safe characters.
  expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
});

test('the link secret is not the payload key itself, and each purpose gets its own', () => {
  const key = crypto.randomBytes(32);
  const secret = codec(key).deriveSecret('link tokens');
  expect(secret.equals(key)).toBe(false);
  expect(secret.equals(codec(key).deriveSecret('something else'))).toBe(false);
  expect(secret.equals(codec(key).deriveSecret('link tokens'))).toBe(true);
});
