// The back-office's decisions: Approve, Reject (one or in bulk), Suspend, Reactivate, Delete role. Each goes through the
// approval use-cases, that is through the request's workflow (a Temporal update whose validator has the last word);
// nothing here writes the database. A GET only shows the record(s): state changes only on POST.
import type { ActionContext, ActionRequest, BaseRecord, RecordJSON } from 'adminjs' with {
  'resolution-mode': 'import',
};
import { ApiError } from '../api/errors';
import { Refusal, type RefusalCode, type RoleAction } from '../domain/contracts';
import { reasonNeeded } from '../domain/status-machine';
import type { Logger } from '../lib/logger';
import { refusalText } from './locale';
import type { AdminUser } from './session-security';

/** What the back-office needs from api/use-cases/approvals.ts. */
export interface ApprovalActions {
  decide(input: {
    requestId: string;
    actorAccountId: string;
    decision: 'APPROVE' | 'REJECT';
    reason?: string;
  }): Promise<{ status: string }>;
  changeRole(input: {
    requestId: string;
    actorAccountId: string;
    action: RoleAction;
    reason?: string;
  }): Promise<{ status: string }>;
}

export type Outcome =
  { id: string; ok: true; status: string } | { id: string; ok: false; code: RefusalCode; message: string };

export { refusalText };

export interface DecisionDeps {
  approvals: ApprovalActions;
  logger: Logger;
}

/** Enough for a person to see the queue move, and few enough that Temporal is not flooded by one click. */
const BULK_CONCURRENCY = 4;
const MAX_REASON = 2000;

function reasonFrom(request: ActionRequest): string | undefined {
  // Only the reason is read from the payload: any other field sent along (status, accountId …) is ignored.
  const raw = (request.payload as Record<string, unknown> | undefined)?.reason;
  const reason = typeof raw === 'string' ? raw.trim().slice(0, MAX_REASON) : '';
  return reason || undefined;
}

async function outcomeOf(id: string, run: () => Promise<{ status: string }>, logger: Logger): Promise<Outcome> {
  try {
    const { status } = await run();
    return { id, ok: true, status };
  } catch (error) {
    if (error instanceof ApiError) return { id, ok: false, code: error.code, message: error.message };
    logger.error('back-office action failed', { requestId: id, error: (error as Error).message?.slice(0, 300) });
    return { id, ok: false, code: Refusal.failed, message: refusalText(Refusal.failed) };
  }
}

async function inBatches<T, R>(items: T[], size: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await run(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, lane));
  return results;
}

const userOf = (context: ActionContext) => context.currentAdmin as AdminUser;

function notice(outcomes: Outcome[], done: string) {
  const refused = outcomes.filter((o) => !o.ok) as Array<Extract<Outcome, { ok: false }>>;
  if (outcomes.length === 1) {
    const [o] = outcomes;
    return o!.ok
      ? { message: `${done}: the status is now ${o!.status}`, type: 'success' as const }
      : { message: `Refused: ${refusalText(o!.code)}`, type: 'error' as const };
  }
  const ok = outcomes.length - refused.length;
  return refused.length
    ? {
        message: `${ok} ${done.toLowerCase()}, ${refused.length} refused (${[...new Set(refused.map((r) => r.code))].join(', ')})`,
        type: 'error' as const,
      }
    : { message: `${ok} ${done.toLowerCase()}`, type: 'success' as const };
}

/** The record again after the change, with the status the workflow answered (the read model may trail it). */
async function freshJson(context: ActionContext, record: BaseRecord, outcome: Outcome): Promise<RecordJSON> {
  const user = userOf(context);
  const fresh = (await context.resource.findOne(String(record.id()), context)) ?? record;
  const json = fresh.toJSON(user);
  if (outcome.ok) json.params = { ...json.params, status: outcome.status };
  return { ...json, populated: record.toJSON(user).populated };
}

/** The id of the request behind a record: the request itself, or the request a role came from. */
export type RequestIdOf = (record: BaseRecord) => string;

interface RecordActionSpec {
  label: string;
  /** Past tense for the notice. */
  done: string;
  requestIdOf: RequestIdOf;
  reasonRequired: boolean;
  run(
    deps: DecisionDeps,
    input: { requestId: string; actorAccountId: string; reason?: string },
  ): Promise<{ status: string }>;
}

export function decisionSpec(decision: 'APPROVE' | 'REJECT', requestIdOf: RequestIdOf): RecordActionSpec {
  return {
    label: decision === 'APPROVE' ? 'Approve' : 'Reject',
    done: decision === 'APPROVE' ? 'Approved' : 'Rejected',
    requestIdOf,
    reasonRequired: reasonNeeded(decision, 'approver'),
    run: (deps, input) => deps.approvals.decide({ ...input, decision }),
  };
}

export function roleActionSpec(action: RoleAction, requestIdOf: RequestIdOf): RecordActionSpec {
  const words = {
    SUSPEND: ['Suspend', 'Suspended'],
    REACTIVATE: ['Reactivate', 'Reactivated'],
    DELETE: ['Delete role', 'Deleted'],
  } as const;
  return {
    label: words[action][0],
    done: words[action][1],
    requestIdOf,
    // The back-office lists other people's requests only: their applicant is never the one acting.
    reasonRequired: reasonNeeded(action, 'approver'),
    run: (deps, input) => deps.approvals.changeRole({ ...input, action }),
  };
}

async function perform(
  deps: DecisionDeps,
  spec: RecordActionSpec,
  context: ActionContext,
  record: BaseRecord,
  reason?: string,
): Promise<Outcome> {
  const requestId = spec.requestIdOf(record);
  if (spec.reasonRequired && !reason) {
    return {
      id: String(record.id()),
      ok: false,
      code: Refusal.reasonRequired,
      message: refusalText(Refusal.reasonRequired),
    };
  }
  const outcome = await outcomeOf(
    requestId,
    () => spec.run(deps, { requestId, actorAccountId: userOf(context).id, reason }),
    deps.logger,
  );
  return { ...outcome, id: String(record.id()) };
}

/** A record action: GET shows the form's record, POST decides. */
export function recordHandler(deps: DecisionDeps, spec: RecordActionSpec) {
  return async (request: ActionRequest, _response: unknown, context: ActionContext) => {
    const record = context.record!;
    if (request.method !== 'post') return { record: record.toJSON(userOf(context)) };
    const outcome = await perform(deps, spec, context, record, reasonFrom(request));
    return { record: await freshJson(context, record, outcome), outcome, notice: notice([outcome], spec.done) };
  };
}

/**
 * A bulk action: GET lists the chosen records, POST decides each. Ids outside the person's scope were never loaded
 * (the scoped resource does not find them) and are reported as refused.
 */
export function bulkHandler(deps: DecisionDeps, spec: RecordActionSpec) {
  return async (request: ActionRequest, _response: unknown, context: ActionContext) => {
    const user = userOf(context);
    const records = context.records ?? [];
    if (request.method !== 'post') return { records: records.map((r) => r.toJSON(user)) };
    const reason = reasonFrom(request);
    const asked = String((request.query as Record<string, unknown> | undefined)?.recordIds ?? '')
      .split(',')
      .filter(Boolean);
    const found = new Map(records.map((r) => [String(r.id()), r]));
    const missing: Outcome[] = asked
      .filter((id) => !found.has(id))
      .map((id) => ({
        id,
        ok: false,
        code: Refusal.notFound,
        message: refusalText(Refusal.notFound),
      }));
    const outcomes = await inBatches(records, BULK_CONCURRENCY, (record) =>
      perform(deps, spec, context, record, reason),
    );
    const fresh = await context.resource.findMany(
      records.map((r) => String(r.id())),
      context,
    );
    const all = [...outcomes, ...missing];
    return { records: fresh.map((r) => r.toJSON(user)), outcomes: all, notice: notice(all, spec.done) };
  };
}
