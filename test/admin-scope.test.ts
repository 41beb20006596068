// The back-office's row-level scope against the domain's routing: for every organisation, both request types and
// several approvers, a request is listed exactly when checkEntitlement (what the workflow's validator applies) allows
// the approver to decide it. Plain Prisma queries on the real database; the rows are fixtures for a read query.
import crypto from 'node:crypto';
import { loadApproverScope, requestScopeWhere, scopeWheres } from '../admin/approver-scope';
import {
  approverGroupFor,
  checkEntitlement,
  claimsFromPosts,
  NATIONAL_AUTHORITY_ROLE,
  postsOfWhere,
  type Post,
} from '../domain/entitlement';
import { createDb, type Db } from '../lib/db';

let db: Db;
beforeAll(() => {
  db = createDb(process.env.DATABASE_URL!, { poolSize: 4 });
});
afterAll(async () => {
  await db?.$disconnect();
});

const ENVS = ['training', 'acceptance'] as const;

async function person(label: string) {
  return db.account.create({
    data: {
      firstName: 'Test',
      lastName: label,
      email: `${label}.${crypto.randomUUID()}@scope.example.eu`,
      status: 'ACTIVE',
    },
  });
}

async function post(
  accountId: string,
  environment: (typeof ENVS)[number],
  organisationId: string,
  isAdministrator = false,
) {
  const request = await db.authorisationRequest.create({
    data: {
      environment,
      kind: 'AUTHORITY',
      accountId,
      organisationId,
      status: 'VALID',
      workflowId: `fixture:${crypto.randomUUID()}`,
      runId: 'fixture',
    },
  });
  await db.role.create({
    data: { environment, kind: 'AUTHORITY', accountId, organisationId, requestId: request.id, isAdministrator },
  });
}

test('each approver is shown exactly the requests the routing lets them decide', async () => {
  const byCode = async (environment: string, code: string) =>
    db.organisation.findFirstOrThrow({ where: { environment: environment as never, code } });

  // Approvers: a Belgian CCA clerk in training only, a French CCA clerk in both, a Commission clerk in training,
  // the administrator of a Belgian control body in acceptance, and someone whose only post is not an approver's.
  const beClerk = await person('be-clerk');
  await post(beClerk.id, 'training', (await byCode('training', 'BE-CCA')).id);
  const frClerk = await person('fr-clerk');
  for (const env of ENVS) await post(frClerk.id, env, (await byCode(env, 'FR-CCA')).id);
  const commissionClerk = await person('commission');
  await post(commissionClerk.id, 'training', (await byCode('training', 'EC-SANTE')).id);
  const cbAdmin = await person('cb-admin');
  const certisys = await byCode('acceptance', 'BE-BIO-01');
  await post(cbAdmin.id, 'acceptance', certisys.id, true);
  const plainStaff = await person('plain');
  await post(plainStaff.id, 'training', (await byCode('training', 'BE0001')).id);

  // One applicant asks every organisation of both environments, both as attach and (operators) as creation;
  // the Belgian clerk and the control-body administrator also ask, to check that nobody decides their own request.
  const applicant = await person('applicant');
  const organisations = await db.organisation.findMany({ where: { environment: { in: [...ENVS] } } });
  const rows: Array<{
    environment: string;
    type: 'ATTACH' | 'OPERATOR_CREATION';
    accountId: string;
    organisationId: string;
    status?: 'REJECTED';
  }> = [];
  for (const o of organisations) {
    rows.push({ environment: o.environment, type: 'ATTACH', accountId: applicant.id, organisationId: o.id });
    if (o.kind === 'OPERATOR')
      rows.push({
        environment: o.environment,
        type: 'OPERATOR_CREATION',
        accountId: applicant.id,
        organisationId: o.id,
      });
  }
  const beOperator = organisations.find(
    (o) => o.environment === 'training' && o.kind === 'OPERATOR' && o.countryCode === 'BE',
  )!;
  rows.push({ environment: 'training', type: 'ATTACH', accountId: beClerk.id, organisationId: beOperator.id });
  // A past request of the administrator (they hold the post: a live second one is refused by PostgreSQL).
  rows.push({
    environment: 'acceptance',
    type: 'ATTACH',
    accountId: cbAdmin.id,
    organisationId: certisys.id,
    status: 'REJECTED',
  });
  const created = await Promise.all(
    rows.map((r) =>
      db.authorisationRequest.create({
        data: {
          ...r,
          environment: r.environment as never,
          kind: 'OPERATOR',
          workflowId: `fixture:${crypto.randomUUID()}`,
          runId: 'fixture',
        },
        include: { organisation: true },
      }),
    ),
  );
  const fixtureIds = created.map((r) => r.id);

  const sizes: Record<string, number> = {};
  for (const approver of [beClerk, frClerk, commissionClerk, cbAdmin, plainStaff]) {
    const scope = await loadApproverScope(db, approver.id);
    // The claims the workflow's activities re-read: the same VALID posts, through the same domain function.
    const posts = (await db.role.findMany({
      where: postsOfWhere(approver.id),
      select: { environment: true, isAdministrator: true, organisation: true },
    })) as unknown as Post[];
    const listed = await db.authorisationRequest.findMany({
      where: { AND: [requestScopeWhere(scope, approver.id), { id: { in: fixtureIds } }] },
      select: { id: true },
    });
    const expected = created.filter(
      (r) =>
        checkEntitlement(
          claimsFromPosts(approver.id, r.environment, posts),
          approverGroupFor({ type: r.type, applicantAccountId: r.accountId, organisation: r.organisation }),
          r.accountId,
        ).ok,
    );
    expect(listed.map((r) => r.id).sort()).toEqual(expected.map((r) => r.id).sort());
    sizes[approver.lastName] = listed.length;
  }
  // The comparison must not be vacuous: each approver's scope is non-trivial, and plain staff see nothing.
  expect(sizes['be-clerk']).toBeGreaterThan(5);
  expect(sizes['fr-clerk']).toBe(4); // two French BCPs in each of two environments
  expect(sizes['commission']).toBeGreaterThan(20);
  expect(sizes['cb-admin']).toBe(1);
  expect(sizes['plain']).toBe(0);

  // The Belgian clerk: Belgian operators, control bodies and other authorities in training, plus Belgian operator
  // creations; never the Belgian CCA itself, the Commission, another country, another environment or their own request.
  const beScope = await loadApproverScope(db, beClerk.id);
  const beListed = await db.authorisationRequest.findMany({
    where: { AND: [requestScopeWhere(beScope, beClerk.id), { id: { in: fixtureIds } }] },
    include: { organisation: true },
  });
  for (const r of beListed) {
    expect(r.environment).toBe('training');
    expect(r.organisation.countryCode).toBe('BE');
    expect(r.accountId).not.toBe(beClerk.id);
    if (r.type === 'ATTACH')
      expect(r.organisation.authorityRoleCode === NATIONAL_AUTHORITY_ROLE || r.organisation.isCommission).toBe(false);
  }
  expect(beListed.some((r) => r.type === 'OPERATOR_CREATION')).toBe(true);
  expect(beListed.some((r) => r.organisation.kind === 'CONTROL_BODY')).toBe(true);
  expect(beListed.some((r) => r.organisation.kind === 'AUTHORITY')).toBe(true);

  // The records around the requests follow them: roles and audit events of scoped requests only, organisations of
  // the approver's country, accounts of the applicants.
  const wheres = scopeWheres(beScope, beClerk.id);
  const organisationsSeen = await db.organisation.findMany({ where: wheres.Organisation });
  expect(organisationsSeen.length).toBeGreaterThan(0);
  expect(
    organisationsSeen.every(
      (o) =>
        o.environment === 'training' &&
        o.countryCode === 'BE' &&
        o.authorityRoleCode !== NATIONAL_AUTHORITY_ROLE &&
        !o.isCommission,
    ),
  ).toBe(true);
  const accountsSeen = await db.account.findMany({
    where: { AND: [wheres.Account, { id: { in: [applicant.id, frClerk.id, beClerk.id] } }] },
  });
  expect(accountsSeen.map((a) => a.id)).toEqual([applicant.id]);
});

test('without a scope nothing is listed (fail closed)', async () => {
  const none = scopeWheres(undefined, undefined);
  expect(await db.authorisationRequest.count({ where: none.AuthorisationRequest })).toBe(0);
  expect(await db.organisation.count({ where: none.Organisation })).toBe(0);
  expect(await db.account.count({ where: none.Account })).toBe(0);
  expect(await db.auditEvent.count({ where: none.AuditEvent })).toBe(0);
  expect(await db.role.count({ where: none.Role })).toBe(0);
});
