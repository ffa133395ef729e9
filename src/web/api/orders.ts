import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { EventList } from '../../shared/events.ts';
import type { ChangeOrderStatusBody, CreateOrderInput, Order, OrderList, OrderListQuery, OrderSummary } from '../../shared/orders.ts';
import { api } from './client.ts';

export type OrderListParams = Partial<OrderListQuery>;

/** Query keys of orders (kept here rather than in keys.ts: only these hooks use them). */
export const orderKeys = {
  all: ['orders'] as const,
  list: (params: OrderListParams) => ['orders', 'list', params] as const,
  detail: (id: string) => ['orders', 'detail', id] as const,
  events: (id: string) => ['orders', 'detail', id, 'events'] as const,
  customer: (customerId: string) => ['orders', 'customer', customerId] as const,
  customerList: (customerId: string, limit: number) => ['orders', 'customer', customerId, 'list', limit] as const,
  customerSummary: (customerId: string) => ['orders', 'customer', customerId, 'summary'] as const,
};

export function useOrderList(params: OrderListParams) {
  return useQuery({
    queryKey: orderKeys.list(params),
    queryFn: ({ signal }) => api.get<OrderList>('/api/orders', { ...params }, signal),
    placeholderData: (previous) => previous,
  });
}

export function useOrder(id: string) {
  return useQuery({
    queryKey: orderKeys.detail(id),
    queryFn: ({ signal }) => api.get<Order>(`/api/orders/${encodeURIComponent(id)}`, undefined, signal),
  });
}

export function useOrderEvents(id: string, pageSize = 20) {
  return useInfiniteQuery({
    queryKey: orderKeys.events(id),
    queryFn: ({ pageParam, signal }) =>
      api.get<EventList>(`/api/orders/${encodeURIComponent(id)}/events`, { limit: pageSize, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useCustomerOrders(customerId: string, limit: number, enabled = true) {
  return useQuery({
    queryKey: orderKeys.customerList(customerId, limit),
    queryFn: ({ signal }) => api.get<OrderList>(`/api/customers/${encodeURIComponent(customerId)}/orders`, { limit }, signal),
    enabled,
  });
}

export function useCustomerOrderSummary(customerId: string, enabled = true) {
  return useQuery({
    queryKey: orderKeys.customerSummary(customerId),
    queryFn: ({ signal }) => api.get<OrderSummary>(`/api/customers/${encodeURIComponent(customerId)}/order-summary`, undefined, signal),
    enabled,
  });
}

function useOrderWritten() {
  const queryClient = useQueryClient();
  return (order: Order) => {
    queryClient.setQueryData(orderKeys.detail(order.id), order);
    void queryClient.invalidateQueries({ queryKey: orderKeys.events(order.id) });
    void queryClient.invalidateQueries({ queryKey: ['orders', 'list'] });
    void queryClient.invalidateQueries({ queryKey: orderKeys.customer(order.customerId) });
  };
}

export function useCreateOrder() {
  const written = useOrderWritten();
  return useMutation({
    mutationFn: (body: CreateOrderInput) => api.post<Order>('/api/orders', body),
    onSuccess: written,
  });
}

export function useChangeOrderStatus(id: string) {
  const written = useOrderWritten();
  return useMutation({
    mutationFn: (body: ChangeOrderStatusBody) => api.post<Order>(`/api/orders/${encodeURIComponent(id)}/status`, body),
    onSuccess: written,
  });
}
