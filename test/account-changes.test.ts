// Changing one's password and e-mail address over the API: the current password is required; a password change ends
// the other sessions; a new address gets a link (the old one is told); an address in use is refused without the
// person asking learning so (its owner is told nothing changed).
import { bearer, call } from './support/http';
import { eventually, readMails } from './support/mail';
import { login, newPerson, PERSON_PASSWORD, uniqueEmail } from './support/people';
import { startTestStack, type TestStack } from './support/stack';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

const confirmToken = (text: string) => /\/confirm-email\?token=([A-Za-z0-9_-]+)/.exec(text)![1]!;

test('change password: the current one is required, this session stays, the others end', async () => {
  const person = await newPerson(stack, 'pwchange');
  const other = await login(stack, person.email);
  const body = {
    currentPassword: 'Wrong-Current-1!',
    password: 'Brand-New-Pass-9!',
    confirmPassword: 'Brand-New-Pass-9!',
  };
  const wrong = await call(stack.baseUrl, 'POST', '/api/me/password', body, person.auth);
  expect(wrong.status).toBe(401);
  expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
  const weak = await call(
    stack.baseUrl,
    'POST',
    '/api/me/password',
    { ...body, currentPassword: PERSON_PASSWORD, password: 'weak', confirmPassword: 'weak' },
    person.auth,
  );
  expect(weak.status).toBe(422);
  const ok = await call(
    stack.baseUrl,
    'POST',
    '/api/me/password',
    { ...body, currentPassword: PERSON_PASSWORD },
    person.auth,
  );
  expect(ok.status).toBe(200);
  expect((await call(stack.baseUrl, 'GET', '/api/me', undefined, person.auth)).status).toBe(200);
  expect((await call(stack.baseUrl, 'GET', '/api/me', undefined, other.auth)).status).toBe(401);
  expect(
    (await call(stack.baseUrl, 'POST', '/api/sessions', { email: person.email, password: PERSON_PASSWORD })).status,
  ).toBe(401);
  expect(
    (await call(stack.baseUrl, 'POST', '/api/sessions', { email: person.email, password: body.password })).status,
  ).toBe(200);
});

test('change e-mail: a link to the new address, the old one is told; the link moves the account', async () => {
  const person = await newPerson(stack, 'mover');
  const newEmail = uniqueEmail('moved');
  const asked = await call(
    stack.baseUrl,
    'POST',
    '/api/me/email',
    { newEmail, password: PERSON_PASSWORD },
    person.auth,
  );
  expect(asked.status).toBe(202);
  expect(asked.body.status).toBe('ACCEPTED');
  expect((Date.parse(asked.body.expiresAt) - Date.now()) / 3_600_000).toBeCloseTo(24, 1);
  const [link] = await eventually(
    () => readMails(stack.mailDir, newEmail),
    (m) => m.length === 1,
  );
  expect(link!.text).toContain('within 24 hours');
  const [told] = await eventually(
    () => readMails(stack.mailDir, person.email),
    (m) => m.length === 1,
  );
  expect(told!.text).toContain(newEmail);

  const done = await call(stack.baseUrl, 'POST', '/api/me/email/confirm', { token: confirmToken(link!.text) });
  expect(done.status).toBe(200);
  expect(done.body).toEqual({ email: newEmail });
  expect((await call(stack.baseUrl, 'POST', '/api/me/email/confirm', { token: confirmToken(link!.text) })).status).toBe(
    400,
  );
  expect(
    (await call(stack.baseUrl, 'POST', '/api/sessions', { email: newEmail, password: PERSON_PASSWORD })).status,
  ).toBe(200);
  expect(
    (await call(stack.baseUrl, 'POST', '/api/sessions', { email: person.email, password: PERSON_PASSWORD })).status,
  ).toBe(401);
});

test('an address in use: the same answer to the person asking, its owner is told nothing changed, no link exists', async () => {
  const [person, other, owner] = await Promise.all(['asker', 'other', 'owner'].map((label) => newPerson(stack, label)));
  const free = uniqueEmail('free');
  const [taken, available] = await Promise.all([
    call(stack.baseUrl, 'POST', '/api/me/email', { newEmail: owner.email, password: PERSON_PASSWORD }, person!.auth),
    call(stack.baseUrl, 'POST', '/api/me/email', { newEmail: free, password: PERSON_PASSWORD }, other!.auth),
  ]);
  expect([taken.status, Object.keys(taken.body).sort()]).toEqual([
    available.status,
    Object.keys(available.body).sort(),
  ]);
  const [notice] = await eventually(
    () => readMails(stack.mailDir, owner!.email),
    (m) => m.length === 1,
  );
  expect(notice!.subject).toBe('TRACES NT: your e-mail address was not changed');
  expect(notice!.text).not.toContain('confirm-email');
  expect(notice!.text).not.toContain(person!.email);
  await eventually(
    () => readMails(stack.mailDir, free),
    (m) => m.length === 1,
  );
  expect(await stack.db.emailChange.findFirst({ where: { accountId: person!.accountId } })).toMatchObject({
    tokenHash: null,
  });
  const me = await call(stack.baseUrl, 'GET', '/api/me', undefined, bearer(person!.token));
  expect(me.body.email).toBe(person!.email);
});
