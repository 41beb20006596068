// Sealing at rest (lib/secret-box.ts): a sealed value needs its key and its context, and keys rotate like the payload
// keys they are derived from (the first seals, every listed one opens).
import { parsePayloadKeys, newPayloadKey } from '../lib/payload-codec';
import { createSecretBox } from '../lib/secret-box';

const oldKeys = parsePayloadKeys(newPayloadKey('old'));
const rotated = parsePayloadKeys(`${newPayloadKey('new')},old:${oldKeys[0]!.key.toString('base64')}`);

test('a sealed secret opens with its context only, and never shows the plain text', () => {
  const box = createSecretBox(oldKeys, 'totp-secret');
  const sealed = box.seal('JBSWY3DPEHPK3PXP', 'totp:row-1');
  expect(sealed).toMatch(/^v1\.old\./);
  expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
  expect(box.open(sealed, 'totp:row-1')).toEqual({ plain: 'JBSWY3DPEHPK3PXP', current: true });
  expect(() => box.open(sealed, 'totp:row-2')).toThrow();
  // Another purpose derives another key from the same payload key.
  expect(() => createSecretBox(oldKeys, 'other').open(sealed, 'totp:row-1')).toThrow();
});

test('after a rotation the old value still opens (not current, to be sealed again) and new values use the new key', () => {
  const sealed = createSecretBox(oldKeys, 'totp-secret').seal('secret', 'c');
  const box = createSecretBox(rotated, 'totp-secret');
  expect(box.open(sealed, 'c')).toEqual({ plain: 'secret', current: false });
  expect(box.seal('secret', 'c')).toMatch(/^v1\.new\./);
  expect(() => createSecretBox(parsePayloadKeys(newPayloadKey('new')), 'totp-secret').open(sealed, 'c')).toThrow(
    /not in PAYLOAD_ENCRYPTION_KEYS/,
  );
});
