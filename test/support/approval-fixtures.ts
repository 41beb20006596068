// People and authorisation requests for back-office tests. Accounts are created ready to log in (their registration
// is tested elsewhere); requests go through the real HTTP API and so start real workflows.
import crypto from 'node:crypto';
import type { Db } from '../../lib/db';
import { hashPassword } from '../../lib/secrets';
import { bearer, call } from './http';

export const APPLICANT_PASSWORD = 'Applicant-Pass-42!';
let passwordHash: Promise<string> | undefined;

export interface Applicant {
  id: string;
  email: string;
  token: string;
}

/** An active account with a live API session. */
export async function newApplicant(db: Db, baseUrl: string, label: string): Promise<Applicant> {
  passwordHash ??= hashPassword(APPLICANT_PASSWORD);
  const email = `${label}.${crypto.randomUUID().slice(0, 8)}@applicant.example.be`;
  const account = await db.account.create({
    data: {
      firstName: 'Test',
      lastName: label,
      email,
      status: 'ACTIVE',
      passwordHash: await passwordHash,
      activatedAt: new Date(),
    },
  });
  const session = await call(baseUrl, 'POST', '/api/sessions', { email, password: APPLICANT_PASSWORD });
  if (session.status !== 200) throw new Error(`login of ${label} failed: ${JSON.stringify(session.body)}`);
  return { id: account.id, email, token: session.body.token };
}

export interface RequestView {
  id: string;
  organisationId: string;
  status: string;
  workflowId: string;
}

/** POST /api/environments/{env}/authorisation-requests as the applicant; one request (and workflow) per organisation. */
export async function requestAuthorisation(
  baseUrl: string,
  applicant: Applicant,
  environment: string,
  kind: string,
  organisationIds: string[],
): Promise<RequestView[]> {
  const response = await call(
    baseUrl,
    'POST',
    `/api/environments/${environment}/authorisation-requests`,
    { kind, organisationIds },
    bearer(applicant.token),
  );
  if (response.status !== 202) throw new Error(`request failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.requests;
}

/** A seeded organisation by its code (national authorities, BCPs, control bodies). */
export function organisationByCode(db: Db, environment: string, code: string) {
  return db.organisation.findFirstOrThrow({ where: { environment: environment as never, code } });
}

/** Extra operators of a country, directory data for tests that need many organisations. */
export async function newOperators(db: Db, environment: string, country: string, count: number) {
  const tag = crypto.randomUUID().slice(0, 8);
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      db.organisation.create({
        data: {
          environment: environment as never,
          kind: 'OPERATOR',
          name: `Test operator ${tag} ${i + 1}`,
          countryCode: country,
          searchText: `test operator ${tag} ${i + 1}`,
          comparableName: `test operator ${tag} ${i + 1}`,
          city: 'Leuven',
          street: `Straat ${i + 1}`,
          postcode: '3000',
        },
      }),
    ),
  );
}
