// People for tests of what happens after registration: ACTIVE accounts written with Prisma, logged in over HTTP.
// (test/registration.test.ts covers how an account becomes ACTIVE.)
import crypto from 'node:crypto';
import { hashPassword } from '../../lib/secrets';
import { seedDemoApprovers } from '../../prisma/seed';
import { call } from './http';
import type { TestStack } from './stack';

/** An e-mail no other test uses: `<label>.<8 random hex>@agri.example.be`. */
export const uniqueEmail = (label: string) => `${label}.${crypto.randomUUID().slice(0, 8)}@agri.example.be`;

export const PERSON_PASSWORD = 'Correct-Horse-42!';
let passwordHash: Promise<string> | undefined;

export interface Person {
  accountId: string;
  email: string;
  token: string;
  auth: { authorization: string };
}

export async function login(stack: TestStack, email: string, password = PERSON_PASSWORD): Promise<Person> {
  const session = await call(stack.baseUrl, 'POST', '/api/sessions', { email, password });
  if (session.status !== 200)
    throw new Error(`login of ${email} failed: ${session.status} ${JSON.stringify(session.body)}`);
  const account = await stack.db.account.findUniqueOrThrow({ where: { email } });
  return {
    accountId: account.id,
    email,
    token: session.body.token,
    auth: { authorization: `Bearer ${session.body.token}` },
  };
}

/** A new ACTIVE account with a unique e-mail, logged in. */
export async function newPerson(stack: TestStack, label: string, language = 'en'): Promise<Person> {
  passwordHash ??= hashPassword(PERSON_PASSWORD);
  const email = uniqueEmail(label);
  await stack.db.account.create({
    data: {
      email,
      firstName: label,
      lastName: 'Tester',
      emailLanguage: language,
      status: 'ACTIVE',
      passwordHash: await passwordHash,
      activatedAt: new Date(),
    },
  });
  return login(stack, email);
}

/** The demo approvers of prisma/seed-data.ts (seeded idempotently), logged in. */
export async function demoApprovers(stack: TestStack) {
  await seedDemoApprovers(stack.db, PERSON_PASSWORD);
  const [commission, ccaBe, ccaFr] = await Promise.all([
    login(stack, 'commission@example.eu'),
    login(stack, 'cca-be@example.eu'),
    login(stack, 'cca-fr@example.eu'),
  ]);
  return { commission: commission!, ccaBe: ccaBe!, ccaFr: ccaFr! };
}
