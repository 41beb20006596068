// The AdminJS resource over Prisma with row-level scoping: every read AdminJS makes (list, show, search, filters,
// reference lookups, export, record and bulk actions) goes through find/count/findOne/findMany with the action's
// context, so adding the approver's where-clause here covers them all. No context, no rows (fail closed).
// Generic writes are refused outright: state changes go through Temporal workflows only.
import type { ActionContext, BaseRecord as BaseRecordType, Filter } from 'adminjs' with { 'resolution-mode': 'import' };
import { foldForSearch } from '../domain/search-text';
import type { AdminUser } from './session-security';

type AdminJSModule = typeof import('adminjs', { with: { 'resolution-mode': 'import' } });
type AdminPrismaModule = typeof import('@adminjs/prisma', { with: { 'resolution-mode': 'import' } });

export interface DmmfField {
  name: string;
  kind: string;
  type: string;
  relationName?: string;
  relationFromFields?: string[];
  isId?: boolean;
  isReadOnly?: boolean;
}
export interface DmmfModel {
  name: string;
  fields: DmmfField[];
}

export interface ScopedResourceArgs {
  model: DmmfModel;
  client: unknown;
  /** The Prisma where-clause of what this admin user may read. */
  scope: (user: AdminUser | undefined) => object;
  /** Columns that never leave the database through the back-office (and so cannot be filtered or sorted on). */
  hiddenFields?: string[];
  /** The where-clause of the list's one search box (`filters.q`), if the resource has one. */
  search?: (term: string) => Promise<object>;
  /** Filters that are no column (`filters.<name>=<value>`): the where-clause of each value for the signed-in user. */
  views?: Record<string, (value: string, user: AdminUser | undefined) => object>;
}

/** PostgreSQL's spelling of foldForSearch (domain/search-text.ts): NFD, combining marks removed, lower case. */
const FOLD = (column: string) => `lower(regexp_replace(normalize("${column}", NFD), '[\u0300-\u036f]', '', 'g'))`;

type RawClient = { $queryRawUnsafe<T>(sql: string, ...values: unknown[]): Promise<T> };
type Sort = { sortBy?: string; direction?: 'asc' | 'desc' };
type Manager = {
  count(args: object): Promise<number>;
  findMany(args: object): Promise<Array<Record<string, unknown>>>;
  findFirst(args: object): Promise<Record<string, unknown> | null>;
};

/** A malformed id or filter value (say, not a UUID) matches nothing rather than failing the page. */
async function orNothing<T>(query: Promise<T>, nothing: T): Promise<T> {
  try {
    return await query;
  } catch (error) {
    const e = error as { code?: string; message?: string };
    if (e.code === 'P2023' || /invalid input syntax|Inconsistent column data|22P02/i.test(e.message ?? ''))
      return nothing;
    throw error;
  }
}

/** BigInt ids (audit events) do not survive JSON: they travel as strings. */
function jsonSafe(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) out[key] = typeof value === 'bigint' ? value.toString() : value;
  return out;
}

export function createScopedResourceClass(adminjs: AdminJSModule, adminPrisma: AdminPrismaModule) {
  const { BaseRecord } = adminjs;
  const { Resource, convertFilter, convertParam } = adminPrisma;

  class ScopedResource extends Resource {
    private readonly scope: ScopedResourceArgs['scope'];
    private readonly search: ScopedResourceArgs['search'];
    private readonly views: NonNullable<ScopedResourceArgs['views']>;

    constructor(args: ScopedResourceArgs) {
      const hidden = new Set(args.hiddenFields ?? []);
      const model = { ...args.model, fields: args.model.fields.filter((f) => !hidden.has(f.name)) };
      super({ model, client: args.client } as never);
      this.scope = args.scope;
      this.search = args.search;
      this.views = args.views ?? {};
    }

    static override isAdapterFor(args: unknown): boolean {
      const a = args as Partial<ScopedResourceArgs> | undefined;
      return typeof a?.scope === 'function' && !!a.model && !!a.client;
    }

    private async where(filter: Filter | undefined, context: ActionContext | undefined): Promise<object> {
      const fields = (this.model as unknown as DmmfModel).fields;
      const user = context?.currentAdmin as AdminUser | undefined;
      // Only columns of this resource may be filtered on: a hidden column (or a made-up one) is not a filter.
      const known = Object.entries(filter?.filters ?? {}).filter(([path, f]) => f.property && this.property(path));
      // Free-text filters compare case- and accent-free; enums, ids, dates and references as AdminJS does.
      const text = known.filter(([path, f]) => this.isFreeText(path, String(f.value ?? '')));
      const rest = known.filter(([path]) => !text.some(([t]) => t === path));
      const folded = await Promise.all(text.map(([path, f]) => this.foldedWhere(path, String(f.value))));
      const term = String((filter?.filters as Record<string, { value?: unknown }> | undefined)?.q?.value ?? '').trim();
      const searched = term && this.search ? [await this.search(term)] : [];
      const raw = (filter?.filters ?? {}) as Record<string, { value?: unknown }>;
      const viewed = Object.entries(this.views)
        .filter(([name]) => raw[name]?.value !== undefined && raw[name]?.value !== '')
        .map(([name, where]) => where(String(raw[name]!.value), user));
      return {
        AND: [
          convertFilter(fields as never, { filters: Object.fromEntries(rest) } as never),
          ...folded,
          ...searched,
          ...viewed,
          this.scope(user),
        ],
      };
    }

    private isFreeText(path: string, value: string): boolean {
      const field = (this.model as unknown as DmmfModel).fields.find((f) => f.name === path);
      const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
      return field?.kind === 'scalar' && field.type === 'String' && !field.isId && !uuid;
    }

    /** Rows whose column contains the value, compared as foldForSearch would (a column name from the schema). */
    private async foldedWhere(column: string, value: string): Promise<object> {
      const idField = (this.model as unknown as DmmfModel).fields.find((f) => f.isId);
      if (!idField) return {};
      const like = `%${foldForSearch(value).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const table = (this.model as unknown as DmmfModel).name;
      const rows = await orNothing(
        (this.client as RawClient).$queryRawUnsafe<Array<{ id: string }>>(
          `SELECT "${idField.name}"::text AS id FROM "${table}" WHERE ${FOLD(column)} LIKE $1 LIMIT 10000`,
          like,
        ),
        [],
      );
      const ids = rows.map((r) =>
        idField.type === 'BigInt' ? BigInt(r.id) : idField.type === 'Int' ? Number(r.id) : r.id,
      );
      return { [idField.name]: { in: ids } };
    }

    /** Sorting by a hidden or unknown column falls back to the id, so the order cannot leak a hidden value. */
    protected override buildSortBy(sort: Sort = {}) {
      const base = sort.sortBy?.split('.')[0];
      return super.buildSortBy(base && this.property(base) ? sort : { direction: sort.direction });
    }

    /** The list's order, with rows that tie (requests of one instant) by id: no row shows on two pages or on none. */
    private orderBy(sort: Sort): object {
      const order = this.buildSortBy(sort);
      const id = this.properties()
        .find((p) => p.isId())
        ?.path();
      return id && !(id in order) ? [order, { [id]: sort.direction ?? 'desc' }] : order;
    }

    private get rows(): Manager {
      return this.manager as unknown as Manager;
    }

    private record(row: Record<string, unknown>): BaseRecordType {
      return new BaseRecord(this.prepareReturnValues(jsonSafe(row)), this);
    }

    private idWhere(id: string | number): object | undefined {
      const idProperty = this.properties().find((p) => p.isId());
      if (!idProperty) return undefined;
      const fields = (this.model as unknown as DmmfModel).fields;
      return { [idProperty.path()]: convertParam(idProperty, fields as never, id) };
    }

    override async count(filter: Filter, context?: ActionContext): Promise<number> {
      return orNothing(this.rows.count({ where: await this.where(filter, context) }), 0);
    }

    /** The count, stopping at `limit` rows (the lists' "10,000+", admin/list-action.ts). */
    async countUpTo(
      filter: Filter,
      context: ActionContext | undefined,
      limit: number,
      sort: Sort = {},
    ): Promise<number> {
      // In the list's order: Prisma orders a limited count, by the id unless told, which reads the whole table.
      const where = await this.where(filter, context);
      return orNothing(this.rows.count({ where, take: limit, orderBy: this.orderBy(sort) }), 0);
    }

    override async find(
      filter: Filter,
      params: { limit?: number; offset?: number; sort?: Sort } = {},
      context?: ActionContext,
    ): Promise<BaseRecordType[]> {
      const { limit = 10, offset = 0, sort = {} } = params;
      const rows = await orNothing(
        this.rows.findMany({
          where: await this.where(filter, context),
          skip: offset,
          take: limit,
          orderBy: this.orderBy(sort),
        }),
        [],
      );
      return rows.map((row) => this.record(row));
    }

    override async findOne(id: string | number, context?: ActionContext): Promise<BaseRecordType | null> {
      const idWhere = this.idWhere(id);
      if (!idWhere) return null;
      const row = await orNothing(
        this.rows.findFirst({ where: { AND: [idWhere, await this.where(undefined, context)] } }),
        null,
      );
      return row ? this.record(row) : null;
    }

    override async findMany(ids: Array<string | number>, context?: ActionContext): Promise<BaseRecordType[]> {
      const idProperty = this.properties().find((p) => p.isId());
      if (!idProperty || !ids.length) return [];
      const fields = (this.model as unknown as DmmfModel).fields;
      const inIds = { [idProperty.path()]: { in: ids.map((id) => convertParam(idProperty, fields as never, id)) } };
      const rows = await orNothing(
        this.rows.findMany({ where: { AND: [inIds, await this.where(undefined, context)] } }),
        [],
      );
      return rows.map((row) => this.record(row));
    }

    override async create(): Promise<Record<string, unknown>> {
      throw new Error('The back-office does not write records; decisions go through the workflows');
    }

    override async update(): Promise<Record<string, unknown>> {
      throw new Error('The back-office does not write records; decisions go through the workflows');
    }

    override async delete(): Promise<void> {
      throw new Error('The back-office does not write records; decisions go through the workflows');
    }
  }
  return ScopedResource;
}
