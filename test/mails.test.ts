// The mails of a role's life sent through the real flow (HTTP → workflow → activity → outbox → .eml): each in the
// recipient's e-mail language, dated in their time zone, governed by their notifications preference where it is a
// notice; reasons read from PostgreSQL by the activity, never in clear in the workflow's history.
import { type temporal } from '@temporalio/proto';
import { formatMailDate } from '../lib/mail-texts';
import { call } from './support/http';
import { eventually, readMails, type ReadMail } from './support/mail';
import { newOperator } from './support/organisations';
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

async function requestPost(person: Person, organisationId: string) {
  const response = await call(
    stack.baseUrl,
    'POST',
    '/api/environments/production/authorisation-requests',
    { kind: 'OPERATOR', organisationIds: [organisationId] },
    person.auth,
  );
  expect(response.status).toBe(202);
  return response.body.requests[0] as { id: string; workflowId: string };
}
const decide = (approver: Person, requestId: string, body: unknown) =>
  call(stack.baseUrl, 'POST', `/api/approvals/${requestId}/decision`, body, approver.auth);
const roleAction = (actor: Person, requestId: string, body: unknown) =>
  call(stack.baseUrl, 'POST', `/api/approvals/${requestId}/role-action`, body, actor.auth);
const preferences = (person: Person, body: unknown) =>
  call(stack.baseUrl, 'PATCH', '/api/me/preferences', body, person.auth);
const rights = (actor: Person, method: 'PUT' | 'DELETE', organisationId: string, accountId: string) =>
  call(
    stack.baseUrl,
    method,
    `/api/environments/production/organisations/${organisationId}/administrators/${accountId}`,
    undefined,
    actor.auth,
  );
const ask = (approver: Person, requestId: string, text: string) =>
  call(stack.baseUrl, 'POST', `/api/approvals/${requestId}/questions`, { text }, approver.auth);
const answer = (person: Person, requestId: string, text: string) =>
  call(
    stack.baseUrl,
    'POST',
    `/api/environments/production/authorisation-requests/${requestId}/answers`,
    { text },
    person.auth,
  );

/** The person's mails whose subject contains `words`, once there are `count` of them. */
const mailsAbout = (person: Person, words: string, count = 1): Promise<ReadMail[]> =>
  eventually(
    () => readMails(stack.mailDir, person.email).filter((m) => m.subject.includes(words)),
    (m) => m.length >= count,
  );

/** When the audit trail recorded `action` on the request, as the person reads it in their mail. */
async function auditDate(requestId: string, action: string, language: string, timeZone: string) {
  const event = await stack.db.auditEvent.findFirstOrThrow({ where: { requestId, action }, orderBy: { id: 'desc' } });
  return formatMailDate(event.at.toISOString(), language, timeZone);
}

/** The history as text, every byte field read as UTF-8: what a person browsing the server's data would see. */
function historyText(history: temporal.api.history.v1.IHistory): string {
  const plain = (value: unknown): unknown => {
    if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
    if (Array.isArray(value)) return value.map(plain);
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
    return value;
  };
  return JSON.stringify(plain(history));
}

test('suspension, reactivation and deletion by an approver are mailed in French with the reason, dated in the person’s zone; the person’s own deletion is not', async () => {
  const camille = await newPerson(stack, 'camille', 'fr');
  expect((await preferences(camille, { timeZone: 'America/Cayenne' })).status).toBe(200);
  const request = await requestPost(camille, (await newOperator(stack)).id);
  expect((await decide(approvers.ccaBe, request.id, { decision: 'APPROVE' })).body.status).toBe('VALID');
  const reasons = {
    SUSPEND: 'Contrôle sanitaire en cours',
    REACTIVATE: 'Contrôle terminé',
    DELETE: 'Départ de la société',
  };
  for (const action of ['SUSPEND', 'REACTIVATE', 'DELETE'] as const)
    expect((await roleAction(approvers.ccaBe, request.id, { action, reason: reasons[action] })).status).toBe(200);

  const [suspended] = await mailsAbout(camille, 'a été suspendu');
  const [reactivated] = await mailsAbout(camille, 'a été réactivé');
  const [deleted] = await mailsAbout(camille, 'a été supprimé');
  expect(suspended!.text).toContain(`Motif : ${reasons.SUSPEND}`);
  expect(reactivated!.text).toContain(`Motif : ${reasons.REACTIVATE}`);
  expect(reactivated!.text).toContain('vous pouvez à nouveau agir');
  expect(deleted!.text).toContain(`Motif : ${reasons.DELETE}`);
  // Cayenne is UTC−3 all year: the date is the audit event's, as Cayenne's clock showed it, in French.
  expect(suspended!.text).toContain(`Date : ${await auditDate(request.id, 'ROLE_SUSPENDED', 'fr', 'America/Cayenne')}`);
  expect(deleted!.text).toMatch(/Date : \d{1,2} \p{L}+ \d{4} à \d\d:\d\d UTC−3/u);
  const [approved] = await mailsAbout(camille, 'approuvée');
  expect(approved!.text).toContain('Date : ');

  // The reasons reached the activity through PostgreSQL: the history holds them only encrypted.
  const history = await stack.temporal.workflow.getHandle(request.workflowId).fetchHistory();
  const text = historyText(history);
  for (const reason of Object.values(reasons)) expect(text).not.toContain(reason);

  // Deleting one's own role is no news to oneself.
  const own = await requestPost(camille, (await newOperator(stack)).id);
  expect((await decide(approvers.ccaBe, own.id, { decision: 'APPROVE' })).body.status).toBe('VALID');
  const gone = await call(
    stack.baseUrl,
    'DELETE',
    `/api/environments/production/roles/${own.id}`,
    undefined,
    camille.auth,
  );
  expect(gone.body).toEqual({ status: 'DELETED' });
  await stack.temporal.workflow.getHandle(own.workflowId).result();
  expect(readMails(stack.mailDir, camille.email).filter((m) => m.subject.includes('supprimé'))).toHaveLength(1);
});

test('administrators are told: the approval that made one (German), rights granted and removed (Polish), with the back-office', async () => {
  const operator = await newOperator(stack);
  const jonas = await newPerson(stack, 'jonas', 'de');
  const first = await requestPost(jonas, operator.id);
  expect((await decide(approvers.ccaBe, first.id, { decision: 'APPROVE' })).body.status).toBe('VALID');
  const [approval] = await mailsAbout(jonas, 'genehmigt');
  expect(approval!.text).toContain(`Als Administrator von ${operator.name} entscheiden Sie`);
  expect(approval!.text).toContain('http://traces.test/admin');

  const zofia = await newPerson(stack, 'zofia', 'pl');
  await preferences(zofia, { timeZone: 'Europe/Warsaw', emailNotifications: false });
  const second = await requestPost(zofia, operator.id);
  expect((await decide(jonas, second.id, { decision: 'APPROVE' })).body.status).toBe('VALID');
  const [plain] = await mailsAbout(zofia, 'zatwierdzony');
  expect(plain!.text).not.toContain('/admin');

  // Granted twice: one change, one mail. Essential, so it goes though Zofia turned notifications off.
  expect((await rights(jonas, 'PUT', operator.id, zofia.accountId)).status).toBe(200);
  expect((await rights(jonas, 'PUT', operator.id, zofia.accountId)).status).toBe(200);
  const [granted] = await mailsAbout(zofia, 'masz teraz uprawnienia administratora');
  expect(granted!.subject).toBe(`TRACES NT: masz teraz uprawnienia administratora ${operator.name}`);
  expect(granted!.text).toContain('Przyznano Ci uprawnienia administratora');
  expect(granted!.text).toContain('decydujesz o wnioskach osób');
  expect(granted!.text).toContain('http://traces.test/admin');
  const event = await stack.db.auditEvent.findFirstOrThrow({
    where: { requestId: second.id, action: 'ADMINISTRATOR_GRANTED' },
  });
  expect(granted!.text).toContain(`Data: ${formatMailDate(event.at.toISOString(), 'pl', 'Europe/Warsaw')}`);

  expect((await rights(jonas, 'DELETE', operator.id, zofia.accountId)).status).toBe(200);
  const [removed] = await mailsAbout(zofia, 'odebrano Ci uprawnienia administratora');
  expect(removed!.text).toContain('nie decydujesz już o jej wnioskach');
  expect(removed!.text).not.toContain('/admin');
  expect(readMails(stack.mailDir, zofia.email).filter((m) => m.subject.includes('masz teraz'))).toHaveLength(1);
});

test('the approver who asked and the assignee hear of the answer in their language unless they turned notices off; the applicant gets questions and decisions either way', async () => {
  const { ccaBe } = approvers;
  await stack.db.account.update({ where: { id: ccaBe.accountId }, data: { emailLanguage: 'de' } });
  const lea = await newPerson(stack, 'lea', 'fr');
  await preferences(lea, { emailNotifications: false });
  // The first request's organisation has an administrator, who takes it into their queue.
  const operator = await newOperator(stack);
  const ines = await newPerson(stack, 'ines', 'pl');
  const own = await requestPost(ines, operator.id);
  expect((await decide(ccaBe, own.id, { decision: 'APPROVE' })).body.status).toBe('VALID');
  const [first, second] = [await requestPost(lea, operator.id), await requestPost(lea, (await newOperator(stack)).id)];
  const assigned = await call(
    stack.baseUrl,
    'POST',
    `/api/approvals/${first.id}/assignee`,
    { accountId: ines.accountId },
    ccaBe.auth,
  );
  expect(assigned.status).toBe(200);

  expect((await ask(ccaBe, first.id, 'Quels bois importez-vous ?')).status).toBe(201);
  const [question] = await mailsAbout(lea, 'une question');
  expect(question!.text).toContain('Quels bois importez-vous ?');
  expect((await answer(lea, first.id, 'Du chêne de Croatie.')).status).toBe(201);
  const [answered] = await mailsAbout(ccaBe, 'wurde beantwortet');
  expect(answered!.text).toContain('lea Tester hat die Frage zum Berechtigungsantrag');
  expect(answered!.text).toContain('Frage: Quels bois importez-vous ?');
  expect(answered!.text).toContain('Antwort: Du chêne de Croatie.');
  expect(answered!.text).toContain(`/admin/resources/AuthorisationRequest/records/${first.id}/show`);
  // The assignee hears of it too, in Polish.
  const [toAssignee] = await mailsAbout(ines, 'odpowiedział na pytanie');
  expect(toAssignee!.text).toContain('Du chêne de Croatie.');
  // The deadline moved by the time the question waited; the mail gives the new one, in Brussels time.
  const { expiresAt } = await stack.db.authorisationRequest.findUniqueOrThrow({ where: { id: first.id } });
  expect(answered!.text).toContain(
    `läuft der Antrag am ${formatMailDate(expiresAt!.toISOString(), 'de', 'Europe/Brussels')} ab`,
  );

  // Notices off: the answer Update returns once its activity mailed (or skipped) the approver.
  expect((await preferences(ccaBe, { emailNotifications: false })).status).toBe(200);
  try {
    expect((await ask(ccaBe, second.id, 'Et vos scieries ?')).status).toBe(201);
    await mailsAbout(lea, 'une question', 2);
    expect((await answer(lea, second.id, 'À Zagreb.')).status).toBe(201);
    const notices = readMails(stack.mailDir, ccaBe.email).filter((m) => m.subject.includes('wurde beantwortet'));
    expect(notices).toHaveLength(1);
    expect(
      await stack.db.mailOutbox.count({ where: { idempotencyKey: { startsWith: `request:${second.id}:answer:` } } }),
    ).toBe(0);
  } finally {
    await preferences(ccaBe, { emailNotifications: true });
  }

  // The applicant turned notices off too, and still hears of the decision.
  expect((await decide(ccaBe, second.id, { decision: 'REJECT', reason: 'Scierie inconnue' })).status).toBe(200);
  const [rejected] = await mailsAbout(lea, 'rejetée');
  expect(rejected!.text).toContain('Motif : Scierie inconnue');
});

/** Resolves once the request's workflow has completed its announceRequest activity (the approvers' notices). */
async function announced(workflowId: string) {
  await eventually(
    async () => (await stack.temporal.workflow.getHandle(workflowId).fetchHistory()).events ?? [],
    (events) => {
      const scheduled = events.find(
        (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'announceRequest',
      );
      return events.some(
        (e) =>
          scheduled !== undefined &&
          String(e.activityTaskCompletedEventAttributes?.scheduledEventId) === String(scheduled.eventId),
      );
    },
  );
}

test('a new request is announced to the approver in their language with its deadline in their zone, unless they turned notices off', async () => {
  const { ccaBe } = approvers;
  await stack.db.account.update({ where: { id: ccaBe.accountId }, data: { emailLanguage: 'de' } });
  expect((await preferences(ccaBe, { timeZone: 'Europe/Helsinki' })).status).toBe(200);
  const noah = await newPerson(stack, 'noah');
  const operator = await newOperator(stack);
  const announcedRequest = await requestPost(noah, operator.id);
  const [notice] = await eventually(
    () => readMails(stack.mailDir, ccaBe.email).filter((m) => m.text.includes(announcedRequest.id)),
    (m) => m.length > 0,
  );
  expect(notice!.subject).toBe('TRACES NT: Ein Berechtigungsantrag wartet auf Ihre Entscheidung');
  const { expiresAt } = await stack.db.authorisationRequest.findUniqueOrThrow({ where: { id: announcedRequest.id } });
  expect(notice!.text).toContain(
    `läuft der Antrag am ${formatMailDate(expiresAt!.toISOString(), 'de', 'Europe/Helsinki')} ab`,
  );

  expect((await preferences(ccaBe, { emailNotifications: false })).status).toBe(200);
  try {
    const quiet = await requestPost(noah, (await newOperator(stack)).id);
    await announced(quiet.workflowId);
    expect(readMails(stack.mailDir, ccaBe.email).filter((m) => m.text.includes(quiet.id))).toHaveLength(0);
  } finally {
    await preferences(ccaBe, { emailNotifications: true, timeZone: 'Europe/Brussels' });
  }
});
