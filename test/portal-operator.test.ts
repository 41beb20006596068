// "Create a new operator" in the portal: reachable only from a search, mandatory fields marked, every refusal of the
// use-case shown next to its field, and the duplicate warning with its confirmation.
import crypto from 'node:crypto';
import { newPerson, PERSON_PASSWORD } from './support/people';
import { elementTag, fieldError, labelOf, PortalClient, textOf, type PortalPage } from './support/portal-client';
import { seededId } from './support/organisations';
import { startTestStack, type TestStack } from './support/stack';

let stack: TestStack;
let client: PortalClient;
let accountId: string;

beforeAll(async () => {
  stack = await startTestStack();
  const person = await newPerson(stack, 'creator');
  accountId = person.accountId;
  client = new PortalClient(stack.baseUrl);
  const form = await client.get('/login');
  expect((await client.post('/login', { email: person.email, password: PERSON_PASSWORD }, form)).url).toBe(
    '/environments',
  );
});
afterAll(async () => {
  await stack?.stop();
});

const NEW = '/environments/training/operators/new';

function expectNextToField(page: PortalPage, id: string, text: string) {
  expect(fieldError(page, id)).toBe(text);
  expect(elementTag(page, id)).toMatch(new RegExp(`aria-describedby="[^"]*${id}-error`));
  // The summary at the top links to the field and names it: "<label or legend>: <error>".
  const link = new RegExp(`<a href="#${id}">([^<]*)</a>`).exec(page.html)?.[1];
  const label = labelOf(page, id);
  if (label) expect(link).toBe(`${label}: ${text}`);
  else expect(link).toMatch(new RegExp(`^[^:]+: ${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
}

test('only after a search: the link under the results leads to the form, a direct visit goes to the search first', async () => {
  const direct = await client.get(NEW);
  expect(direct.url).toBe('/environments/training/operators?first=1');
  expect(textOf(direct)).toContain('Search for your operator first: create a new one only if you cannot find it.');
  const searched = await client.get(
    '/environments/training/operators?country=NL&section=&activityType=&q=nothing-like-this',
  );
  expect(textOf(searched)).toContain('No organisation matches the search.');
  expect(searched.html).toContain(`href="${NEW}?country=NL"`);

  const form = await client.get(`${NEW}?country=NL`);
  expect(form.status).toBe(200);
  expect(form.html).toContain('<option value="NL" selected>');
  for (const [id, label] of [
    ['name', 'Name'],
    ['country', 'Country'],
    ['street', 'Street'],
    ['postcode', 'Postcode'],
    ['city', 'City'],
    ['phone', 'Phone'],
    ['fax', 'Fax'],
    ['email', 'E-mail'],
    ['website', 'Website'],
    ['eori', 'EORI number'],
    ['message', 'Message'],
  ]) {
    expect(labelOf(form, id!)).toBe(label);
  }
  // Mandatory fields: a red star beside the label, and aria-required; optional ones have neither.
  const star = (id: string) =>
    new RegExp(`<label for="${id}">[^<]+</label><span class="required" aria-hidden="true"> \\*</span>`);
  for (const id of ['name', 'country', 'street', 'postcode', 'city']) {
    expect(form.html).toMatch(star(id));
    expect(elementTag(form, id)).toContain('aria-required="true"');
  }
  for (const id of ['phone', 'eori', 'message']) {
    expect(form.html).not.toMatch(star(id));
    expect(elementTag(form, id)).not.toContain('aria-required');
  }
  expect(form.html).toMatch(
    /<legend>Chapter or activity <span class="required" aria-hidden="true">\*<\/span><\/legend>/,
  );
  expect(form.html).toMatch(/<legend>Contact <span class="required" aria-hidden="true">\*<\/span><\/legend>/);
  expect(labelOf(form, 'activity-ORGANIC_IMPORTER')).toBe('Organic Importer (Organic products)');
  expect(form.html).toMatch(/<button type="submit" class="button">Create a new operator<\/button>/);
});

test('each validation message is shown next to its field', async () => {
  const form = await client.get(`${NEW}?country=BE`);
  const empty = await client.post(NEW, { country: 'BE' }, form);
  expect(empty.status).toBe(400);
  expectNextToField(empty, 'name', 'Required');
  expectNextToField(empty, 'street', 'Required');
  expectNextToField(empty, 'postcode', 'Required');
  expectNextToField(empty, 'city', 'Required');
  expectNextToField(empty, 'activities', 'At least one activity (section and activity type)');
  expectNextToField(empty, 'contact', 'Give at least one of phone, fax, email or website');
  expect(fieldError(empty, 'country')).toBeUndefined();

  const wrong = await client.post(
    NEW,
    {
      name: 'Brussels Organic Imports',
      country: 'BE',
      street: 'Rue Haute 1',
      postcode: '1000',
      city: 'Bruxelles',
      activityTypes: ['ORGANIC_IMPORTER', 'FLEGT_TIMBER_IMPORT'],
      phone: 'call me',
      fax: '12',
      email: 'nobody',
      website: 'not a site',
      contactEmail: 'also wrong',
    },
    empty,
  );
  expect(wrong.status).toBe(400);
  expectNextToField(wrong, 'phone', 'A phone number such as +32 2 123 45 67');
  expectNextToField(wrong, 'fax', 'A phone number such as +32 2 123 45 67');
  expectNextToField(wrong, 'email', 'Not a valid e-mail address');
  expectNextToField(wrong, 'website', 'A web address such as www.example.be');
  expectNextToField(wrong, 'contactEmail', 'Not a valid e-mail address');
  expect(fieldError(wrong, 'name')).toBeUndefined();
  // What was typed stays, ticks included.
  expect(elementTag(wrong, 'activity-ORGANIC_IMPORTER')).toContain(' checked');
  expect(elementTag(wrong, 'activity-FLEGT_TIMBER_IMPORT')).toContain(' checked');
  expect(elementTag(wrong, 'city')).toContain('value="Bruxelles"');

  const noEori = await client.post(
    NEW,
    {
      name: 'Brussels Organic Imports',
      country: 'BE',
      street: 'Rue Haute 1',
      postcode: '1000',
      city: 'Bruxelles',
      activityTypes: 'ORGANIC_IMPORTER',
      website: 'www.organic-imports.example.be',
    },
    wrong,
  );
  expectNextToField(noEori, 'eori', 'Required for organic importers');
  expect(await stack.db.authorisationRequest.count({ where: { accountId } })).toBe(0);

  // In French, the same messages in French.
  const french = await client.post(`${NEW}?lang=fr`, { country: 'BE' }, await client.get(`${NEW}?country=BE&lang=fr`));
  expect(fieldError(french, 'name')).toBe('Obligatoire');
  expect(fieldError(french, 'contact')).toBe('Donnez au moins un parmi téléphone, fax, courriel ou site web');
  await client.get('/?lang=en');
});

test('a likely duplicate is reported with a way to request the existing operator, and created once confirmed', async () => {
  const form = await client.get(`${NEW}?country=BE`);
  const abian = await client.post(
    NEW,
    {
      name: 'Abian Bali EU',
      country: 'BE',
      street: 'Route du Condroz 210',
      postcode: '4120',
      city: 'Neupré',
      activityTypes: 'FLEGT_TIMBER_IMPORT',
      phone: '+32 4 123 45 67',
    },
    form,
  );
  expect(abian.status).toBe(409);
  expect(textOf(abian)).toContain('This operator may already exist');
  expect(textOf(abian)).toContain('ABIAN BALI EU SPRL, Neupré – similar name in the same country');
  const existing = seededId('training', 'OPERATOR', 'ABIAN BALI EU SPRL', 'BE');
  expect(abian.html).toContain(
    `href="/environments/training/request/confirm?kind=OPERATOR&amp;organisationIds=${existing}"`,
  );
  expect(labelOf(abian, 'confirmNotDuplicate')).toBe(
    'I confirm that this operator is not a duplicate of the ones above',
  );

  // A new operator of our own, then the same one again: the warning, then the confirmation creates it.
  const name = `Portal Timber ${crypto.randomUUID().slice(0, 8)}`;
  const fields = {
    name,
    country: 'BE',
    street: 'Kaai 7',
    postcode: '9000',
    city: 'Gent',
    activityTypes: 'FLEGT_TIMBER_IMPORT',
    email: 'office@portal-timber.example.be',
    message: 'I run the warehouse',
  };
  const created = await client.post(NEW, fields, abian);
  expect(created.url).toBe('/environments/training/roles?created=1');
  expect(textOf(created)).toContain('The new operator and your request to be attached to it are registered.');
  expect(textOf(created)).toMatch(new RegExp(`Operator ${name} .*operator awaiting approval Requested`));

  const again = await client.post(NEW, fields, await client.get(`${NEW}?country=BE`));
  expect(again.status).toBe(409);
  expect(textOf(again)).toContain(`${name}, Gent – similar name in the same country`);
  const confirmed = await client.post(NEW, { ...fields, confirmNotDuplicate: 'on' }, again);
  expect(confirmed.url).toBe('/environments/training/roles?created=1');
  const operators = await stack.db.organisation.findMany({ where: { environment: 'training', name } });
  expect(operators).toHaveLength(2);
  expect(operators.every((o) => o.status === 'PENDING')).toBe(true);
  const requests = await stack.db.authorisationRequest.findMany({ where: { accountId, type: 'ATTACH' } });
  expect(requests.map((r) => r.message)).toEqual(['I run the warehouse', 'I run the warehouse']);
});

test('the form refuses a person who holds another kind of role, with the rule of the API', async () => {
  const authority = await newPerson(stack, 'authority-clerk');
  const other = new PortalClient(stack.baseUrl);
  await other.post('/login', { email: authority.email, password: PERSON_PASSWORD }, await other.get('/login'));
  const aalst = seededId('training', 'AUTHORITY', 'BE0001', 'BE');
  const confirm = await other.get(`/environments/training/request/confirm?kind=AUTHORITY&organisationIds=${aalst}`);
  expect(
    (await other.post('/environments/training/request', { kind: 'AUTHORITY', organisationIds: aalst }, confirm)).status,
  ).toBe(200);
  const refused = await other.post(
    NEW,
    {
      name: `Clerk Imports ${crypto.randomUUID().slice(0, 8)}`,
      country: 'BE',
      street: 'Kaai 8',
      postcode: '9000',
      city: 'Gent',
      activityTypes: 'FLEGT_TIMBER_IMPORT',
      phone: '+32 9 123 45 67',
    },
    await other.get(`${NEW}?country=BE`),
  );
  expect(refused.status).toBe(409);
  expect(textOf(refused)).toContain('You already hold or requested another kind of role in this environment');
});
