import { type Expression, type RawBuilder, sql, type SqlBool } from 'kysely';
import type { FieldIssue } from '../../../shared/common.ts';
import { type CustomFieldFilter, parseCustomFieldFilter } from '../../../shared/custom-field-values.ts';
import type { CustomFieldType } from '../../../shared/custom-fields.ts';
import type { DbOrTx } from '../../db/database.ts';
import { invalidFields } from '../../http/errors.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { presentDefinition } from './custom-fields.presenter.ts';
import * as repo from './custom-fields.repository.ts';

/**
 * Custom field filters and sorts of the customer list, as jsonb expressions over
 * customers.custom_fields. Values there are typed by the registry, so each type
 * compares in its own domain (numbers numerically, dates as dates, money by amount).
 */
export interface CustomFieldQuery {
  filters: CustomFieldFilter[];
  sort: { key: string; type: CustomFieldType; descending: boolean } | null;
}

/** Checks `cf.<key>` filters and a `cf.<key>` sort against the registry; reads it only when one is used. */
export async function resolveCustomFieldQuery(
  db: DbOrTx,
  workspaceId: string,
  filter: { customFields?: Record<string, string> | undefined; sort: string },
): Promise<CustomFieldQuery> {
  const entries = Object.entries(filter.customFields ?? {});
  const sortKey = /^-?cf\.(.+)$/.exec(filter.sort)?.[1];
  if (entries.length === 0 && !sortKey) return { filters: [], sort: null };
  const definitions = new Map(
    (await repo.listDefinitions(db, workspaceId, { includeArchived: false })).map((row) => [row.key, presentDefinition(row)]),
  );
  const issues: FieldIssue[] = [];
  const filters: CustomFieldFilter[] = [];
  for (const [key, raw] of entries) {
    const definition = definitions.get(key);
    if (!definition) {
      issues.push({ path: `cf.${key}`, code: 'unknown_field', message: 'No active custom field has this key' });
      continue;
    }
    const parsed = parseCustomFieldFilter(definition, raw);
    if ('error' in parsed) issues.push({ path: `cf.${key}`, code: 'invalid_filter', message: parsed.error });
    else filters.push(parsed);
  }
  let sort: CustomFieldQuery['sort'] = null;
  if (sortKey) {
    const definition = definitions.get(sortKey);
    if (!definition) issues.push({ path: 'sort', code: 'unknown_field', message: `No active custom field has the key ${sortKey}` });
    else sort = { key: sortKey, type: definition.type, descending: filter.sort.startsWith('-') };
  }
  if (issues.length) throw invalidFields(issues);
  return { filters, sort };
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
const text = (key: string) => sql<string>`(customers.custom_fields ->> ${key})`;

/** The SQL condition of one filter. */
export function customFieldCondition(filter: CustomFieldFilter): Expression<SqlBool> {
  const { key } = filter;
  switch (filter.kind) {
    case 'text_contains':
      return sql<SqlBool>`lower(${text(key)}) like ${`%${escapeLike(filter.value.toLowerCase())}%`}`;
    case 'equals_text':
    case 'boolean':
      return sql<SqlBool>`customers.custom_fields @> ${JSON.stringify({ [key]: filter.value })}::jsonb`;
    case 'has_option':
      return sql<SqlBool>`customers.custom_fields @> ${JSON.stringify({ [key]: [filter.value] })}::jsonb`;
    case 'empty':
      return filter.empty
        ? sql<SqlBool>`not jsonb_exists(customers.custom_fields, ${key})`
        : sql<SqlBool>`jsonb_exists(customers.custom_fields, ${key})`;
    case 'range': {
      const value =
        filter.path === 'amount'
          ? sql`(customers.custom_fields -> ${key} ->> 'amount')::numeric`
          : filter.cast === 'date'
            ? sql`(customers.custom_fields ->> ${key})::date`
            : sql`(customers.custom_fields ->> ${key})::numeric`;
      const cast = (bound: string) => (filter.cast === 'date' ? sql`${bound}::date` : sql`${bound}::numeric`);
      const parts = [
        ...(filter.min !== null ? [sql`${value} >= ${cast(filter.min)}`] : []),
        ...(filter.max !== null ? [sql`${value} <= ${cast(filter.max)}`] : []),
      ];
      return sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
    }
  }
}

/** The sortable expression of a field, and the cast that turns a cursor's text back into it. */
export function customFieldSortExpression(sort: NonNullable<CustomFieldQuery['sort']>): { value: RawBuilder<unknown>; cast: (raw: string) => RawBuilder<unknown> } {
  const { key } = sort;
  switch (sort.type) {
    case 'number':
      return { value: sql`(customers.custom_fields ->> ${key})::numeric`, cast: (raw) => sql`${raw}::numeric` };
    case 'money':
      return { value: sql`(customers.custom_fields -> ${key} ->> 'amount')::numeric`, cast: (raw) => sql`${raw}::numeric` };
    case 'date':
      return { value: sql`(customers.custom_fields ->> ${key})::date`, cast: (raw) => sql`${raw}::date` };
    case 'boolean':
      return { value: sql`(customers.custom_fields ->> ${key})::boolean`, cast: (raw) => sql`${raw}::boolean` };
    default:
      return { value: sql`(customers.custom_fields ->> ${key})`, cast: (raw) => sql`${raw}::text` };
  }
}

/**
 * Keyset paging over a custom field, empty values last in both directions:
 * the cursor keeps the last value's text ('v:…', or 'n:' when empty) and id.
 */
export function customFieldCursorCondition(sort: NonNullable<CustomFieldQuery['sort']>, cursor: string): Expression<SqlBool> {
  const [marked, id] = decodeCursor(cursor);
  const { value, cast } = customFieldSortExpression(sort);
  const op = sort.descending ? sql`<` : sql`>`;
  if (marked.startsWith('n:')) return sql<SqlBool>`(${value} is null and customers.id ${op} ${id})`;
  const last = cast(marked.slice(2));
  return sql<SqlBool>`(${value} ${op} ${last} or (${value} = ${last} and customers.id ${op} ${id}) or ${value} is null)`;
}

export function customFieldCursor(value: string | null, id: string): string {
  return encodeCursor([value === null ? 'n:' : `v:${value}`, id]);
}

/**
 * Fastify preValidation hook of list routes: gathers the `cf.<key>=value`
 * query parameters into `customFields`, which the zod query schema validates.
 */
export async function gatherCustomFieldParams(request: { query: unknown }): Promise<void> {
  const query = request.query as Record<string, unknown> | undefined;
  if (!query) return;
  const customFields: Record<string, unknown> = {};
  for (const name of Object.keys(query)) {
    if (!name.startsWith('cf.')) continue;
    const value = query[name];
    customFields[name.slice(3)] = Array.isArray(value) ? value.at(-1) : value;
    delete query[name];
  }
  if (Object.keys(customFields).length) query.customFields = customFields;
}
