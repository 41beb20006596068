// Directory entries for tests that need an organisation of their own (e.g. nobody administers it yet).
import crypto from 'node:crypto';
import { foldForSearch } from '../../domain/search-text';
import { seedUuid } from '../../prisma/seed';
import type { TestStack } from './stack';
import { comparableName } from '../../domain/operator-rules';

/** The id of an organisation seeded from the guide (prisma/seed-data.ts), keyed as prisma/seed.ts keys it. */
export const seededId = (environment: string, kind: string, codeOrName: string, country: string) =>
  seedUuid(`${environment}:${kind}:${codeOrName}:${country}`);

/** A new ACTIVE Belgian (or other) operator with a unique name, straight into the directory. */
export async function newOperator(stack: TestStack, environment = 'production', country = 'BE') {
  const name = `Fixture Operator ${crypto.randomUUID().slice(0, 8)}`;
  return stack.db.organisation.create({
    data: {
      environment: environment as 'production',
      kind: 'OPERATOR',
      status: 'ACTIVE',
      name,
      countryCode: country,
      street: 'Teststraat 1',
      postcode: '1000',
      city: 'Brussel',
      searchText: foldForSearch(name, 'Teststraat 1', '1000', 'Brussel'),
      comparableName: comparableName(name),
      activities: { create: [{ sectionCode: 'FLEGT', activityTypeCode: 'FLEGT_TIMBER_IMPORT' }] },
    },
  });
}
