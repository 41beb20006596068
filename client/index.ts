// The typed Temporal client for TypeScript services: workflow ids, inputs and messages of the onboarding flows, over a
// connection that encrypts payloads exactly like the workers (same PAYLOAD_ENCRYPTION_KEYS).
//
//   const traces = await connectTracesClient({ address: 'temporal:7233', payloadEncryptionKeys: process.env.KEYS! });
//   const view = await traces.registration('anna@agri.example.be').status();
//   await traces.authorisationRequest('production', accountId, organisationId).decide('APPROVE', claims);
//   await traces.authorisationRequest('production', accountId, organisationId).assign(officerId, claims, officerClaims);
//
// The rules no channel can bypass are enforced inside the workflows' activities, so they hold here exactly as over
// HTTP: a request's recording refuses another kind of role in the environment, an organisation of the wrong kind or
// not active, a second live request for the organisation; a decision or role action takes effect only when the
// actor's VALID posts in PostgreSQL entitle them (the claims passed here only let the workflow refuse early). What
// remains the service's to check is what people type (captcha, generic mailboxes, likely duplicate operators).
import crypto from 'node:crypto';
import { WithStartWorkflowOperation, type Client, type WorkflowHandle } from '@temporalio/client';
import {
  administratorUpdate,
  answerQuestionUpdate,
  askQuestionUpdate,
  assignUpdate,
  authorisationWorkflowId,
  decideUpdate,
  WorkflowType,
  registrationStatusQuery,
  requestStatusQuery,
  requestViewUpdate,
  resendLinkUpdate,
  roleActionUpdate,
  TASK_QUEUE,
  withdrawUpdate,
  type ApproverClaims,
  type AuthorisationRequestInput,
  type RegistrationView,
  type RequestView,
  type RoleAction,
} from '../domain/contracts';
import type { Environment, RequestStatus } from '../domain/enums';
import { AesGcmPayloadCodec, parsePayloadKeys } from '../lib/payload-codec';
import { connectTemporalClient } from '../lib/temporal-connection';
import { parseWorkflowIdKey } from '../lib/workflow-id-key';
import { createAccountWorkflowIds } from '../lib/workflow-ids';

export * from '../domain/contracts';
export type { Environment, RegistrationStatus, RequestStatus, RoleKind } from '../domain/enums';

export interface TracesClientOptions {
  /** host:port of the Temporal frontend (TEMPORAL_ADDRESS). */
  address: string;
  namespace?: string;
  taskQueue?: string;
  /** The workers' PAYLOAD_ENCRYPTION_KEYS: `id:<base64 32 bytes>,…`, the first one encrypts. */
  payloadEncryptionKeys: string;
  /** The web servers' WORKFLOW_ID_KEY: registration ids are keyed digests of the e-mail (needed by registration()). */
  workflowIdKey?: string;
}

export interface RegistrationHandle {
  workflowId: string;
  status(): Promise<RegistrationView>;
  /** A new link; the old one stops working and the 90 minutes start again. */
  resendLink(): Promise<RegistrationView>;
}

export interface AuthorisationRequestHandle {
  workflowId: string;
  /** The request once recorded by the worker (waits for it). */
  view(): Promise<RequestView>;
  status(): Promise<RequestView>;
  /** Fails with NOT_ENTITLED, ALREADY_DECIDED, OPERATOR_NOT_ACTIVE or REASON_REQUIRED (RequestFailure). */
  decide(decision: 'APPROVE' | 'REJECT', approver: ApproverClaims, reason?: string): Promise<{ status: RequestStatus }>;
  withdraw(accountId: string): Promise<{ status: RequestStatus }>;
  roleAction(action: RoleAction, actor: ApproverClaims, reason?: string): Promise<{ status: RequestStatus }>;
  /**
   * Puts the open request in `assigneeAccountId`'s queue (null: in none). Both the actor and the assignee must be
   * entitled to decide it: NOT_ENTITLED, ASSIGNEE_NOT_ENTITLED (pass the assignee's claims to be refused early; the
   * activity checks both in PostgreSQL either way), ALREADY_DECIDED.
   */
  assign(
    assigneeAccountId: string | null,
    actor: ApproverClaims,
    assignee?: ApproverClaims,
  ): Promise<{ assigneeAccountId: string | null }>;
  /** Asks the applicant a question (mailed; the expiry clock stops until the answer): QUESTION_WAITING, NOT_ENTITLED. */
  askQuestion(text: string, actor: ApproverClaims): Promise<{ questionId: string; askedAt: string }>;
  /** The applicant answers the waiting question: NO_OPEN_QUESTION, NOT_ENTITLED (not the applicant). */
  answerQuestion(accountId: string, text: string): Promise<{ questionId: string; expiresAt: string | null }>;
  /** Grants or removes the administrator rights of the role this request became: LAST_ADMINISTRATOR, NOT_ENTITLED. */
  setAdministrator(grant: boolean, actor: ApproverClaims): Promise<{ isAdministrator: boolean }>;
}

export interface TracesClient {
  /** The underlying Temporal client (encrypting), for anything not covered here. */
  temporal: Client;
  registration(email: string): RegistrationHandle;
  /**
   * Starts the request of a person for an organisation, or joins the running one (same workflow id). Its `view()`
   * awaits the recording, and fails with a WorkflowUpdateFailedError whose cause's type is the refusal code
   * (ROLE_KIND_CONFLICT …) when the recording refused it.
   */
  startAuthorisationRequest(input: AuthorisationRequestInput): Promise<AuthorisationRequestHandle>;
  /** Starts (or joins) the request and answers it once recorded, as the HTTP API does; fails like `view()`. */
  requestAuthorisation(input: AuthorisationRequestInput): Promise<RequestView>;
  authorisationRequest(environment: Environment, accountId: string, organisationId: string): AuthorisationRequestHandle;
  close(): Promise<void>;
}

export async function connectTracesClient(options: TracesClientOptions): Promise<TracesClient> {
  const temporal = await connectTemporalClient({
    address: options.address,
    namespace: options.namespace ?? 'default',
    codec: new AesGcmPayloadCodec(parsePayloadKeys(options.payloadEncryptionKeys)),
  });
  const taskQueue = options.taskQueue ?? TASK_QUEUE;

  const requestHandle = (handle: WorkflowHandle): AuthorisationRequestHandle => ({
    workflowId: handle.workflowId,
    view: () => handle.executeUpdate(requestViewUpdate),
    status: () => handle.query(requestStatusQuery),
    decide: (decision, approver, reason) =>
      handle.executeUpdate(decideUpdate, { args: [{ decision, approver, reason }] }),
    withdraw: (accountId) => handle.executeUpdate(withdrawUpdate, { args: [{ accountId }] }),
    roleAction: (action, actor, reason) =>
      handle.executeUpdate(roleActionUpdate, { args: [{ action, actor, reason }] }),
    assign: (assigneeAccountId, actor, assignee) =>
      handle.executeUpdate(assignUpdate, { args: [{ assigneeAccountId, actor, assignee }] }),
    askQuestion: (text, actor) =>
      handle.executeUpdate(askQuestionUpdate, { args: [{ questionId: crypto.randomUUID(), text, actor }] }),
    answerQuestion: (accountId, text) => handle.executeUpdate(answerQuestionUpdate, { args: [{ accountId, text }] }),
    setAdministrator: (grant, actor) => handle.executeUpdate(administratorUpdate, { args: [{ grant, actor }] }),
  });

  return {
    temporal,
    registration(email) {
      if (!options.workflowIdKey) throw new Error('registration(email) needs workflowIdKey (WORKFLOW_ID_KEY)');
      const handle = temporal.workflow.getHandle(
        createAccountWorkflowIds(parseWorkflowIdKey(options.workflowIdKey)).registration(email),
      );
      return {
        workflowId: handle.workflowId,
        status: () => handle.query(registrationStatusQuery),
        resendLink: () => handle.executeUpdate(resendLinkUpdate),
      };
    },
    async startAuthorisationRequest(input) {
      const handle = await temporal.workflow.start(WorkflowType.authorisationRequest, {
        workflowId: authorisationWorkflowId(input.environment, input.accountId, input.organisationId),
        taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
      return requestHandle(handle);
    },
    async requestAuthorisation(input) {
      const workflowId = authorisationWorkflowId(input.environment, input.accountId, input.organisationId);
      return temporal.workflow.executeUpdateWithStart(requestViewUpdate, {
        startWorkflowOperation: new WithStartWorkflowOperation(WorkflowType.authorisationRequest, {
          workflowId,
          taskQueue,
          args: [input],
          workflowIdConflictPolicy: 'USE_EXISTING',
        }),
      });
    },
    authorisationRequest(environment, accountId, organisationId) {
      return requestHandle(
        temporal.workflow.getHandle(authorisationWorkflowId(environment, accountId, organisationId)),
      );
    },
    close: () => temporal.connection.close(),
  };
}
