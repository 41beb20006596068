// Fifty identical authorisation requests at the same moment (a double click, retries, several tabs): one request row
// and one workflow, and every caller is answered with that same request.
import { call } from '../support/http';
import { eventually, readMails } from '../support/mail';
import { newOperator } from '../support/organisations';
import { startTestStack, type TestStack } from '../support/stack';
import { belgianAuthority, people } from './support';

const CALLS = 50;

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

test(`${CALLS} concurrent identical requests make one request and one workflow`, async () => {
  const authority = await belgianAuthority(stack.db);
  const operator = await newOperator(stack);
  const [applicant] = await people(stack.db, 'identical', 1);
  const body = { kind: 'OPERATOR', organisationIds: [operator.id], message: 'Please add me' };

  const answers = await Promise.all(
    Array.from({ length: CALLS }, () =>
      call(stack.baseUrl, 'POST', '/api/environments/production/authorisation-requests', body, applicant!.auth),
    ),
  );

  expect(answers.map((a) => a.status)).toEqual(answers.map(() => 202));
  const views = answers.map((a) => a.body.requests as Array<{ id: string; workflowId: string; status: string }>);
  expect(new Set(views.map((v) => JSON.stringify(v))).size).toBe(1);
  const [request] = views[0]!;
  expect(request!.status).toBe('REQUESTED');

  const rows = await stack.db.authorisationRequest.findMany({ where: { accountId: applicant!.accountId } });
  expect(rows.map((r) => r.id)).toEqual([request!.id]);
  expect(await stack.db.auditEvent.count({ where: { requestId: request!.id, action: 'REQUEST_SUBMITTED' } })).toBe(1);
  // One run of one workflow, closed or open, under that id.
  const runs = await eventually(
    async () => {
      const found = [];
      for await (const execution of stack.temporal.workflow.list({ query: `WorkflowId = '${request!.workflowId}'` }))
        found.push(execution);
      return found;
    },
    (found) => found.length > 0,
  );
  expect(runs.map((r) => r.runId)).toEqual([rows[0]!.runId]);
  // The approvers are told once.
  await eventually(
    () => readMails(stack.mailDir, authority.email),
    (mails) => mails.length === 1,
  );
  expect(
    await stack.db.mailOutbox.count({ where: { idempotencyKey: { startsWith: `request:${request!.id}:` } } }),
  ).toBe(1);
});
