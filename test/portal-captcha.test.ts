// "Create an account" with the built-in captcha: the image from the captcha service, a new code on demand, a wrong
// answer shown next to the field (with a fresh code), the right one accepted. The real generator draws each code; the
// test then knows its answer as a reader would (test/support/captcha.ts).
import crypto from 'node:crypto';
import { eventually } from './support/mail';
import {
  decodeEntities,
  elementTag,
  fieldError,
  inputValue,
  labelOf,
  PortalClient,
  textOf,
} from './support/portal-client';
import { captchaReadsAs } from './support/captcha';
import { startTestStack, type TestStack } from './support/stack';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({
    captchaProvider: 'builtin',
  });
});
afterAll(async () => {
  await stack?.stop();
});

const imageOf = (html: string) => {
  const src = /<img id="captcha-image" src="data:image\/svg\+xml;base64,([^"]+)" alt="([^"]+)"/.exec(html);
  if (!src) throw new Error('no captcha image');
  return { svg: Buffer.from(src[1]!, 'base64').toString('utf8'), alt: decodeEntities(src[2]!) };
};

test('the form shows the captcha image, its field and a link for another code', async () => {
  const client = new PortalClient(stack.baseUrl);
  const form = await client.get('/register');
  const image = imageOf(form.html);
  expect(image.alt).toBe('Security code to type in the field "Enter the code"');
  expect(image.svg).toMatch(/^<svg [^>]*>.*<path /s);
  expect(labelOf(form, 'captchaAnswer')).toBe('Enter the code');
  expect(form.html).toContain('<a id="captcha-refresh" href="/register">Show another code</a>');
  const captchaId = inputValue(form, 'captchaId');
  expect(await stack.db.captcha.findUnique({ where: { id: captchaId! } })).not.toBeNull();
  // Without JavaScript the link loads a new code; with it, portal.js asks /api/captcha for one.
  const another = await client.get('/register');
  expect(inputValue(another, 'captchaId')).not.toBe(captchaId);
  expect(imageOf(another.html).svg).not.toBe(image.svg);
  expect(await (await fetch(`${stack.baseUrl}/assets/portal.js`)).text()).toContain("fetch('/api/captcha'");
});

test('a wrong code is an error next to the field with a new code and the values kept; the right code goes through', async () => {
  const client = new PortalClient(stack.baseUrl);
  const email = `captcha.${crypto.randomUUID().slice(0, 8)}@agri.example.be`;
  const values = {
    firstName: 'Lotte',
    lastName: 'Maes',
    email,
    confirmEmail: email,
    emailLanguage: 'de',
    privacyStatementAccepted: 'on',
  };
  const form = await client.get('/register');
  await captchaReadsAs(stack.db, inputValue(form, 'captchaId')!, 'K7WQP');
  const wrong = await client.post(
    '/register',
    { ...values, captchaId: inputValue(form, 'captchaId'), captchaAnswer: 'WRONG' },
    form,
  );
  expect(wrong.status).toBe(400);
  expect(fieldError(wrong, 'captchaAnswer')).toBe('The code does not match');
  expect(elementTag(wrong, 'captchaAnswer')).toContain('aria-invalid="true"');
  expect(textOf(wrong)).toContain('The code does not match: type the new code.');
  expect(inputValue(wrong, 'captchaId')).not.toBe(inputValue(form, 'captchaId'));
  expect(imageOf(wrong.html).svg).not.toBe(imageOf(form.html).svg);
  await captchaReadsAs(stack.db, inputValue(wrong, 'captchaId')!, 'M4NPR');
  expect(elementTag(wrong, 'email')).toContain(`value="${email}"`);
  expect(wrong.html).toContain('<option value="de" selected>');
  expect(await stack.db.registrationApplication.count({ where: { email } })).toBe(0);

  // Each code allows one guess: the first one's right answer is refused once it was used.
  const reused = await client.post(
    '/register',
    { ...values, captchaId: inputValue(form, 'captchaId'), captchaAnswer: 'K7WQP' },
    wrong,
  );
  expect(fieldError(reused, 'captchaAnswer')).toBe('The code does not match');

  const sent = await client.post(
    '/register',
    { ...values, captchaId: inputValue(wrong, 'captchaId'), captchaAnswer: 'm4npr' },
    wrong,
  );
  expect(sent.url).toBe('/register/sent');
  expect((await eventually(() => stack.db.account.findUnique({ where: { email } }), Boolean))!.emailLanguage).toBe(
    'de',
  );
});
