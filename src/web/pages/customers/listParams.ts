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
}

type FilterPatch = Partial<{ [K in keyof CustomerFilters]: CustomerFilters[K] | null }>;

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
          for (const [key, value] of Object.entries(patch)) {
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
    () => update({ q: null, kind: null, status: null, ownerId: null, city: null, tag: null }),
    [update],
  );

  const active = Boolean(filters.q || filters.kind || filters.status || filters.ownerId || filters.city || filters.tag);
  return { filters, update, reset, active };
}
