import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import {
  CustomerKindSchema,
  CustomerSortSchema,
  CustomerStatusSchema,
  type CustomerKind,
  type CustomerSort,
  type CustomerStatus,
} from '../../../shared/customers.ts';

export const PAGE_SIZES = [20, 50, 100] as const;
export const DEFAULT_SORT: CustomerSort = '-updatedAt';

export interface CustomerFilters {
  q: string;
  kind: CustomerKind | undefined;
  status: CustomerStatus | undefined;
  ownerId: string | undefined;
  city: string;
  tag: string;
  sort: CustomerSort;
  limit: number;
  /** `cf.<key>=…` filters on custom fields, as the API reads them (see parseCustomFieldFilter) */
  customFields: Record<string, string>;
}

type FilterPatch = Partial<{ [K in Exclude<keyof CustomerFilters, 'customFields'>]: CustomerFilters[K] | null }> & {
  /** per custom field key: the filter text, or null to drop it */
  customFields?: Record<string, string | null>;
};

function parse(params: URLSearchParams): CustomerFilters {
  const limit = Number(params.get('limit'));
  return {
    q: params.get('q') ?? '',
    kind: CustomerKindSchema.safeParse(params.get('kind')).data,
    status: CustomerStatusSchema.safeParse(params.get('status')).data,
    ownerId: params.get('ownerId') || undefined,
    city: params.get('city') ?? '',
    tag: params.get('tag') ?? '',
    sort: CustomerSortSchema.safeParse(params.get('sort')).data ?? DEFAULT_SORT,
    limit: (PAGE_SIZES as readonly number[]).includes(limit) ? limit : PAGE_SIZES[0],
    customFields: Object.fromEntries([...params].filter(([key, value]) => key.startsWith('cf.') && value !== '').map(([key, value]) => [key.slice(3), value])),
  };
}

const DEFAULTS: Partial<Record<keyof CustomerFilters, string>> = { sort: DEFAULT_SORT, limit: String(PAGE_SIZES[0]) };

/** The list's search, filters, sort and page size live in the URL, so reload and back keep them. */
export function useCustomerFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parse(params), [params]);

  const update = useCallback(
    (patch: FilterPatch, options: { replace?: boolean } = {}) => {
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          const { customFields, ...rest } = patch;
          for (const [key, value] of Object.entries(customFields ?? {})) {
            // Kept as typed: "=text" and ranges are meaningful, and an exact text match may have spaces.
            if (value === null || value === '') next.delete(`cf.${key}`);
            else next.set(`cf.${key}`, value);
          }
          for (const [key, value] of Object.entries(rest)) {
            const text = value === null || value === undefined ? '' : String(value).trim();
            if (text === '' || DEFAULTS[key as keyof CustomerFilters] === text) next.delete(key);
            else next.set(key, text);
          }
          return next;
        },
        { replace: options.replace ?? false },
      );
    },
    [setParams],
  );

  const reset = useCallback(
    () =>
      update({
        q: null,
        kind: null,
        status: null,
        ownerId: null,
        city: null,
        tag: null,
        customFields: Object.fromEntries(Object.keys(filters.customFields).map((key) => [key, null])),
      }),
    [update, filters.customFields],
  );

  const active = Boolean(
    filters.q || filters.kind || filters.status || filters.ownerId || filters.city || filters.tag || Object.keys(filters.customFields).length,
  );
  return { filters, update, reset, active };
}
