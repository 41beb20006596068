// Directory search: ACTIVE operators, authorities and control bodies of one
// environment. Text search is case- and accent-insensitive over Organisation.searchText; paging with page/pageSize.
import { FieldCode } from '../../domain/contracts';
import type { Prisma } from '@prisma/client';
import { z } from 'zod';
import type { Environment } from '../../domain/enums';
import { foldForSearch } from '../../domain/search-text';
import type { Db } from '../../lib/db';
import { ApiError, parseInput, type FieldErrors } from '../errors';

const code = (max = 50) => z.string().trim().min(1).max(max);
const paging = {
  page: z.coerce.number().int('A whole number').min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int('A whole number').min(1).max(100).default(20),
};
const country = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, FieldCode.invalidCountry);
const text = z.string().max(100);

const operatorQuery = z
  .object({ country, section: code().optional(), activityType: code().optional(), q: text.optional(), ...paging })
  .strict();
const authorityQuery = z
  .object({
    country: country.optional(),
    role: code().optional(),
    competence: code().optional(),
    q: text.optional(),
    ...paging,
  })
  .strict();
const controlBodyQuery = z
  .object({ country: country.optional(), controlBodyKey: code(100).optional(), q: text.optional(), ...paging })
  .strict();

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

const textFilter = (q: string | undefined): Prisma.OrganisationWhereInput[] =>
  // Prisma passes LIKE wildcards through: escape them so that "%" or "_" are searched for literally.
  foldForSearch(q)
    .split(' ')
    .filter(Boolean)
    .map((word) => ({ searchText: { contains: word.replace(/[\\%_]/g, '\\$&') } }));

const address = (o: { street: string | null; postcode: string | null; city: string | null }) => ({
  street: o.street,
  postcode: o.postcode,
  city: o.city,
});

export function createDirectoryUseCases({ db }: { db: Db }) {
  /** Unknown reference codes are named in a 400, so that a typo is not an empty result. */
  async function assertKnown(
    checks: Array<[field: string, value: string | undefined, exists: (v: string) => Promise<unknown>]>,
  ) {
    const fields: FieldErrors = {};
    for (const [field, value, exists] of checks) {
      if (value !== undefined && !(await exists(value)))
        fields[field] = { code: 'UNKNOWN_VALUE', params: { field, value: value.slice(0, 100) } };
    }
    if (Object.keys(fields).length) throw new ApiError(400, 'VALIDATION_FAILED', 'Some filters are unknown', fields);
  }
  const countryExists = (c: string) => db.country.findUnique({ where: { code: c } });

  async function search<I extends Prisma.OrganisationInclude, T>(
    where: Prisma.OrganisationWhereInput,
    paging: { page: number; pageSize: number },
    include: I,
    map: (row: Prisma.OrganisationGetPayload<{ include: I }>) => T,
  ): Promise<Page<T>> {
    const [total, rows] = await Promise.all([
      db.organisation.count({ where }),
      db.organisation.findMany({
        where,
        include,
        orderBy: [{ name: 'asc' }, { id: 'asc' }],
        skip: (paging.page - 1) * paging.pageSize,
        take: paging.pageSize,
      }) as Promise<Array<Prisma.OrganisationGetPayload<{ include: I }>>>,
    ]);
    return { items: rows.map(map), page: paging.page, pageSize: paging.pageSize, total };
  }

  return {
    /** Operators of a country (required), by section, activity type and text on name, address and EORI. */
    async operators(environment: Environment, query: unknown) {
      const input = parseInput(operatorQuery, query);
      await assertKnown([
        ['country', input.country, countryExists],
        ['section', input.section, (c) => db.section.findUnique({ where: { code: c } })],
        ['activityType', input.activityType, (c) => db.activityType.findUnique({ where: { code: c } })],
      ]);
      const activity =
        input.section || input.activityType
          ? { activities: { some: { sectionCode: input.section, activityTypeCode: input.activityType } } }
          : {};
      return search(
        {
          environment,
          kind: 'OPERATOR',
          status: 'ACTIVE',
          countryCode: input.country,
          ...activity,
          AND: textFilter(input.q),
        },
        input,
        { activities: { include: { activityType: true } } },
        (o) => ({
          id: o.id,
          name: o.name,
          country: o.countryCode,
          code: o.code,
          eori: o.eori,
          ...address(o),
          activities: o.activities.map((a) => ({
            section: a.sectionCode,
            activityType: a.activityTypeCode,
            label: a.activityType.label,
          })),
        }),
      );
    },

    /** Authorities by country, role (BCP, CO, CCA …), competence and name. */
    async authorities(environment: Environment, query: unknown) {
      const input = parseInput(authorityQuery, query);
      await assertKnown([
        ['country', input.country, countryExists],
        ['role', input.role, (c) => db.authorityRole.findUnique({ where: { code: c } })],
        ['competence', input.competence, (c) => db.competence.findUnique({ where: { code: c } })],
      ]);
      return search(
        {
          environment,
          kind: 'AUTHORITY',
          status: 'ACTIVE',
          countryCode: input.country,
          authorityRoleCode: input.role,
          ...(input.competence ? { competences: { some: { competenceCode: input.competence } } } : {}),
          AND: textFilter(input.q),
        },
        input,
        { competences: true },
        (o) => ({
          id: o.id,
          name: o.name,
          country: o.countryCode,
          code: o.code,
          ...address(o),
          role: o.authorityRoleCode,
          competences: o.competences.map((c) => c.competenceCode),
        }),
      );
    },

    /**
     * Control bodies by country and name: one entry per certified country, each with its own code. Entries of one
     * body share controlBodyKey, so a client can tick one country or, filtering by that key, all of them.
     */
    async controlBodies(environment: Environment, query: unknown) {
      const input = parseInput(controlBodyQuery, query);
      await assertKnown([['country', input.country, countryExists]]);
      return search(
        {
          environment,
          kind: 'CONTROL_BODY',
          status: 'ACTIVE',
          countryCode: input.country,
          controlBodyKey: input.controlBodyKey,
          AND: textFilter(input.q),
        },
        input,
        {},
        (o) => ({
          id: o.id,
          name: o.name,
          country: o.countryCode,
          code: o.code,
          ...address(o),
          controlBodyKey: o.controlBodyKey,
        }),
      );
    },
  };
}

export type DirectoryUseCases = ReturnType<typeof createDirectoryUseCases>;
