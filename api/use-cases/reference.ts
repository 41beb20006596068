// Reference lists (GET /api/reference/{list}) and the environment in every /api/environments/{env} path.
import { ENVIRONMENTS, type Environment } from '../../domain/enums';
import type { Db } from '../../lib/db';
import { ApiError } from '../errors';

export const REFERENCE_LISTS = ['countries', 'sections', 'activity-types', 'authority-roles', 'competences'] as const;
export type ReferenceList = (typeof REFERENCE_LISTS)[number];

export interface ReferenceItem {
  code: string;
  label: string;
  [extra: string]: unknown;
}

/** The environment named in a path, or 404 UNKNOWN_ENVIRONMENT. */
export function parseEnvironment(value: unknown): Environment {
  if (typeof value === 'string' && (ENVIRONMENTS as readonly string[]).includes(value)) return value as Environment;
  throw new ApiError(404, 'UNKNOWN_ENVIRONMENT', `Unknown environment; use one of ${ENVIRONMENTS.join(', ')}`);
}

export function createReferenceUseCases({ db }: { db: Db }) {
  return {
    /** GET /api/reference/{list} → {items: [{code, label, …}]}, ordered for a select box. */
    async list(name: string): Promise<{ items: ReferenceItem[] }> {
      switch (name as ReferenceList) {
        case 'countries': {
          const rows = await db.country.findMany({ orderBy: { name: 'asc' } });
          return { items: rows.map((c) => ({ code: c.code, label: c.name, isEu: c.isEu })) };
        }
        case 'sections': {
          const rows = await db.section.findMany({ orderBy: { label: 'asc' } });
          return { items: rows.map((s) => ({ code: s.code, label: s.label })) };
        }
        case 'activity-types': {
          const rows = await db.activityType.findMany({ orderBy: [{ sectionCode: 'asc' }, { label: 'asc' }] });
          return {
            items: rows.map((a) => ({
              code: a.code,
              label: a.label,
              section: a.sectionCode,
              requiresEori: a.requiresEori,
            })),
          };
        }
        case 'authority-roles': {
          const rows = await db.authorityRole.findMany({ orderBy: { code: 'asc' } });
          return { items: rows.map((r) => ({ code: r.code, label: r.label })) };
        }
        case 'competences': {
          const rows = await db.competence.findMany({ orderBy: { label: 'asc' } });
          return { items: rows.map((c) => ({ code: c.code, label: c.label })) };
        }
        default:
          throw new ApiError(
            404,
            'NOT_FOUND',
            `No reference list "${name.slice(0, 40)}"; use one of ${REFERENCE_LISTS.join(', ')}`,
          );
      }
    },
  };
}

export type ReferenceUseCases = ReturnType<typeof createReferenceUseCases>;
