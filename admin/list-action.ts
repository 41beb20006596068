// AdminJS's list action, with the total counted while the page is read: AdminJS reads the page, then its references,
// then counts, one after the other, and on a long queue the count is the slowest of the three (bench: back-office
// list). The count stops at LIST_COUNT_LIMIT: past it the list says "10,000+" and pages through the first 10,000
// (admin/components/list.jsx), since counting a million-row queue exactly costs more than the page itself. Otherwise
// the same as adminjs/lib/backend/actions/list: sort, filters, page size, populated references.
import type { ActionContext, ActionRequest } from 'adminjs' with { 'resolution-mode': 'import' };

type AdminJSModule = typeof import('adminjs', { with: { 'resolution-mode': 'import' } });

const PER_PAGE_LIMIT = 500;
/** Lists count up to this many rows; a total of LIST_COUNT_LIMIT + 1 means "more" (admin/components/list.jsx). */
export const LIST_COUNT_LIMIT = 10_000;

type CountsUpTo = {
  countUpTo?(filter: unknown, context: ActionContext, limit: number, sort?: object): Promise<number>;
};

export function concurrentListHandler(adminjs: AdminJSModule) {
  const { Filter, flat, populator } = adminjs;
  return async (request: ActionRequest, _response: unknown, context: ActionContext) => {
    const query = flat.unflatten((request.query ?? {}) as Record<string, unknown>) as {
      sortBy?: string;
      direction?: string;
      filters?: Record<string, unknown>;
      page?: string;
      perPage?: string;
    };
    const { resource, _admin, currentAdmin } = context;
    const perPage = query.perPage
      ? Math.min(Number(query.perPage), PER_PAGE_LIMIT)
      : (_admin.options.settings?.defaultPerPage ?? 10);
    const page = Number(query.page) || 1;
    const decorated = resource.decorate();
    const firstSortable = decorated.getListProperties().find((p) => p.isSortable());
    const defaults: { sortBy?: string; direction?: string } = decorated.options.sort ?? {};
    const sort = firstSortable
      ? {
          sortBy: query.sortBy || defaults.sortBy || firstSortable.name(),
          direction: (query.direction || defaults.direction || 'asc') === 'asc' ? ('asc' as const) : ('desc' as const),
        }
      : undefined;
    const filter = await new Filter(query.filters ?? {}, resource).populate(context);
    const [records, total] = await Promise.all([
      resource
        .find(filter, { limit: perPage, offset: (page - 1) * perPage, sort }, context)
        .then((found) => populator(found, context)),
      (resource as unknown as CountsUpTo).countUpTo?.(filter, context, LIST_COUNT_LIMIT + 1, sort) ??
        resource.count(filter, context),
    ]);
    context.records = records;
    return {
      meta: { total, perPage, page, direction: sort?.direction, sortBy: sort?.sortBy },
      records: records.map((r) => r.toJSON(currentAdmin)),
    };
  };
}
