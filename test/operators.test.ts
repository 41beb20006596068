// "Create a new operator" over real HTTP: the form's rules, duplicates, and the creation decided first (a child
// workflow of the attach request) on the real Temporal dev server and PostgreSQL.
import crypto from 'node:crypto';
import { operatorCreationWorkflowId } from '../domain/contracts';
import { likelyDuplicates, similarNames } from '../domain/operator-rules';
import { call } from './support/http';
import { eventually, readMails } from './support/mail';
import { demoApprovers, newPerson, type Person } from './support/people';
import { startTestStack, type TestStack } from './support/stack';

let stack: TestStack;
let approvers: Awaited<ReturnType<typeof demoApprovers>>;

beforeAll(async () => {
  stack = await startTestStack();
  approvers = await demoApprovers(stack);
});
afterAll(async () => {
  await stack?.stop();
});

const unique = () => crypto.randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase();
const form = (extra: Record<string, unknown> = {}) => ({
  name: `Bruges Timber Trading ${unique()}`,
  country: 'BE',
  // A street of its own: the same address is a likely duplicate.
  street: `Kaai ${crypto.randomInt(1, 1_000_000)}`,
  postcode: '8000',
  city: 'Brugge',
  activities: [{ section: 'FLEGT', activityType: 'FLEGT_TIMBER_IMPORT' }],
  phone: '+32 50 12 34 56',
  ...extra,
});
const createOperator = (person: Person, body: unknown, environment = 'production') =>
  call(stack.baseUrl, 'POST', `/api/environments/${environment}/operators`, body, person.auth);
const decide = (approver: Person, requestId: string, body: unknown) =>
  call(stack.baseUrl, 'POST', `/api/approvals/${requestId}/decision`, body, approver.auth);
const searchOperators = (person: Person, q: string) =>
  call(
    stack.baseUrl,
    'GET',
    `/api/environments/production/directory/operators?country=BE&q=${encodeURIComponent(q)}`,
    undefined,
    person.auth,
  );

describe('the form', () => {
  let person: Person;
  beforeAll(async () => {
    person = await newPerson(stack, 'form');
  });

  test.each(['name', 'country', 'street', 'postcode', 'city', 'activities'])(
    'without %s: refused and the field named',
    async (field) => {
      const body: Record<string, unknown> = form();
      delete body[field];
      const response = await createOperator(person, body);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(response.body.error.fields)).toEqual([field]);
    },
  );

  test('every missing field is named at once; blanks count as missing', async () => {
    const response = await createOperator(person, { name: '  ', activities: [] });
    expect(response.status).toBe(400);
    expect(Object.keys(response.body.error.fields).sort()).toEqual([
      'activities',
      'city',
      'contact',
      'country',
      'name',
      'postcode',
      'street',
    ]);
  });

  test('no phone, fax, e-mail or website: refused; any one of them is enough', async () => {
    const none = await createOperator(person, form({ phone: undefined }));
    expect(none.status).toBe(400);
    expect(none.body.error.fields).toEqual({ contact: expect.stringContaining('phone, fax, email or website') });
    for (const contact of [
      { fax: '+32 50 12 34 57' },
      { email: 'sales@timber.example.be' },
      { website: 'www.timber.example.be' },
    ]) {
      const response = await createOperator(person, form({ phone: undefined, ...contact, confirmNotDuplicate: true }));
      expect(response.status).toBe(202);
    }
  });

  test('an organic importer without EORI is refused; with one it is accepted', async () => {
    const organic = { activities: [{ section: 'ORGANIC', activityType: 'ORGANIC_IMPORTER' }] };
    const without = await createOperator(person, form(organic));
    expect(without.status).toBe(400);
    expect(without.body.error.fields).toEqual({ eori: 'Required for organic importers' });
    const withEori = await createOperator(person, form({ ...organic, eori: `BE07${Math.floor(Math.random() * 1e8)}` }));
    expect(withEori.status).toBe(202);
  });

  test('an activity type of another section, or an unknown one, is named', async () => {
    const response = await createOperator(
      person,
      form({
        activities: [
          { section: 'ORGANIC', activityType: 'FLEGT_TIMBER_IMPORT' },
          { section: 'FLEGT', activityType: 'NOPE' },
        ],
      }),
    );
    expect(response.status).toBe(400);
    expect(Object.keys(response.body.error.fields).sort()).toEqual([
      'activities.0.section',
      'activities.1.activityType',
    ]);
  });
});

test('approved by the national authority: ACTIVE and searchable, then the attach request can be approved', async () => {
  const { ccaBe, ccaFr } = approvers;
  const anna = await newPerson(stack, 'anna');
  const name = `Zeebrugse Hout Import ${unique()}`;
  const created = await createOperator(anna, form({ name, message: 'We import tropical timber' }));
  expect(created.status).toBe(202);
  const { operator, request } = created.body;
  expect(operator).toEqual({ id: expect.any(String), status: 'PENDING', creationRequestId: expect.any(String) });
  expect(request).toMatchObject({
    organisationId: operator.id,
    status: 'REQUESTED',
    creationRequestId: operator.creationRequestId,
  });
  expect((await searchOperators(anna, name)).body.items).toEqual([]);

  const early = await decide(ccaBe, request.id, { decision: 'APPROVE' });
  expect(early.status).toBe(409);
  expect(early.body.error.code).toBe('OPERATOR_NOT_ACTIVE');
  expect((await decide(ccaFr, operator.creationRequestId, { decision: 'APPROVE' })).status).toBe(403);
  expect((await decide(anna, operator.creationRequestId, { decision: 'APPROVE' })).status).toBe(403);
  // The national authority is told of the new operator.
  await eventually(
    () => readMails(stack.mailDir, ccaBe.email).filter((m) => m.text.includes(`${name} (new operator)`)),
    (m) => m.length > 0,
  );

  expect((await decide(ccaBe, operator.creationRequestId, { decision: 'APPROVE' })).body).toEqual({ status: 'VALID' });
  const creation = stack.temporal.workflow.getHandle(operatorCreationWorkflowId('production', operator.id));
  expect(await creation.result()).toEqual({ requestId: operator.creationRequestId, status: 'VALID' });
  const found = await searchOperators(anna, name.toLowerCase());
  expect(found.body.items).toEqual([expect.objectContaining({ id: operator.id, name, city: 'Brugge' })]);
  expect((await stack.db.organisation.findUniqueOrThrow({ where: { id: operator.id } })).status).toBe('ACTIVE');

  // Right away, as a bulk approval in the back-office would.
  const approved = await decide(ccaBe, request.id, { decision: 'APPROVE' });
  expect(approved.body).toEqual({ status: 'VALID' });
  const roles = await call(stack.baseUrl, 'GET', '/api/environments/production/roles', undefined, anna.auth);
  expect(roles.body.roles).toEqual([
    expect.objectContaining({ id: request.id, status: 'VALID', isAdministrator: true }),
  ]);
  const creationDetail = await call(
    stack.baseUrl,
    'GET',
    `/api/environments/production/authorisation-requests/${operator.creationRequestId}`,
    undefined,
    anna.auth,
  );
  expect(creationDetail.body).toMatchObject({
    type: 'OPERATOR_CREATION',
    status: 'VALID',
    organisation: { status: 'ACTIVE' },
  });
  expect(creationDetail.body.history.map((h: any) => h.action)).toEqual([
    'REQUEST_SUBMITTED',
    'OPERATOR_ACTIVATED',
    'REQUEST_APPROVED',
  ]);
});

test('a rejected operator rejects its attach request', async () => {
  const bram = await newPerson(stack, 'bram');
  const { operator, request } = (await createOperator(bram, form())).body;
  expect(
    (
      await decide(approvers.ccaBe, operator.creationRequestId, {
        decision: 'REJECT',
        reason: 'This company does not exist',
      })
    ).body,
  ).toEqual({ status: 'REJECTED' });
  const attach = stack.temporal.workflow.getHandle(request.workflowId);
  expect(await attach.result()).toEqual({ requestId: request.id, status: 'REJECTED' });
  const row = await stack.db.authorisationRequest.findUniqueOrThrow({ where: { id: request.id } });
  expect(row).toMatchObject({ status: 'REJECTED', reason: 'The new operator was rejected' });
  expect((await stack.db.organisation.findUniqueOrThrow({ where: { id: operator.id } })).status).toBe('REJECTED');
  const mails = await eventually(
    () => readMails(stack.mailDir, bram.email).filter((m) => m.subject.includes('rejected')),
    (m) => m.length === 2,
  );
  expect(mails.map((m) => m.text).join('\n')).toContain('This company does not exist');
});

test('withdrawing the attach request withdraws the pending operator too', async () => {
  const cato = await newPerson(stack, 'cato');
  const { operator, request } = (await createOperator(cato, form())).body;
  const withdrawn = await call(
    stack.baseUrl,
    'DELETE',
    `/api/environments/production/roles/${request.id}`,
    undefined,
    cato.auth,
  );
  expect(withdrawn.body).toEqual({ status: 'WITHDRAWN' });
  const creation = stack.temporal.workflow.getHandle(operatorCreationWorkflowId('production', operator.id));
  expect(await creation.result()).toEqual({ requestId: operator.creationRequestId, status: 'WITHDRAWN' });
  expect((await stack.db.organisation.findUniqueOrThrow({ where: { id: operator.id } })).status).toBe('REJECTED');
});

test('withdrawing the operator-creation request withdraws the attach request too', async () => {
  const dirk = await newPerson(stack, 'dirk');
  const { operator, request } = (await createOperator(dirk, form())).body;
  const withdrawn = await call(
    stack.baseUrl,
    'DELETE',
    `/api/environments/production/roles/${operator.creationRequestId}`,
    undefined,
    dirk.auth,
  );
  expect(withdrawn.body).toEqual({ status: 'WITHDRAWN' });
  expect(await stack.temporal.workflow.getHandle(request.workflowId).result()).toEqual({
    requestId: request.id,
    status: 'WITHDRAWN',
  });
  expect((await stack.db.organisation.findUniqueOrThrow({ where: { id: operator.id } })).status).toBe('REJECTED');
});

test('the same operator submitted again, or one with the EORI of a known operator: POSSIBLE_DUPLICATE unless confirmed', async () => {
  const dana = await newPerson(stack, 'dana');
  const body = form({ name: `Antwerp Cocoa Traders NV ${unique()}`, city: 'Antwerpen' });
  const first = await createOperator(dana, body);
  expect(first.status).toBe(202);
  const again = await createOperator(dana, {
    ...body,
    name: `${(body.name as string).toUpperCase().replace(' NV', '')}`,
  });
  expect(again.status).toBe(409);
  expect(again.body.error.code).toBe('POSSIBLE_DUPLICATE');
  expect(again.body.error.duplicates).toContainEqual(
    expect.objectContaining({ id: first.body.operator.id, city: 'Antwerpen', because: 'NAME' }),
  );

  const sameEori = await createOperator(
    dana,
    form({ eori: 'BE 0479.168.518', city: 'Liège', name: 'Abian Bali Europe' }),
  );
  expect(sameEori.status).toBe(409);
  expect(sameEori.body.error.duplicates).toContainEqual(
    expect.objectContaining({ name: 'ABIAN BALI EU SPRL', because: 'EORI' }),
  );

  const confirmed = await createOperator(dana, { ...body, confirmNotDuplicate: true });
  expect(confirmed.status).toBe(202);
  expect(confirmed.body.operator.id).not.toBe(first.body.operator.id);
});

test('likely duplicates across the country: another city, another legal form, accents, a typo, the same address', async () => {
  const erik = await newPerson(stack, 'erik');
  const u = unique();
  const first = await createOperator(erik, form({ name: `ACA Customs ${u} NV`, city: 'Zeebrugge', postcode: '8380' }));
  expect(first.status).toBe(202);
  const id = first.body.operator.id as string;
  const variants: Array<[string, Record<string, unknown>, string]> = [
    ['another city', { name: `ACA Customs ${u} NV`, city: 'Bruxelles', postcode: '1000' }, 'NAME'],
    ['another legal form', { name: `ACA Customs ${u} BVBA` }, 'NAME'],
    ['accents and punctuation', { name: `Àcá Cústoms-${u}, N.V.` }, 'NAME'],
    ['a typo', { name: `ACA Custms ${u} NV` }, 'NAME'],
    ['the same address', { name: `Noordzee Logistiek ${unique()}` }, 'ADDRESS'],
  ];
  const street = (await stack.db.organisation.findUniqueOrThrow({ where: { id } })).street;
  for (const [what, fields, because] of variants) {
    const body = form({ ...fields, ...(because === 'ADDRESS' ? { street, postcode: '8380' } : {}) });
    const answer = await createOperator(erik, body);
    expect({ what, status: answer.status, code: answer.body.error?.code }).toEqual({
      what,
      status: 409,
      code: 'POSSIBLE_DUPLICATE',
    });
    expect(answer.body.error.duplicates).toContainEqual({
      id,
      name: `ACA Customs ${u} NV`,
      city: 'Zeebrugge',
      because,
    });
  }
  // Told, the person may still create it.
  const anyway = await createOperator(erik, form({ name: `ACA Customs ${u} NV`, confirmNotDuplicate: true }));
  expect(anyway.status).toBe(202);
});

test('creating an operator counts as an OPERATOR post: refused for a person with AUTHORITY posts', async () => {
  const { ccaBe } = approvers;
  const refused = await createOperator(ccaBe, form());
  expect(refused.status).toBe(409);
  expect(refused.body.error.code).toBe('ROLE_KIND_CONFLICT');
});

describe('duplicate rules (domain/operator-rules.ts)', () => {
  test('similar names: case, accents, punctuation and legal forms do not matter; other companies differ', () => {
    expect(similarNames('ABIAN BALI EU SPRL', 'Abian-Bali EU')).toBe(true);
    expect(similarNames('Société Générale Import SA', 'societe generale import')).toBe(true);
    expect(similarNames('ACA Customs NV', 'ACA Custom NV')).toBe(true);
    expect(similarNames('ACA Customs NV', 'ABC Customs NV')).toBe(false);
    expect(similarNames('Bruges Timber Trading', 'Ghent Timber Trading')).toBe(false);
  });

  test('same EORI with or without country prefix and separators, a similar name anywhere, or the same address', () => {
    const existing = [
      { id: '1', name: 'ACA Customs NV', city: 'Zeebrugge', eori: '0448324397', street: 'Kaai 1', postcode: '8380' },
      { id: '2', name: 'Other Company', city: 'Diest', eori: null, street: 'Markt 3', postcode: '3290' },
    ];
    expect(likelyDuplicates({ name: 'Totally New', city: 'Gent', eori: 'BE 0448.324.397' }, existing)).toEqual([
      { id: '1', name: 'ACA Customs NV', city: 'Zeebrugge', because: 'EORI' },
    ]);
    expect(likelyDuplicates({ name: 'ACA Customs NV', city: 'Bruxelles' }, existing)).toEqual([
      { id: '1', name: 'ACA Customs NV', city: 'Zeebrugge', because: 'NAME' },
    ]);
    expect(likelyDuplicates({ name: 'Brand New BV', street: 'markt, 3', postcode: '3290' }, existing)).toEqual([
      { id: '2', name: 'Other Company', city: 'Diest', because: 'ADDRESS' },
    ]);
    expect(
      likelyDuplicates({ name: 'ACA Shipping', city: 'Zeebrugge', street: 'Kaai 2', postcode: '8380' }, existing),
    ).toEqual([]);
  });
});
