// The life of one request inside its workflow, shared by authorisationRequestWorkflow and operatorCreationWorkflow:
// recorded once, decided, withdrawn, expired or following its new operator, then (attach requests) the role's
// suspensions, reactivations and deletion. Every change asks the status machine (domain/status-machine.ts), in the
// Update validators (to refuse early) and again in the handlers; the changeStatus activity then checks the actor's
// posts in PostgreSQL, so claims sent by a caller never decide anything on their own.
import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { AuthorisationActivities, StatusActor } from '../activities/authorisation.activities';
import type { WorkQueueActivities } from '../activities/work-queue.activities';
import {
  administratorUpdate,
  answerQuestionUpdate,
  askQuestionUpdate,
  assignUpdate,
  decideUpdate,
  NO_ORGANISATION_CODE,
  Refusal,
  requestStatusQuery,
  requestViewUpdate,
  roleActionUpdate,
  SearchAttr,
  withdrawUpdate,
  type AuthorisationRequestInput,
  type CarriedRequest,
  type RefusalCode,
  type RequestOrganisation,
  type RequestView,
  type RoleAction,
} from '../domain/contracts';
import {
  approverGroupFor,
  capacityOf,
  checkAssignee,
  checkEntitlement,
  type ActorCapacity,
  type ApproverClaims,
  type ApproverGroup,
} from '../domain/entitlement';
import type { RequestStatus } from '../domain/enums';
import {
  transitionFor,
  type NewOperatorState,
  type RequestEvent,
  type TransitionAnswer,
} from '../domain/status-machine';

/** Patch id of the OrganisationCode search attribute that carries a code (or NO_ORGANISATION_CODE), never an id. */
export const ORGANISATION_CODE_PATCH = 'organisation-code-not-id';

const retry = { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 };
// Ordinary activities, not local ones: with local activities completing inside an Update's workflow task, the order of
// the search-attribute upsert and the Update's completion was not stable across replays (a nondeterminism error seen
// in the replay test of a fresh run).
const acts = proxyActivities<AuthorisationActivities & WorkQueueActivities>({
  startToCloseTimeout: '30 seconds',
  retry,
});

/** Refusals the activities raise as ApplicationFailure types, passed on to the caller unchanged. */
const PASSED_ON: ReadonlySet<string> = new Set<RefusalCode>([
  Refusal.notEntitled,
  Refusal.roleKindConflict,
  Refusal.alreadyRequested,
  Refusal.operatorNotActive,
  Refusal.validationFailed,
  Refusal.alreadyDecided,
  Refusal.assigneeNotEntitled,
  Refusal.noOpenQuestion,
  Refusal.invalidTransition,
  Refusal.lastAdministrator,
]);

const refuse = (code: RefusalCode, message: string) => ApplicationFailure.nonRetryable(message, code);

const MESSAGES: Partial<Record<RefusalCode, string>> = {
  [Refusal.notEntitled]: 'You may not do this to this request',
  [Refusal.alreadyDecided]: 'The request is already decided',
  [Refusal.operatorNotActive]: 'The new operator must be approved before this request',
  [Refusal.reasonRequired]: 'A reason is required',
  [Refusal.invalidTransition]: 'The role cannot change this way',
  [Refusal.notRecorded]: 'The request is not recorded yet',
  [Refusal.questionWaiting]: 'A question to the applicant already waits for its answer',
  [Refusal.noOpenQuestion]: 'No question waits for an answer',
};

/** The activity's refusal as the Update's failure, or undefined for anything else. */
function passedOn(error: unknown): ApplicationFailure | undefined {
  const cause = error instanceof ActivityFailure ? error.cause : undefined;
  if (cause instanceof ApplicationFailure && PASSED_ON.has(cause.type ?? '')) {
    return refuse(cause.type as RefusalCode, cause.message);
  }
  return undefined;
}

export interface RequestResult {
  requestId: string;
  status: RequestStatus;
  /** Set when the request was refused before it was recorded (e.g. ROLE_KIND_CONFLICT). */
  refused?: RefusalCode;
}

type Reason = string | undefined;
const clean = (reason: Reason) => reason?.trim() || undefined;

/**
 * The request's state and message handlers. `busy` marks a status change in flight, so that nothing else starts one
 * meanwhile (the machine is asked as if the request were in no status at all).
 */
export class RequestLifecycle {
  readonly requestId: string;
  private readonly workflowId = workflowInfo().workflowId;
  private state: RequestStatus = 'REQUESTED';
  /** How the request left REQUESTED: the outcome the applicant is told, whatever happens to the role meanwhile. */
  private outcome: RequestStatus | undefined;
  // A request recorded by its parent (operator creation) may be decided from the first moment.
  private recorded: boolean;
  private refusedWith: { code: RefusalCode; message: string } | undefined;
  private busy = false;
  private newOperator: NewOperatorState;
  private group: ApproverGroup;
  /** The question waiting for the applicant (`answering` while its answer is being written). */
  private question: { id: string; askedAt: number; answering?: boolean } | undefined;
  /** When the expiry clock started, and how long questions have stopped it since. */
  private openedAt: number | undefined;
  private pausedMs = 0;

  constructor(
    private readonly input: AuthorisationRequestInput,
    private readonly creation?: { requestId: string; workflowId: string },
  ) {
    this.requestId = input.carried?.requestId ?? input.requestId ?? uuid4();
    this.recorded = input.organisation !== undefined || input.carried !== undefined;
    this.newOperator = creation ? 'pending' : 'none';
    this.group = input.organisation ? this.groupOf(input.organisation) : { commission: false };
    if (input.carried) this.resume(input.carried);
    this.registerHandlers();
  }

  /** The state a previous run of this workflow id carried over (continue-as-new): recorded, maybe decided. */
  private resume(carried: CarriedRequest) {
    this.state = carried.status;
    this.outcome = carried.outcome;
    this.newOperator = carried.newOperator;
    this.group = carried.group;
    this.question = carried.question;
    this.openedAt = carried.openedAt;
    this.pausedMs = carried.pausedMs;
  }

  /** The state the next run needs (workflows/authorisation-request.workflow.ts continues as new with it). */
  carry(): CarriedRequest {
    return {
      requestId: this.requestId,
      status: this.state,
      ...(this.outcome ? { outcome: this.outcome } : {}),
      newOperator: this.newOperator,
      group: this.group,
      ...(this.creation ? { creation: this.creation } : {}),
      ...(this.question ? { question: { ...this.question } } : {}),
      ...(this.openedAt !== undefined ? { openedAt: this.openedAt } : {}),
      pausedMs: this.pausedMs,
    };
  }

  status = (): RequestStatus => this.state;
  isBusy = (): boolean => this.busy;

  private groupOf(organisation: RequestOrganisation): ApproverGroup {
    return approverGroupFor({ type: this.input.type, applicantAccountId: this.input.accountId, organisation });
  }

  private view(): RequestView {
    return {
      id: this.requestId,
      organisationId: this.input.organisationId,
      status: this.state,
      workflowId: this.workflowId,
      ...(this.creation ? { creationRequestId: this.creation.requestId } : {}),
    };
  }

  /** The machine's answer for an event now; a change in flight or a request not yet recorded refuses everything. */
  private ask(event: RequestEvent, capacity: ActorCapacity, reason?: Reason): TransitionAnswer {
    const status = this.busy || !this.recorded ? 'DELETED' : this.state;
    const answer = transitionFor({
      status,
      event,
      capacity,
      type: this.input.type,
      newOperator: this.newOperator,
      hasReason: clean(reason) !== undefined,
      // Another question may not be asked while an answer is being written; that answer is the only one.
      questionWaiting: event === 'ANSWER' ? this.question?.answering === false : this.question !== undefined,
    });
    if (!answer.ok && !this.recorded && answer.code !== Refusal.notEntitled)
      return { ok: false, code: Refusal.notRecorded };
    return answer;
  }

  /** The answer if the machine allows it, else the Update's failure (validators and handlers alike). */
  private allowed(
    event: RequestEvent,
    capacity: ActorCapacity,
    reason?: Reason,
  ): Extract<TransitionAnswer, { ok: true }> {
    const answer = this.ask(event, capacity, reason);
    if (!answer.ok) throw refuse(answer.code, MESSAGES[answer.code] ?? answer.code);
    return answer;
  }

  private capacity(claims: ApproverClaims): ActorCapacity {
    return capacityOf(claims, this.group, this.input.accountId);
  }

  /** Who acts, as the audit trail names them; `check` asks changeStatus to verify the actor against PostgreSQL. */
  private actor(claims: ApproverClaims, capacity: ActorCapacity): StatusActor {
    if (capacity === 'applicant') return { actor: 'applicant', accountId: claims.accountId, check: 'applicant' };
    const entitlement = checkEntitlement(claims, this.group, this.input.accountId);
    return {
      actor: entitlement.ok ? entitlement.capacity : 'approver',
      accountId: claims.accountId,
      check: 'approver',
    };
  }

  /** Writes a change the machine allowed, with its search attribute; a refusal of the activity fails the Update. */
  private async apply(answer: Extract<TransitionAnswer, { ok: true }>, by: StatusActor, reason?: Reason) {
    if (answer.to === this.state) return undefined;
    this.busy = true;
    try {
      const change = { requestId: this.requestId, workflowId: this.workflowId, from: [this.state], to: answer.to };
      const written = await acts.changeStatus({
        ...change,
        action: answer.audit,
        by,
        reason: clean(reason),
        decision: answer.decision,
      });
      if (this.state === 'REQUESTED') this.outcome = answer.to;
      this.state = answer.to;
      upsertSearchAttributes([{ key: SearchAttr.requestStatus, value: answer.to }]);
      return written;
    } catch (error) {
      throw passedOn(error) ?? error;
    } finally {
      this.busy = false;
    }
  }

  /** Runs a work-queue activity; its refusal fails the Update with the same code. */
  private async queueAct<R>(run: () => Promise<R>): Promise<R> {
    try {
      return await run();
    } catch (error) {
      throw passedOn(error) ?? error;
    }
  }

  /** The actor's capacity for an assignment, once the machine allows it and the assignee could decide it too. */
  private assignable(args: { assigneeAccountId: string | null; actor: ApproverClaims; assignee?: ApproverClaims }) {
    const capacity = this.capacity(args.actor);
    this.allowed('ASSIGN', capacity);
    if (args.assigneeAccountId !== null) {
      const none = { administratorOf: [], nationalAuthorityOf: [], commission: false };
      const claims =
        args.assignee?.accountId === args.assigneeAccountId
          ? args.assignee
          : { accountId: args.assigneeAccountId, ...none };
      const check = checkAssignee(claims, this.group, this.input.accountId);
      if (!check.ok) throw refuse(Refusal.assigneeNotEntitled, check.reason);
    }
    return capacity;
  }

  /** The work queue's Updates (assignment, questions, answers): they never change the status. */
  private registerQueueHandlers() {
    const { requestId, workflowId } = this;
    type Assign = { assigneeAccountId: string | null; actor: ApproverClaims; assignee?: ApproverClaims };
    setHandler(
      assignUpdate,
      async (args: Assign) => {
        const by = this.actor(args.actor, this.assignable(args));
        const { assigneeAccountId } = args;
        await this.queueAct(() => acts.assignRequest({ requestId, workflowId, by, assigneeAccountId }));
        return { assigneeAccountId };
      },
      { validator: (args: Assign) => void this.assignable(args) },
    );

    this.registerQuestionHandlers();
    type Rights = { grant: boolean; actor: ApproverClaims };
    const rightsEvent = (grant: boolean): RequestEvent => (grant ? 'GRANT_ADMINISTRATOR' : 'REMOVE_ADMINISTRATOR');
    setHandler(
      administratorUpdate,
      async ({ grant, actor }: Rights) => {
        const capacity = this.capacity(actor);
        this.allowed(rightsEvent(grant), capacity);
        const by = this.actor(actor, capacity);
        return this.queueAct(() => acts.setAdministrator({ requestId, workflowId, grant, by }));
      },
      { validator: ({ grant, actor }: Rights) => void this.allowed(rightsEvent(grant), this.capacity(actor)) },
    );
  }

  /** A question to the applicant and its answer; the expiry clock stands still in between (expireInTime). */
  private registerQuestionHandlers() {
    const { requestId, workflowId } = this;
    type Ask = { questionId: string; text: string; actor: ApproverClaims };
    setHandler(
      askQuestionUpdate,
      async ({ questionId, text, actor }: Ask) => {
        const capacity = this.capacity(actor);
        this.allowed('ASK_QUESTION', capacity, text);
        const question = { id: questionId, askedAt: Date.now(), answering: false };
        this.question = question;
        try {
          const by = this.actor(actor, capacity);
          await this.queueAct(() => acts.askQuestion({ requestId, workflowId, questionId, text, by }));
        } catch (error) {
          if (this.question === question) this.question = undefined;
          throw error;
        }
        return { questionId, askedAt: new Date(question.askedAt).toISOString() };
      },
      { validator: ({ text, actor }: Ask) => void this.allowed('ASK_QUESTION', this.capacity(actor), text) },
    );

    type Answer = { accountId: string; text: string };
    const answerer = (accountId: string) => (accountId === this.input.accountId ? 'applicant' : 'stranger');
    setHandler(
      answerQuestionUpdate,
      async ({ accountId, text }: Answer) => {
        this.allowed('ANSWER', answerer(accountId), text);
        const question = this.question!;
        question.answering = true;
        // The clock stood still from the question (or from its start, if later) until now.
        const paused = this.openedAt === undefined ? 0 : Date.now() - Math.max(question.askedAt, this.openedAt);
        const expiresAt =
          this.openedAt === undefined
            ? null
            : new Date(this.openedAt + this.input.expiresAfterMs + this.pausedMs + paused).toISOString();
        try {
          await this.queueAct(() =>
            acts.answerQuestion({ requestId, workflowId, questionId: question.id, text, accountId, expiresAt }),
          );
        } catch (error) {
          question.answering = false;
          throw error;
        }
        this.pausedMs += paused;
        this.question = undefined;
        return { questionId: question.id, expiresAt };
      },
      { validator: ({ accountId, text }: Answer) => void this.allowed('ANSWER', answerer(accountId), text) },
    );
  }

  private registerHandlers() {
    this.registerQueueHandlers();
    setHandler(requestStatusQuery, () => this.view());
    setHandler(requestViewUpdate, async () => {
      await condition(() => this.recorded || this.refusedWith !== undefined);
      if (this.refusedWith) throw refuse(this.refusedWith.code, this.refusedWith.message);
      return this.view();
    });
    type Decision = { decision: 'APPROVE' | 'REJECT'; reason?: string; approver: ApproverClaims };
    setHandler(
      decideUpdate,
      async ({ decision, reason, approver }: Decision) => {
        const capacity = this.capacity(approver);
        await this.apply(this.allowed(decision, capacity, reason), this.actor(approver, capacity), reason);
        return { status: this.state };
      },
      {
        validator: ({ decision, reason, approver }: Decision) =>
          void this.allowed(decision, this.capacity(approver), reason),
      },
    );

    const withdrawer = (accountId: string) => (accountId === this.input.accountId ? 'applicant' : 'stranger');
    setHandler(
      withdrawUpdate,
      async ({ accountId }: { accountId: string }) => {
        const answer = this.allowed('WITHDRAW', withdrawer(accountId));
        await this.apply(answer, { actor: 'applicant', accountId, check: 'applicant' });
        return { status: this.state };
      },
      { validator: ({ accountId }: { accountId: string }) => void this.allowed('WITHDRAW', withdrawer(accountId)) },
    );

    type Action = { action: RoleAction; reason?: string; actor: ApproverClaims };
    setHandler(
      roleActionUpdate,
      async ({ action, reason, actor }: Action) => {
        const capacity = this.capacity(actor);
        const written = await this.apply(this.allowed(action, capacity, reason), this.actor(actor, capacity), reason);
        // The applicant is told why someone else suspended, reactivated or deleted their role (or request). The
        // reactivation mail came later than the others: runs that reactivated before it replay without it.
        const mailed = () => (action === 'REACTIVATE' ? patched('role-reactivated-mail') : patched('role-change-mail'));
        if (written && capacity === 'approver' && mailed()) {
          await acts.notifyRoleChange({ requestId: this.requestId, auditEventId: written.auditEventId ?? '', action });
        }
        return { status: this.state };
      },
      { validator: ({ action, reason, actor }: Action) => void this.allowed(action, this.capacity(actor), reason) },
    );
  }

  /**
   * Records the request, fixes its approver group and publishes its search attributes. Returns undefined when the
   * recording was refused (one kind of role per person and environment …): the requestView Update fails with it.
   */
  async record(): Promise<RequestOrganisation | undefined> {
    const { runId } = workflowInfo();
    let organisation: RequestOrganisation;
    try {
      organisation = await acts.recordRequest({
        requestId: this.requestId,
        workflowId: this.workflowId,
        runId,
        input: this.input,
        creation: this.creation,
      });
    } catch (error) {
      const refusal = passedOn(error);
      if (!refusal) throw error;
      this.refusedWith = { code: refusal.type as RefusalCode, message: refusal.message };
      return undefined;
    }
    this.group = this.groupOf(organisation);
    upsertSearchAttributes([
      { key: SearchAttr.environment, value: this.input.environment },
      {
        key: SearchAttr.requestKind,
        value: this.input.type === 'OPERATOR_CREATION' ? 'OPERATOR_CREATION' : this.input.kind,
      },
      { key: SearchAttr.requestStatus, value: this.state },
      { key: SearchAttr.countryCode, value: organisation.countryCode },
      { key: SearchAttr.organisationCode, value: this.organisationCode(organisation) },
    ]);
    this.recorded = true;
    return organisation;
  }

  /**
   * The OrganisationCode search attribute: the organisation's code, or NO_ORGANISATION_CODE for one without (a new
   * operator, which gets no code when created), never its id. Runs recorded before the patch published the id.
   */
  private organisationCode(organisation: RequestOrganisation): string {
    if (!patched(ORGANISATION_CODE_PATCH)) return organisation.code ?? organisation.id;
    return organisation.code ?? NO_ORGANISATION_CODE;
  }

  refusal = () => this.refusedWith?.code;

  /** The decision on the new operator this attach request follows, as the machine says it changes the request. */
  async followOperator(operator: RequestStatus): Promise<void> {
    const event: RequestEvent =
      operator === 'VALID'
        ? 'OPERATOR_APPROVED'
        : operator === 'EXPIRED'
          ? 'OPERATOR_EXPIRED'
          : operator === 'WITHDRAWN'
            ? 'OPERATOR_WITHDRAWN'
            : 'OPERATOR_REJECTED';
    const answer = this.ask(event, 'system');
    if (!answer.ok) return;
    if (event === 'OPERATOR_APPROVED') this.newOperator = 'active';
    else if (event === 'OPERATOR_EXPIRED')
      await this.apply(answer, { actor: 'system' }, 'The new operator was not decided in time');
    else if (event === 'OPERATOR_WITHDRAWN')
      await this.apply(answer, { actor: 'applicant', accountId: this.input.accountId });
    else await this.apply(answer, { actor: 'system' }, 'The new operator was rejected');
  }

  /** The applicant withdrew the attach request this operator creation belongs to. */
  async withdrawnByApplicant(): Promise<void> {
    await condition(() => !this.busy);
    const answer = this.ask('WITHDRAW', 'applicant');
    if (answer.ok) await this.apply(answer, { actor: 'applicant', accountId: this.input.accountId });
  }

  /**
   * Mails the approvers, reminds them after reminderAfterMs and expires the request after expiresAfterMs,
   * unless it is decided, withdrawn or `stop()` holds first.
   */
  async awaitDecision(stop: () => boolean = () => false): Promise<void> {
    const openedAt = Date.now();
    this.openedAt = openedAt;
    const open = () => this.state === 'REQUESTED' && !stop();
    const until = (at: number) => Math.max(at - Date.now(), 1);
    const { requestId, group, input } = this;
    await acts.announceRequest({
      requestId,
      group,
      expiresAt: new Date(openedAt + input.expiresAfterMs).toISOString(),
    });
    if (input.reminderAfterMs < input.expiresAfterMs) {
      const ended = await condition(() => !open(), until(openedAt + input.reminderAfterMs));
      if (!ended && !this.busy) await acts.remindApprovers({ requestId, group, workflowId: this.workflowId });
    }
    await this.expireInTime(open, until);
  }

  /**
   * Expires the request expiresAfterMs after it opened, plus the time questions waited for their answers: the clock
   * stands still while a question waits. Without questions it sets the one timer it always did (recorded histories
   * replay unchanged).
   */
  private async expireInTime(open: () => boolean, until: (at: number) => number): Promise<void> {
    const openedAt = this.openedAt ?? Date.now();
    for (;;) {
      const deadline = openedAt + this.input.expiresAfterMs + this.pausedMs;
      const ended = await condition(() => !open() || this.question !== undefined, until(deadline));
      if (!open()) return;
      if (ended) {
        await condition(() => !open() || this.question === undefined);
        continue;
      }
      await condition(() => !this.busy);
      if (this.question !== undefined) continue;
      const answer = this.ask('EXPIRE', 'system');
      if (open() && answer.ok) await this.apply(answer, { actor: 'system' }, 'Not decided in time');
      return;
    }
  }

  /**
   * Tells the applicant how the request ended, when it ended by a decision or by expiry (also when the role was
   * suspended or deleted before this ran, e.g. while a reminder waited for a database that was down).
   */
  async notifyOutcome(): Promise<void> {
    const { requestId } = this;
    if (this.outcome === 'VALID') await acts.notifyApplicant({ requestId, outcome: 'approved' });
    if (this.outcome === 'REJECTED') await acts.notifyApplicant({ requestId, outcome: 'rejected' });
    if (this.outcome === 'EXPIRED') await acts.notifyApplicant({ requestId, outcome: 'expired' });
  }
}
