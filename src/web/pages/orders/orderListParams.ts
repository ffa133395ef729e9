import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { OrderChannelSchema, OrderSortSchema, OrderStatusSchema, type OrderChannel, type OrderSort, type OrderStatus } from '../../../shared/orders.ts';
import type { OrderListParams } from '../../api/orders.ts';

export const PAGE_SIZES = [20, 50, 100] as const;
export const DEFAULT_SORT: OrderSort = '-orderedAt';

export interface OrderFilters {
  customerId: string | undefined;
  status: OrderStatus | undefined;
  channel: OrderChannel | undefined;
  ownerId: string | undefined;
  orderNo: string;
  /** YYYY-MM-DD, the first day included */
  from: string;
  /** YYYY-MM-DD, the last day included */
  to: string;
  sort: OrderSort;
  limit: number;
}

type FilterPatch = Partial<{ [K in keyof OrderFilters]: OrderFilters[K] | null }>;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function parse(params: URLSearchParams): OrderFilters {
  const limit = Number(params.get('limit'));
  const day = (key: string) => (DAY.test(params.get(key) ?? '') ? params.get(key)! : '');
  return {
    customerId: params.get('customerId') || undefined,
    status: OrderStatusSchema.safeParse(params.get('status')).data,
    channel: OrderChannelSchema.safeParse(params.get('channel')).data,
    ownerId: params.get('ownerId') || undefined,
    orderNo: params.get('orderNo') ?? '',
    from: day('from'),
    to: day('to'),
    sort: OrderSortSchema.safeParse(params.get('sort')).data ?? DEFAULT_SORT,
    limit: (PAGE_SIZES as readonly number[]).includes(limit) ? limit : PAGE_SIZES[0],
  };
}

const DEFAULTS: Partial<Record<keyof OrderFilters, string>> = { sort: DEFAULT_SORT, limit: String(PAGE_SIZES[0]) };

/** A local day at midnight in the browser's time zone, as an ISO timestamp with offset (what the API takes). */
function dayStart(day: string, plusDays = 0): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(y, m - 1, d + plusDays);
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const hh = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const mm = String(Math.abs(offset) % 60).padStart(2, '0');
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T00:00:00${sign}${hh}:${mm}`;
}

/** The API query for the filters (dates become [from 00:00, to + 1 day 00:00)). */
export function toListParams(filters: OrderFilters, cursor: string | undefined): OrderListParams {
  return {
    ...(filters.customerId ? { customerId: filters.customerId } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.channel ? { channel: filters.channel } : {}),
    ...(filters.ownerId ? { ownerId: filters.ownerId } : {}),
    ...(filters.orderNo ? { orderNo: filters.orderNo } : {}),
    ...(filters.from ? { from: dayStart(filters.from) } : {}),
    ...(filters.to ? { to: dayStart(filters.to, 1) } : {}),
    sort: filters.sort,
    limit: filters.limit,
    ...(cursor ? { cursor } : {}),
  };
}

/** The list's filters, sort and page size live in the URL, so reload and back keep them. */
export function useOrderFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parse(params), [params]);
  const update = useCallback(
    (patch: FilterPatch) => {
      setParams((previous) => {
        const next = new URLSearchParams(previous);
        for (const [key, value] of Object.entries(patch)) {
          const text = value === null || value === undefined ? '' : String(value).trim();
          if (text === '' || DEFAULTS[key as keyof OrderFilters] === text) next.delete(key);
          else next.set(key, text);
        }
        return next;
      });
    },
    [setParams],
  );
  const reset = useCallback(
    () => update({ customerId: null, status: null, channel: null, ownerId: null, orderNo: null, from: null, to: null }),
    [update],
  );
  const active = Boolean(filters.customerId || filters.status || filters.channel || filters.ownerId || filters.orderNo || filters.from || filters.to);
  return { filters, update, reset, active };
}

/** Cursors of the pages visited so far under the current filters; a filter change starts over. */
export function useCursorStack(key: string) {
  const [state, setState] = useState<{ key: string; cursors: (string | undefined)[] }>({ key, cursors: [undefined] });
  const cursors = state.key === key ? state.cursors : [undefined];
  return {
    cursor: cursors[cursors.length - 1],
    page: cursors.length,
    push: (next: string) => setState({ key, cursors: [...cursors, next] }),
    pop: () => setState({ key, cursors: cursors.length > 1 ? cursors.slice(0, -1) : cursors }),
  };
}
