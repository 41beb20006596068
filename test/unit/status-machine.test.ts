// The status machine as a table: every status × event × actor capacity (× request type, new operator, reason), each
// cell compared with the rule written out independently here, plus the rules of routing that the machine relies on.
import { REQUEST_STATUSES, type RequestStatus } from '../../domain/enums';
import {
  approverGroupFor,
  capacityOf,
  checkAssignee,
  checkEntitlement,
  checkMemberManager,
  claimsFromPosts,
  NATIONAL_AUTHORITY_ROLE,
  type DecisionOrganisation,
} from '../../domain/entitlement';
import { canTransition } from '../../domain/request-status';
import {
  ACTOR_CAPACITIES,
  REQUEST_EVENTS,
  transitionFor,
  type NewOperatorState,
  type RequestEvent,
  type TransitionAsk,
} from '../../domain/status-machine';

type Expected = { to: RequestStatus } | { code: string };

/** The rules in words, one event at a time: who, from where, to where. */
function expected(ask: Required<TransitionAsk>): Expected {
  const { status, event, capacity, type, newOperator, hasReason, questionWaiting } = ask;
  const decisions: Partial<Record<RequestEvent, RequestStatus>> = { APPROVE: 'VALID', REJECT: 'REJECTED' };
  const follow: Partial<Record<RequestEvent, RequestStatus>> = {
    OPERATOR_APPROVED: 'REQUESTED',
    OPERATOR_REJECTED: 'REJECTED',
    OPERATOR_EXPIRED: 'EXPIRED',
    OPERATOR_WITHDRAWN: 'WITHDRAWN',
  };
  // The work queue: open requests only, the status stays; one question waits at a time, an answer needs one.
  if (event === 'ASSIGN' || event === 'ASK_QUESTION' || event === 'ANSWER') {
    if (capacity !== (event === 'ANSWER' ? 'applicant' : 'approver')) return { code: 'NOT_ENTITLED' };
    if (status !== 'REQUESTED') return { code: 'ALREADY_DECIDED' };
    if (event === 'ASK_QUESTION' && questionWaiting) return { code: 'QUESTION_WAITING' };
    if (event === 'ANSWER' && !questionWaiting) return { code: 'NO_OPEN_QUESTION' };
    if (event !== 'ASSIGN' && !hasReason) return { code: 'REASON_REQUIRED' };
    return { to: status };
  }
  // Administrator rights of a role: granted by an approver on a VALID role, removed by an approver or the member.
  if (event === 'GRANT_ADMINISTRATOR' || event === 'REMOVE_ADMINISTRATOR') {
    const bySelf = event === 'REMOVE_ADMINISTRATOR' && capacity === 'applicant';
    if (capacity !== 'approver' && !bySelf) return { code: 'NOT_ENTITLED' };
    if (type !== 'ATTACH') return { code: 'INVALID_TRANSITION' };
    const live = event === 'GRANT_ADMINISTRATOR' ? ['VALID'] : ['VALID', 'SUSPENDED'];
    if (!live.includes(status)) return { code: 'INVALID_TRANSITION' };
    // Nothing leaves an attach request VALID while its new operator is pending (a state no workflow reaches).
    return status === 'VALID' && newOperator === 'pending' ? { code: 'OPERATOR_NOT_ACTIVE' } : { to: status };
  }
  if (decisions[event]) {
    if (capacity !== 'approver') return { code: 'NOT_ENTITLED' };
    if (status !== 'REQUESTED') return { code: 'ALREADY_DECIDED' };
    if (event === 'REJECT' && !hasReason) return { code: 'REASON_REQUIRED' };
    if (event === 'APPROVE' && type === 'ATTACH' && newOperator === 'pending') return { code: 'OPERATOR_NOT_ACTIVE' };
    return { to: decisions[event]! };
  }
  if (event === 'WITHDRAW' || event === 'EXPIRE') {
    if (capacity !== (event === 'WITHDRAW' ? 'applicant' : 'system')) return { code: 'NOT_ENTITLED' };
    return status === 'REQUESTED'
      ? { to: event === 'WITHDRAW' ? 'WITHDRAWN' : 'EXPIRED' }
      : { code: 'ALREADY_DECIDED' };
  }
  if (follow[event]) {
    if (capacity !== 'system') return { code: 'NOT_ENTITLED' };
    if (type !== 'ATTACH' || newOperator === 'none') return { code: 'INVALID_TRANSITION' };
    return status === 'REQUESTED' ? { to: follow[event]! } : { code: 'ALREADY_DECIDED' };
  }
  // Role actions: attach requests only.
  const byApplicant = event === 'DELETE' && capacity === 'applicant';
  if (capacity !== 'approver' && !byApplicant) return { code: 'NOT_ENTITLED' };
  if (type !== 'ATTACH') return { code: 'INVALID_TRANSITION' };
  const from: Record<string, RequestStatus[]> = {
    SUSPEND: ['VALID'],
    REACTIVATE: ['SUSPENDED'],
    DELETE: ['REQUESTED', 'VALID', 'SUSPENDED', 'REJECTED', 'EXPIRED', 'WITHDRAWN'],
  };
  if (!from[event]!.includes(status)) return { code: 'INVALID_TRANSITION' };
  if (event !== 'REACTIVATE' && !byApplicant && !hasReason) return { code: 'REASON_REQUIRED' };
  const to: RequestStatus = event === 'SUSPEND' ? 'SUSPENDED' : event === 'REACTIVATE' ? 'VALID' : 'DELETED';
  if (to === 'VALID' && newOperator === 'pending') return { code: 'OPERATOR_NOT_ACTIVE' };
  return { to };
}

const cells: Array<Required<TransitionAsk>> = [];
for (const status of REQUEST_STATUSES) {
  for (const event of REQUEST_EVENTS) {
    for (const capacity of ACTOR_CAPACITIES) {
      for (const type of ['ATTACH', 'OPERATOR_CREATION'] as const) {
        for (const newOperator of ['none', 'pending', 'active'] as NewOperatorState[]) {
          for (const hasReason of [true, false]) {
            for (const questionWaiting of [true, false])
              cells.push({ status, event, capacity, type, newOperator, hasReason, questionWaiting });
          }
        }
      }
    }
  }
}

test('every cell of status × event × capacity × type × new operator × reason answers as the rules say', () => {
  expect(cells).toHaveLength(7 * 16 * 4 * 2 * 3 * 2 * 2);
  const wrong = cells.filter((cell) => {
    const answer = transitionFor(cell);
    const actual: Expected = answer.ok ? { to: answer.to } : { code: answer.code };
    return JSON.stringify(actual) !== JSON.stringify(expected(cell));
  });
  expect(wrong).toEqual([]);
});

test('the work queue and administrator rights never change a status', () => {
  const queue = ['ASSIGN', 'ASK_QUESTION', 'ANSWER', 'GRANT_ADMINISTRATOR', 'REMOVE_ADMINISTRATOR'];
  const moved = cells
    .filter((c) => queue.includes(c.event))
    .map((c) => [c, transitionFor(c)] as const)
    .filter(([c, a]) => a.ok && a.to !== c.status);
  expect(moved).toEqual([]);
});

test('REACTIVATE only from SUSPENDED: it never approves a request', () => {
  for (const status of REQUEST_STATUSES.filter((s) => s !== 'SUSPENDED')) {
    expect(
      transitionFor({ status, event: 'REACTIVATE', capacity: 'approver', type: 'ATTACH', hasReason: true }).ok,
    ).toBe(false);
  }
});

test('an attach request never becomes VALID while its new operator is pending, whatever the event', () => {
  const valid = cells
    .filter((c) => c.type === 'ATTACH' && c.newOperator === 'pending')
    .map(transitionFor)
    .filter((a) => a.ok && a.to === 'VALID');
  expect(valid).toEqual([]);
});

test('nothing happens to a DELETED request, and nobody but an approver decides', () => {
  expect(
    cells
      .filter((c) => c.status === 'DELETED')
      .map(transitionFor)
      .filter((a) => a.ok),
  ).toEqual([]);
  const decided = cells.filter((c) => (c.event === 'APPROVE' || c.event === 'REJECT') && transitionFor(c).ok);
  expect(new Set(decided.map((c) => c.capacity))).toEqual(new Set(['approver']));
});

test('the summary of the machine: which statuses lead to which', () => {
  for (const to of ['VALID', 'REJECTED', 'EXPIRED', 'WITHDRAWN', 'DELETED'] as const)
    expect(canTransition('REQUESTED', to)).toBe(true);
  expect(canTransition('REQUESTED', 'SUSPENDED')).toBe(false);
  expect(canTransition('VALID', 'SUSPENDED')).toBe(true);
  expect(canTransition('SUSPENDED', 'VALID')).toBe(true);
  expect(canTransition('VALID', 'REJECTED')).toBe(false);
  expect(canTransition('DELETED', 'VALID')).toBe(false);
});

describe('routing (domain/entitlement.ts)', () => {
  const org = (o: Partial<DecisionOrganisation>): DecisionOrganisation => ({
    id: 'org',
    countryCode: 'BE',
    kind: 'OPERATOR',
    authorityRoleCode: null,
    isCommission: false,
    ...o,
  });
  const cca = org({ id: 'be-cca', kind: 'AUTHORITY', authorityRoleCode: NATIONAL_AUTHORITY_ROLE });
  const claims = (accountId: string, posts: Array<{ o: DecisionOrganisation; admin?: boolean }>) =>
    claimsFromPosts(
      accountId,
      'production',
      posts.map(({ o, admin }) => ({ environment: 'production', isAdministrator: !!admin, organisation: o })),
    );

  test("the national authority decides its country's operators; the Commission decides who joins national authorities", () => {
    const ccaClerk = claims('clerk', [{ o: cca }]);
    expect(ccaClerk).toEqual({
      accountId: 'clerk',
      administratorOf: [],
      nationalAuthorityOf: ['BE'],
      commission: false,
    });
    const operatorGroup = approverGroupFor({ type: 'ATTACH', applicantAccountId: 'anna', organisation: org({}) });
    expect(checkEntitlement(ccaClerk, operatorGroup, 'anna')).toEqual({ ok: true, capacity: 'national authority' });
    expect(capacityOf(ccaClerk, operatorGroup, 'clerk')).toBe('applicant');
    expect(
      capacityOf(
        claims('fr', [
          {
            o: org({ id: 'fr-cca', countryCode: 'FR', kind: 'AUTHORITY', authorityRoleCode: NATIONAL_AUTHORITY_ROLE }),
          },
        ]),
        operatorGroup,
        'anna',
      ),
    ).toBe('stranger');
    const joinCca = approverGroupFor({ type: 'ATTACH', applicantAccountId: 'anna', organisation: cca });
    expect(checkEntitlement(ccaClerk, joinCca, 'anna').ok).toBe(false);
    expect(
      checkEntitlement(claims('eu', [{ o: org({ id: 'ec', kind: 'AUTHORITY', isCommission: true }) }]), joinCca, 'anna')
        .ok,
    ).toBe(true);
    const creation = approverGroupFor({ type: 'OPERATOR_CREATION', applicantAccountId: 'anna', organisation: org({}) });
    expect(checkEntitlement(claims('admin', [{ o: org({}), admin: true }]), creation, 'anna').ok).toBe(false);
    expect(checkEntitlement(claims('admin', [{ o: org({}), admin: true }]), operatorGroup, 'anna')).toEqual({
      ok: true,
      capacity: 'administrator',
    });
  });

  test('an assignee must be able to decide the request; members are managed by those who decide attach requests', () => {
    const ccaClerk = claims('clerk', [{ o: cca }]);
    const fr = claims('fr', [
      { o: org({ id: 'fr-cca', countryCode: 'FR', kind: 'AUTHORITY', authorityRoleCode: NATIONAL_AUTHORITY_ROLE }) },
    ]);
    const group = approverGroupFor({ type: 'ATTACH', applicantAccountId: 'anna', organisation: org({}) });
    expect(checkAssignee(ccaClerk, group, 'anna')).toEqual({ ok: true });
    expect(checkAssignee(fr, group, 'anna')).toMatchObject({ ok: false, code: 'ASSIGNEE_NOT_ENTITLED' });
    // Never the applicant, even one who could otherwise decide.
    expect(checkAssignee(claims('anna', [{ o: cca }]), group, 'anna')).toMatchObject({ ok: false });

    expect(checkMemberManager(ccaClerk, org({})).ok).toBe(true);
    expect(checkMemberManager(claims('admin', [{ o: org({}), admin: true }]), org({})).ok).toBe(true);
    expect(checkMemberManager(claims('member', [{ o: org({}) }]), org({})).ok).toBe(false);
    expect(checkMemberManager(fr, org({})).ok).toBe(false);
    // National authorities' members are managed by the Commission, not by another clerk of the authority.
    const eu = claims('eu', [{ o: org({ id: 'ec', kind: 'AUTHORITY', isCommission: true }) }]);
    expect(checkMemberManager(eu, cca).ok).toBe(true);
    expect(checkMemberManager(claims('clerk2', [{ o: cca }]), cca).ok).toBe(false);
  });
});
