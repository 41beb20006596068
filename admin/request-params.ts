// The back-office's parameters checked before AdminJS reads them: an unknown resource is 404, a bad page, page size,
// enum filter or date filter is 400, and characters PostgreSQL cannot store are 400 - all in the error contract,
// so that no parameter reaches Prisma as something it fails on (which AdminJS would answer with a 500).
import type { RequestHandler } from 'express';
import { checkPath, unstorableError, unstorableFields } from '../api/input-guards';

export interface ParamModels {
  /** Resource id (the Prisma model name) → field name → enum values (enum fields), scalar type, and uuid or not. */
  fields: Record<string, Record<string, { enumValues?: string[]; type: string; uuid?: boolean }>>;
}

const error = (status: number, code: string, message: string, fields?: Record<string, string>) => ({
  error: { code, message, fields },
});

/** The fields of each model as the DMMF datamodel describes them. */
export function paramModels(datamodel: {
  models: Array<{
    name: string;
    fields: Array<{ name: string; kind: string; type: string; nativeType?: unknown[] | null; isId?: boolean }>;
  }>;
  enums: Array<{ name: string; values: Array<{ name: string }> }>;
}): ParamModels {
  const enums = Object.fromEntries(datamodel.enums.map((e) => [e.name, e.values.map((v) => v.name)]));
  return {
    fields: Object.fromEntries(
      datamodel.models.map((m) => [
        m.name,
        Object.fromEntries(
          m.fields.map((f) => [
            f.name,
            {
              type: f.type,
              enumValues: f.kind === 'enum' ? enums[f.type] : undefined,
              uuid: Array.isArray(f.nativeType) && f.nativeType[0] === 'Uuid',
            },
          ]),
        ),
      ]),
    ),
  };
}

const WHOLE = /^\d{1,6}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Longer search terms than any name, e-mail or code (PostgreSQL's index would refuse to help, not fail). */
const MAX_SEARCH = 200;
/** The actions the back-office defines (AdminJS's own and admin/decision-actions.ts); any other name is 404. */
const ACTION_NAME = /^[a-zA-Z][a-zA-Z0-9]{0,40}$/;

/** The field errors of a list, search or export query of one resource. */
function queryErrors(fields: ParamModels['fields'][string], query: Record<string, unknown>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [key, raw] of Object.entries(query)) {
    const value = Array.isArray(raw) ? raw.join(',') : String(raw ?? '');
    if (key === 'page' && value !== '' && !(WHOLE.test(value) && Number(value) >= 1 && Number(value) <= 10_000))
      errors[key] = 'A page number from 1 to 10000';
    if (key === 'perPage' && value !== '' && !(WHOLE.test(value) && Number(value) >= 1 && Number(value) <= 500))
      errors[key] = 'A page size from 1 to 500';
    if (key === 'direction' && value !== '' && !['asc', 'desc'].includes(value)) errors[key] = 'asc or desc';
    const filter = /^filters\.([^~]+)(~~(from|to))?$/.exec(key);
    if (!filter || value === '') continue;
    const field = fields[filter[1]!];
    if (field?.enumValues && !field.enumValues.includes(value)) errors[key] = `One of ${field.enumValues.join(', ')}`;
    if (field?.type === 'DateTime' && Number.isNaN(Date.parse(value))) errors[key] = 'A date such as 2026-01-31';
    if (field?.type === 'Int' && !/^-?\d{1,15}$/.test(value)) errors[key] = 'A whole number';
    if (field?.uuid && !UUID.test(value)) errors[key] = 'An id such as 3f2b…-…';
    if (field?.type === 'BigInt' && !/^\d{1,18}$/.test(value)) errors[key] = 'A whole number';
  }
  return errors;
}

/** Mounted on the back-office router after the session guard, before AdminJS. */
export function checkAdminParams(
  models: ParamModels,
  actionsOf?: (resourceId: string) => string[] | undefined,
): RequestHandler {
  return (req, res, next) => {
    const pathError = checkPath(req.path);
    if (pathError) return res.status(400).json(error(400, pathError.code, pathError.message, pathError.fields));
    const bad = unstorableFields({ query: req.query, body: req.body });
    if (bad.length) {
      const e = unstorableError(bad);
      return res.status(400).json(error(400, e.code, e.message, e.fields));
    }
    // /api/resources/:resourceId/… and /resources/:resourceId/… (the pages): the resource must exist.
    const resource = /^\/(?:api\/)?resources\/([^/]+)/.exec(req.path)?.[1];
    if (resource === undefined) return next();
    const fields = models.fields[decodeURIComponent(resource)];
    if (!fields) return res.status(404).json(error(404, 'NOT_FOUND', 'No such resource'));
    const errors = {
      ...queryErrors(fields, req.query as Record<string, unknown>),
      ...routeErrors(fields, req, actionsOf?.(decodeURIComponent(resource))),
    };
    if (errors.action) return res.status(404).json(error(404, 'NOT_FOUND', 'No such action'));
    if (Object.keys(errors).length)
      return res.status(400).json(error(400, 'VALIDATION_FAILED', 'Some parameters are invalid', errors));
    next();
  };
}

/** Record ids, bulk ids, search terms and action names in the path of a resource's routes. */
function routeErrors(
  fields: ParamModels['fields'][string],
  req: Parameters<RequestHandler>[0],
  actions: string[] | undefined,
): Record<string, string> {
  const errors: Record<string, string> = {};
  const known = (name: string) => ACTION_NAME.test(name) && (actions === undefined || actions.includes(name));
  const idIsUuid = fields.id?.uuid === true;
  const badId = (id: string) =>
    (idIsUuid && !UUID.test(id)) || (fields.id?.type === 'BigInt' && !/^\d{1,18}$/.test(id));
  const parts = req.path
    .split('/')
    .filter(Boolean)
    .map((p) => decodeURIComponent(p));
  const at = parts.indexOf('resources');
  const [, , section, first, second] = parts.slice(at);
  if (section === 'records' && first !== undefined) {
    if (badId(first)) errors.recordId = 'Not an id of this resource';
    if (second !== undefined && !known(second)) errors.action = 'No such action';
  }
  if ((section === 'actions' || section === 'bulk') && first !== undefined && !known(first)) {
    errors.action = 'No such action';
  }
  const term = section === 'search' ? first : section === 'actions' && first === 'search' ? second : undefined;
  if (term !== undefined && term.length > MAX_SEARCH) {
    errors.query = `At most ${MAX_SEARCH} characters`;
  }
  const ids = req.query.recordIds;
  if (section === 'bulk' && typeof ids === 'string' && ids !== '') {
    if (ids.split(',').some(badId)) errors.recordIds = 'Ids of this resource, separated by commas';
  }
  return errors;
}
