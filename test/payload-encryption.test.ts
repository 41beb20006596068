// Personal data never reaches the Temporal server in clear: histories read back from the server (by a client without
// the codec) hold only encrypted payloads; the codec, in process and behind the /codec endpoint, restores the values.
import crypto from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { connectTracesClient, type AuthorisationRequestInput } from '../client';
import { loadConfig } from '../lib/config';
import {
  AesGcmPayloadCodec,
  ENCRYPTED_ENCODING,
  KEY_ID_METADATA,
  newPayloadKey,
  parsePayloadKeys,
  readOrCreateLocalKeys,
  REFUSED_ENCODING,
} from '../lib/payload-codec';
import { seedDemoApprovers } from '../prisma/seed';
import { call } from './support/http';
import { eventually, linkToken, readMails } from './support/mail';
import { startTestStack, type TestStack } from './support/stack';

type History = temporal.api.history.v1.IHistory;

const CODEC_TOKEN = crypto.randomBytes(32).toString('base64url');
const UI_ORIGIN = 'http://localhost:8233';
let stack: TestStack;
let raw: Client;

beforeAll(async () => {
  stack = await startTestStack({ codecAuthToken: CODEC_TOKEN });
  // Reads what the server stores, as anyone with access to Temporal (but not to the keys) would.
  raw = new Client({
    connection: await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! }),
    namespace: 'default',
  });
});
afterAll(async () => {
  await raw?.connection.close();
  await stack?.stop();
});

/** Every payload of a history except search attributes (indexed in clear by design, and free of personal data). */
function payloadsOf(value: unknown, found: Payload[] = []): Payload[] {
  if (!value || typeof value !== 'object' || value instanceof Uint8Array) return found;
  const record = value as Record<string, unknown>;
  if (record.data instanceof Uint8Array && record.metadata && typeof record.metadata === 'object') {
    found.push(record as Payload);
    return found;
  }
  if (record.markerName === 'core_local_activity') {
    // Beside a local activity's result the SDK keeps its own bookkeeping (type, attempt, times), not our data.
    return payloadsOf((record.details as Record<string, unknown> | undefined)?.result, found);
  }
  for (const [key, child] of Object.entries(record)) {
    if (key !== 'searchAttributes') payloadsOf(child, found);
  }
  return found;
}

/** The history as text, every byte field read as UTF-8: what a person browsing the server's data would see. */
function asText(history: History): string {
  const plain = (value: unknown): unknown => {
    if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
    if (Array.isArray(value)) return value.map(plain);
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
    return value;
  };
  return JSON.stringify(plain(history));
}

const decodedText = async (payloads: Payload[]) =>
  (await stack.codec.decode(payloads)).map((p) => Buffer.from(p.data ?? new Uint8Array()).toString('utf8')).join('\n');

const metadata = (payload: Payload, key: string) =>
  Buffer.from(payload.metadata?.[key] ?? new Uint8Array()).toString('utf8');

const personalRequest = (): AuthorisationRequestInput => ({
  environment: 'training',
  kind: 'OPERATOR',
  type: 'ATTACH',
  accountId: crypto.randomUUID(),
  organisationId: crypto.randomUUID(),
  message: 'Bonjour, je suis Élodie Marchand, gérante de la ferme des Tilleuls',
  contactEmail: `elodie.marchand.${crypto.randomUUID().slice(0, 6)}@ferme-tilleuls.example.fr`,
  contactPhone: '+33 6 12 34 56 78',
  reminderAfterMs: 3_600_000,
  expiresAfterMs: 7_200_000,
});

test('an authorisation request started with the typed client is stored encrypted and decodes to the real values', async () => {
  const traces = await connectTracesClient({
    address: process.env.TEMPORAL_ADDRESS!,
    payloadEncryptionKeys: process.env.PAYLOAD_ENCRYPTION_KEYS!,
    // No worker polls this queue: the start alone puts the input into the history.
    taskQueue: `no-worker-${crypto.randomUUID()}`,
  });
  const input = personalRequest();
  try {
    const request = await traces.startAuthorisationRequest(input);
    expect(request.workflowId).toBe(`authorisation:training:${input.accountId}:${input.organisationId}`);
    const history = await raw.workflow.getHandle(request.workflowId).fetchHistory();

    const text = asText(history);
    for (const secret of ['Élodie', 'Marchand', input.contactEmail!, '12 34 56 78', 'ferme des Tilleuls']) {
      expect(text).not.toContain(secret);
    }
    const payloads = payloadsOf(history);
    expect(payloads.length).toBeGreaterThan(0);
    const currentKeyId = parsePayloadKeys(process.env.PAYLOAD_ENCRYPTION_KEYS!)[0]!.id;
    for (const payload of payloads) {
      expect(metadata(payload, 'encoding')).toBe(ENCRYPTED_ENCODING);
      expect(metadata(payload, KEY_ID_METADATA)).toBe(currentKeyId);
    }

    const decoded = await decodedText(payloads);
    expect(decoded).toContain(input.message);
    expect(decoded).toContain(input.contactEmail);
    expect(decoded).toContain(input.contactPhone);
    await raw.workflow.getHandle(request.workflowId).terminate('test done');
  } finally {
    await traces.close();
  }
});

test('a registration run by the worker leaves no name or e-mail in clear, and every payload is encrypted', async () => {
  const email = `wilhelmina.${crypto.randomUUID().slice(0, 8)}@agri.example.nl`;
  const registered = await call(stack.baseUrl, 'POST', '/api/registrations', {
    firstName: 'Wilhelmina',
    lastName: 'Vanderstraeten',
    email,
    confirmEmail: email,
    emailLanguage: 'nl',
    privacyStatementAccepted: true,
  });
  expect(registered.status).toBe(202);
  const [mail] = await eventually(
    () => readMails(stack.mailDir, email),
    (mails) => mails.length === 1,
  );
  const setup = await call(stack.baseUrl, 'POST', '/api/password-setup', {
    token: linkToken(mail!),
    password: 'Tulpen-Veld-2024',
  });
  expect(setup.status).toBe(200);

  const { id: registrationId, workflowId } = await stack.db.registration.findFirstOrThrow({
    where: { account: { email } },
  });
  await stack.temporal.workflow.getHandle(workflowId).result();
  const history = await raw.workflow.getHandle(workflowId).fetchHistory();
  const text = asText(history);
  for (const secret of ['Wilhelmina', 'Vanderstraeten', email, linkToken(mail!), 'Tulpen-Veld-2024']) {
    expect(text).not.toContain(secret);
  }
  // Workflow input, activity inputs and results (written by the worker), update arguments and results.
  const payloads = payloadsOf(history);
  expect(payloads.length).toBeGreaterThanOrEqual(6);
  expect(payloads.every((p) => metadata(p, 'encoding') === ENCRYPTED_ENCODING)).toBe(true);
  const decoded = await decodedText(payloads);
  expect(decoded).toContain(registrationId);
  expect(decoded).toContain(setup.body.accountId);
});

test('the same check finds personal data when a client without the codec writes it (the check can fail)', async () => {
  const input = personalRequest();
  const workflowId = `plain-check:${crypto.randomUUID()}`;
  await raw.workflow.start('authorisationRequestWorkflow', {
    workflowId,
    taskQueue: `no-worker-${crypto.randomUUID()}`,
    args: [input],
  });
  const history = await raw.workflow.getHandle(workflowId).fetchHistory();
  expect(asText(history)).toContain(input.contactEmail);
  expect(payloadsOf(history).some((p) => metadata(p, 'encoding') !== ENCRYPTED_ENCODING)).toBe(true);
  await raw.workflow.getHandle(workflowId).terminate('test done');
});

describe('the codec endpoint for Temporal UI', () => {
  let encrypted: Payload[];
  const body = () => ({
    payloads: encrypted.map((p) => ({
      metadata: Object.fromEntries(
        Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v!).toString('base64')]),
      ),
      data: Buffer.from(p.data!).toString('base64'),
    })),
  });
  const decodeWith = (headers: Record<string, string>) => call(stack.baseUrl, 'POST', '/codec/decode', body(), headers);

  beforeAll(async () => {
    encrypted = await stack.codec.encode([
      {
        metadata: { encoding: Buffer.from('json/plain') },
        data: Buffer.from(JSON.stringify({ contactPhone: '+32 470 11 22 33' })),
      },
    ]);
  });

  test('decodes for the operator token, and refuses without it or with a wrong one', async () => {
    const ok = await decodeWith({ authorization: `Bearer ${CODEC_TOKEN}`, 'x-namespace': 'default' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cache-control')).toBe('no-store');
    const [payload] = ok.body.payloads;
    expect(Buffer.from(payload.metadata.encoding, 'base64').toString()).toBe('json/plain');
    expect(JSON.parse(Buffer.from(payload.data, 'base64').toString())).toEqual({ contactPhone: '+32 470 11 22 33' });

    expect((await decodeWith({})).status).toBe(401);
    expect((await decodeWith({ authorization: `Bearer ${CODEC_TOKEN.slice(1)}x` })).status).toBe(401);
  });

  test('accepts a session of a Commission account and refuses other people', async () => {
    const password = `Demo-${crypto.randomBytes(6).toString('hex')}-1!`;
    await seedDemoApprovers(stack.db, password);
    const commission = await call(stack.baseUrl, 'POST', '/api/sessions', { email: 'commission@example.eu', password });
    expect(commission.status).toBe(200);
    expect((await decodeWith({ authorization: `Bearer ${commission.body.token}` })).status).toBe(200);

    const nationalAuthority = await call(stack.baseUrl, 'POST', '/api/sessions', {
      email: 'cca-be@example.eu',
      password,
    });
    expect(nationalAuthority.status).toBe(200);
    const refused = await decodeWith({ authorization: `Bearer ${nationalAuthority.body.token}` });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('NOT_ENTITLED');
  });

  test('encodes, answers CORS pre-flights for the UI origin only, and reports payloads it cannot decode', async () => {
    const encoded = await call(
      stack.baseUrl,
      'POST',
      '/codec/encode',
      {
        payloads: [
          {
            metadata: { encoding: Buffer.from('json/plain').toString('base64') },
            data: Buffer.from('"x"').toString('base64'),
          },
        ],
      },
      { authorization: `Bearer ${CODEC_TOKEN}` },
    );
    expect(encoded.status).toBe(200);
    expect(Buffer.from(encoded.body.payloads[0].metadata.encoding, 'base64').toString()).toBe(ENCRYPTED_ENCODING);

    const preflight = await fetch(`${stack.baseUrl}/codec/decode`, {
      method: 'OPTIONS',
      headers: {
        origin: UI_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,x-namespace',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    const foreign = await fetch(`${stack.baseUrl}/codec/decode`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example' },
    });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();

    const otherKey = new AesGcmPayloadCodec(parsePayloadKeys(newPayloadKey('elsewhere')));
    const [alien] = await otherKey.encode([
      { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('"y"') },
    ]);
    const undecodable = await call(
      stack.baseUrl,
      'POST',
      '/codec/decode',
      {
        payloads: [
          {
            metadata: {
              encoding: Buffer.from(alien!.metadata!.encoding!).toString('base64'),
              [KEY_ID_METADATA]: Buffer.from('elsewhere').toString('base64'),
            },
            data: Buffer.from(alien!.data!).toString('base64'),
          },
        ],
      },
      { authorization: `Bearer ${CODEC_TOKEN}` },
    );
    expect(undecodable.status).toBe(422);
    expect(undecodable.body.error.code).toBe('UNDECODABLE_PAYLOAD');
  });
});

describe('keys and rotation', () => {
  const plain: Payload = {
    metadata: { encoding: Buffer.from('json/plain') },
    data: Buffer.from('{"firstName":"Anna"}'),
  };

  test('the first key encrypts, every listed key decrypts; a removed key is named in the error', async () => {
    const k1 = newPayloadKey('k1');
    const k2 = newPayloadKey('k2');
    const [old] = await new AesGcmPayloadCodec(parsePayloadKeys(k1)).encode([plain]);
    const rotated = new AesGcmPayloadCodec(parsePayloadKeys(`${k2},${k1}`));
    const [fresh] = await rotated.encode([plain]);
    expect(metadata(fresh!, KEY_ID_METADATA)).toBe('k2');
    const decoded = await rotated.decode([old!, fresh!]);
    expect(decoded.map((p) => Buffer.from(p.data!).toString())).toEqual(Array(2).fill('{"firstName":"Anna"}'));
    // A payload in clear is refused, unless the codec is told to read data from before encryption was on.
    const [refused] = await rotated.decode([plain]);
    expect(metadata(refused!, 'encoding')).toBe(REFUSED_ENCODING);
    expect(refused!.data).toHaveLength(0);
    const lenient = new AesGcmPayloadCodec(parsePayloadKeys(k1), { allowPlain: true });
    expect(Buffer.from((await lenient.decode([plain]))[0]!.data!).toString()).toBe('{"firstName":"Anna"}');
    await expect(new AesGcmPayloadCodec(parsePayloadKeys(k2)).decode([old!])).rejects.toThrow('"k1"');
  });

  test('tampered ciphertext is refused', async () => {
    const codec = new AesGcmPayloadCodec(parsePayloadKeys(newPayloadKey('k1')));
    const [sealed] = await codec.encode([plain]);
    const data = Buffer.from(sealed!.data!);
    data[20] = data[20]! ^ 1;
    await expect(codec.decode([{ ...sealed!, data }])).rejects.toThrow();
  });

  test('bad key lists are configuration errors; production needs keys; local use keeps one key file', () => {
    expect(() => parsePayloadKeys(`k1:${crypto.randomBytes(16).toString('base64')}`)).toThrow('32 random bytes');
    expect(() => parsePayloadKeys(crypto.randomBytes(32).toString('base64'))).toThrow('<id>:<base64 key>');
    expect(() => parsePayloadKeys(`${newPayloadKey('a')},${newPayloadKey('a')}`)).toThrow('unique');
    expect(() => loadConfig({ PAYLOAD_ENCRYPTION_KEYS: 'k1:short' })).toThrow('PAYLOAD_ENCRYPTION_KEYS');
    expect(() => loadConfig({ NODE_ENV: 'production', ROLE: 'worker' })).toThrow('PAYLOAD_ENCRYPTION_KEYS: required');

    const dir = `${process.env.TEST_DATA_DIR}/keys-${crypto.randomUUID()}`;
    const first = readOrCreateLocalKeys(dir);
    expect(parsePayloadKeys(first)).toHaveLength(1);
    expect(readOrCreateLocalKeys(dir)).toBe(first);
  });
});
