// The back-office's work queue: Assign to me, Assign to a colleague, Unassign, Ask the applicant, and the Members page
// of an organisation with its administrator rights. Each goes through api/use-cases/work-queue.ts (the same objects
// as the API), that is through a workflow Update whose validator and activity have the last word; nothing here writes
// the database or repeats a rule. A GET only shows the record (with what the form needs); state changes only on POST.
import type { ActionContext, ActionRequest, BaseRecord } from 'adminjs' with { 'resolution-mode': 'import' };
import { ApiError } from '../api/errors';
import { Refusal, type RefusalCode } from '../domain/contracts';
import {
  approverGroupFor,
  approverPostsWhere,
  checkMemberManager,
  type ApproverClaims,
  type DecisionOrganisation,
} from '../domain/entitlement';
import type { Environment } from '../domain/enums';
import type { Db } from '../lib/db';
import type { Logger } from '../lib/logger';
import type { ApproverScope } from './approver-scope';
import { applicantNames } from './request-reads';
import type { AdminUser } from './session-security';

/** What the back-office needs from api/use-cases/work-queue.ts. */
export interface WorkQueueActions {
  assign(params: { requestId: string; actorAccountId: string; body: unknown }): Promise<{
    assigneeAccountId: string | null;
  }>;
  askQuestion(params: { requestId: string; actorAccountId: string; body: unknown }): Promise<{ id: string }>;
  members(
    environment: Environment,
    actorAccountId: string,
    organisationId: string,
  ): Promise<{ members: Array<{ accountId: string; isAdministrator: boolean }> }>;
  setAdministrator(params: {
    environment: Environment;
    actorAccountId: string;
    organisationId: string;
    accountId: string;
    grant: boolean;
  }): Promise<{ accountId: string; isAdministrator: boolean }>;
}

export interface WorkQueueDeps {
  db: Db;
  workQueue: WorkQueueActions;
  logger: Logger;
}

export type QueueOutcome = { ok: true } | { ok: false; code: RefusalCode; field?: string };

const userOf = (context: ActionContext) => context.currentAdmin as AdminUser;
const payloadOf = (request: ActionRequest) => (request.payload ?? {}) as Record<string, unknown>;

/** The use-case's answer as the page shows it: done, or refused by its code (never the English message). */
async function outcomeOf(deps: WorkQueueDeps, id: string, run: () => Promise<unknown>): Promise<QueueOutcome> {
  try {
    await run();
    return { ok: true };
  } catch (error) {
    if (error instanceof ApiError) {
      const field = error.fieldErrors ? Object.values(error.fieldErrors)[0] : undefined;
      return { ok: false, code: error.code, ...(field ? { field: String(field.code) } : {}) };
    }
    deps.logger.error('back-office queue action failed', { id, error: (error as Error).message?.slice(0, 300) });
    return { ok: false, code: Refusal.failed };
  }
}

/** The claims an approver's session scope gives in one environment (the same shape the use-cases read). */
export function claimsFromScope(scope: ApproverScope | undefined, accountId: string, environment: string) {
  return {
    accountId,
    administratorOf: (scope?.administratorOf ?? [])
      .filter((a) => a.environment === environment)
      .map((a) => a.organisationId),
    nationalAuthorityOf: (scope?.nationalAuthorityOf ?? [])
      .filter((n) => n.environment === environment)
      .map((n) => n.country),
    commission: (scope?.commissionIn ?? []).includes(environment as Environment),
  } satisfies ApproverClaims;
}

/** Whether the Members page is offered on an organisation's page: domain/entitlement.ts checkMemberManager decides. */
export function mayManageMembers({ currentAdmin, record }: { currentAdmin?: unknown; record?: BaseRecord }): boolean {
  const user = currentAdmin as AdminUser | undefined;
  if (!user || !record) return false;
  const organisation: DecisionOrganisation = {
    id: String(record.param('id')),
    countryCode: String(record.param('country')),
    kind: record.param('kind') as DecisionOrganisation['kind'],
    authorityRoleCode: (record.param('authorityRole') as string | null) ?? null,
    isCommission: record.param('isCommission') === true || record.param('isCommission') === 'true',
  };
  return checkMemberManager(claimsFromScope(user.scope, user.id, String(record.param('environment'))), organisation).ok;
}

/** The colleagues who may decide the request (domain/entitlement.ts approverPostsWhere), the caller left out. */
export async function colleaguesFor(db: Db, requestId: string, callerId: string) {
  const request = await db.authorisationRequest.findUnique({
    where: { id: requestId },
    include: { organisation: true },
  });
  if (!request) return [];
  const group = approverGroupFor({
    type: request.type,
    applicantAccountId: request.accountId,
    organisation: request.organisation,
  });
  const where = approverPostsWhere(request.environment, group, request.accountId);
  if (!where) return [];
  const posts = await db.role.findMany({
    where: { AND: [where, { accountId: { not: callerId } }] },
    select: { account: { select: { id: true, firstName: true, lastName: true, email: true } } },
  });
  const people = new Map(posts.map((p) => [p.account.id, p.account]));
  return [...people.values()]
    .map((a) => ({ accountId: a.id, name: `${a.firstName} ${a.lastName}`, email: a.email }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.email.localeCompare(b.email));
}

type QueueKind = 'assignToMe' | 'assign' | 'unassign' | 'askQuestion';

/** The use-case call of each request action, from the form's payload (only the fields it needs are read). */
function runOf(deps: WorkQueueDeps, kind: QueueKind, requestId: string, actorAccountId: string, payload: object) {
  const p = payload as Record<string, unknown>;
  const body =
    kind === 'askQuestion'
      ? { text: typeof p.text === 'string' ? p.text : '' }
      : { accountId: kind === 'assignToMe' ? actorAccountId : kind === 'unassign' ? null : String(p.accountId ?? '') };
  return () =>
    kind === 'askQuestion'
      ? deps.workQueue.askQuestion({ requestId, actorAccountId, body })
      : deps.workQueue.assign({ requestId, actorAccountId, body });
}

/** A request's queue action: GET shows the form's record (and, to assign, the colleagues), POST acts. */
export function queueHandler(deps: WorkQueueDeps, kind: QueueKind) {
  return async (request: ActionRequest, _response: unknown, context: ActionContext) => {
    const user = userOf(context);
    const record = context.record!;
    const requestId = String(record.id());
    const json = record.toJSON(user);
    if (request.method !== 'post') {
      const [account, assignee] = [String(json.params.account ?? ''), String(json.params.assignee ?? '')];
      const names = await applicantNames(deps.db, [account, assignee]);
      json.params = { ...json.params, applicant: names.get(account) ?? '', assignedTo: names.get(assignee) ?? '' };
      if (kind === 'assign') {
        json.params.colleagues = JSON.stringify(await colleaguesFor(deps.db, requestId, user.id));
      }
      return { record: json };
    }
    const outcome = await outcomeOf(deps, requestId, runOf(deps, kind, requestId, user.id, payloadOf(request)));
    return { record: json, outcome };
  };
}

/** The organisation's members as the page lists them, or the refusal code when the caller may not see them. */
async function membersOf(deps: WorkQueueDeps, record: BaseRecord, user: AdminUser) {
  try {
    const { members } = await deps.workQueue.members(
      String(record.param('environment')) as Environment,
      user.id,
      String(record.id()),
    );
    return { members: JSON.stringify(members), membersRefusal: '' };
  } catch (error) {
    if (error instanceof ApiError) return { members: '[]', membersRefusal: error.code };
    throw error;
  }
}

/** The Members page of an organisation: GET lists them, POST {accountId, grant} grants or removes the rights. */
export function membersHandler(deps: WorkQueueDeps) {
  return async (request: ActionRequest, _response: unknown, context: ActionContext) => {
    const user = userOf(context);
    const record = context.record!;
    let outcome: QueueOutcome | undefined;
    if (request.method === 'post') {
      const payload = payloadOf(request);
      outcome = await outcomeOf(deps, String(record.id()), () =>
        deps.workQueue.setAdministrator({
          environment: String(record.param('environment')) as Environment,
          actorAccountId: user.id,
          organisationId: String(record.id()),
          accountId: String(payload.accountId ?? ''),
          grant: String(payload.grant) === 'true',
        }),
      );
    }
    const json = record.toJSON(user);
    json.params = { ...json.params, ...(await membersOf(deps, record, user)) };
    return { record: json, ...(outcome ? { outcome } : {}) };
  };
}
