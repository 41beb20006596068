// Idempotent seeding: reference lists, the directory of every environment, and (outside production) demo approvers.
import { ENVIRONMENTS } from '../domain/enums';
import { foldForSearch } from '../domain/search-text';
import { comparableName } from '../domain/operator-rules';
import type { Db } from '../lib/db';
import { hashPassword, sha256Hex } from '../lib/secrets';
import {
  ACTIVITY_TYPES,
  AUTHORITY_ROLES,
  COMPETENCES,
  COUNTRIES,
  DEMO_APPROVERS,
  GUIDE_ORGANISATIONS,
  SECTIONS,
  nationalAuthorities,
} from './seed-data';

/** A seed transaction runs a few hundred statements: on a loaded 2-core machine that took longer than Prisma's 5 s
 * default, so it may wait and run for a minute. */
const SEED_TRANSACTION = { maxWait: 60_000, timeout: 60_000 };

/** A stable UUID from a seed key, so that seeding again updates instead of duplicating. */
export function seedUuid(key: string): string {
  const h = sha256Hex(`traces-seed:${key}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export async function seedReferenceData(db: Db): Promise<void> {
  await db.$transaction(async (tx) => {
    for (const [code, name, isEu] of COUNTRIES) {
      await tx.country.upsert({ where: { code }, create: { code, name, isEu }, update: { name, isEu } });
    }
    for (const [code, label] of SECTIONS) {
      await tx.section.upsert({ where: { code }, create: { code, label }, update: { label } });
    }
    for (const a of ACTIVITY_TYPES) {
      const data = { label: a.label, sectionCode: a.section, requiresEori: a.requiresEori ?? false };
      await tx.activityType.upsert({ where: { code: a.code }, create: { code: a.code, ...data }, update: data });
    }
    for (const [code, label] of AUTHORITY_ROLES) {
      await tx.authorityRole.upsert({ where: { code }, create: { code, label }, update: { label } });
    }
    for (const [code, label] of COMPETENCES) {
      await tx.competence.upsert({ where: { code }, create: { code, label }, update: { label } });
    }
  }, SEED_TRANSACTION);

  const organisations = [...GUIDE_ORGANISATIONS, ...nationalAuthorities()];
  for (const environment of ENVIRONMENTS) {
    await db.$transaction(async (tx) => {
      for (const o of organisations) {
        const id = seedUuid(`${environment}:${o.kind}:${o.code ?? o.name}:${o.country}`);
        const data = {
          environment,
          kind: o.kind,
          status: 'ACTIVE' as const,
          name: o.name,
          code: o.code ?? null,
          countryCode: o.country,
          street: o.street ?? null,
          postcode: o.postcode ?? null,
          city: o.city ?? null,
          eori: o.eori ?? null,
          authorityRoleCode: o.authorityRole ?? null,
          isCommission: o.isCommission ?? false,
          controlBodyKey: o.controlBodyKey ?? null,
          searchText: foldForSearch(o.name, o.street, o.postcode, o.city, o.eori, o.code),
          comparableName: comparableName(o.name),
        };
        await tx.organisation.upsert({ where: { id }, create: { id, ...data }, update: data });
        await tx.organisationActivity.deleteMany({ where: { organisationId: id } });
        await tx.organisationCompetence.deleteMany({ where: { organisationId: id } });
        if (o.activities?.length) {
          await tx.organisationActivity.createMany({
            data: o.activities.map(([sectionCode, activityTypeCode]) => ({
              organisationId: id,
              sectionCode,
              activityTypeCode,
            })),
          });
        }
        if (o.competences?.length) {
          await tx.organisationCompetence.createMany({
            data: o.competences.map((competenceCode) => ({ organisationId: id, competenceCode })),
          });
        }
      }
    }, SEED_TRANSACTION);
  }
}

/**
 * Demo approvers with a VALID administrator post in their authority in every environment. The password is set on
 * every start, so that the printed one always works.
 */
export async function seedDemoApprovers(db: Db, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  for (const approver of DEMO_APPROVERS) {
    const account = await db.account.upsert({
      where: { email: approver.email },
      create: {
        email: approver.email,
        firstName: approver.firstName,
        lastName: approver.lastName,
        status: 'ACTIVE',
        passwordHash,
        activatedAt: new Date(),
      },
      update: { status: 'ACTIVE', passwordHash },
    });
    for (const environment of ENVIRONMENTS) {
      const organisation = await db.organisation.findFirstOrThrow({
        where: { environment, kind: 'AUTHORITY', code: approver.organisationCode },
      });
      const requestId = seedUuid(`demo-request:${environment}:${approver.email}`);
      const workflowId = `seed:${environment}:${account.id}:${organisation.id}`;
      await db.authorisationRequest.upsert({
        where: { id: requestId },
        create: {
          id: requestId,
          environment,
          kind: 'AUTHORITY',
          accountId: account.id,
          organisationId: organisation.id,
          status: 'VALID',
          workflowId,
          runId: 'seed',
          decidedAt: new Date(),
          reason: 'Demo data',
        },
        update: { status: 'VALID' },
      });
      await db.role.upsert({
        where: { requestId },
        create: {
          environment,
          kind: 'AUTHORITY',
          accountId: account.id,
          organisationId: organisation.id,
          requestId,
          status: 'VALID',
          isAdministrator: true,
        },
        update: { status: 'VALID', isAdministrator: true },
      });
    }
  }
}
