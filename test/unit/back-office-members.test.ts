// Who is offered an organisation's Members page in the back-office: the session's approver scope turned into the
// claims of the organisation's environment, asked of domain/entitlement.ts checkMemberManager (no rule of its own).
import type { BaseRecord } from 'adminjs' with { 'resolution-mode': 'import' };
import type { ApproverScope } from '../../domain/entitlement';
import type { AdminUser } from '../../admin/session-security';
import { claimsFromScope, mayManageMembers } from '../../admin/work-queue-actions';

const scope = (part: Partial<ApproverScope>): ApproverScope => ({
  entitled: true,
  title: '',
  nationalAuthorityOf: [],
  administratorOf: [],
  commissionIn: [],
  ...part,
});
const user = (s: ApproverScope): AdminUser => ({ email: 'x@example.eu', id: 'me', title: '', scope: s });
/** An organisation's record as AdminJS's Prisma adapter gives its params (relations by their names). */
const organisation = (params: Record<string, unknown>) =>
  ({
    param: (name: string) =>
      ({
        id: 'org-1',
        environment: 'training',
        country: 'BE',
        kind: 'OPERATOR',
        authorityRole: null,
        isCommission: false,
        ...params,
      })[name],
  }) as unknown as BaseRecord;

test('the scope of a session gives the claims of one environment only', () => {
  const s = scope({
    nationalAuthorityOf: [
      { environment: 'training', country: 'BE' },
      { environment: 'production', country: 'FR' },
    ],
    administratorOf: [{ environment: 'production', organisationId: 'org-9' }],
    commissionIn: ['acceptance'],
  });
  expect(claimsFromScope(s, 'me', 'training')).toEqual({
    accountId: 'me',
    administratorOf: [],
    nationalAuthorityOf: ['BE'],
    commission: false,
  });
  expect(claimsFromScope(s, 'me', 'production')).toMatchObject({
    administratorOf: ['org-9'],
    nationalAuthorityOf: ['FR'],
  });
  expect(claimsFromScope(s, 'me', 'acceptance').commission).toBe(true);
});

test('its administrators and its country’s authority manage an operator’s members; others are not offered the page', () => {
  const operator = organisation({});
  const offered = (s: ApproverScope, record = operator) => mayManageMembers({ currentAdmin: user(s), record });
  expect(offered(scope({ administratorOf: [{ environment: 'training', organisationId: 'org-1' }] }))).toBe(true);
  expect(offered(scope({ nationalAuthorityOf: [{ environment: 'training', country: 'BE' }] }))).toBe(true);
  // The same rights in another environment, another country, or the Commission for an operator: not here.
  expect(offered(scope({ administratorOf: [{ environment: 'production', organisationId: 'org-1' }] }))).toBe(false);
  expect(offered(scope({ nationalAuthorityOf: [{ environment: 'training', country: 'FR' }] }))).toBe(false);
  expect(offered(scope({ commissionIn: ['training'] }))).toBe(false);
  // The Commission manages the members of a national authority.
  const authority = organisation({ kind: 'AUTHORITY', authorityRole: 'CCA' });
  expect(offered(scope({ commissionIn: ['training'] }), authority)).toBe(true);
  expect(mayManageMembers({ currentAdmin: undefined, record: operator })).toBe(false);
});
