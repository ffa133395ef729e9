import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateCustomerInput, Customer, CustomerList } from '../../shared/customers.ts';
import type { EventList } from '../../shared/events.ts';
import { api } from './client.ts';
import { queryKeys, type CustomerListParams } from './keys.ts';

export type CustomerPatch = { version: number } & Partial<Omit<CreateCustomerInput, 'city' | 'address' | 'ownerId'>> & {
  city?: string | null;
  address?: string | null;
  ownerId?: string | null;
};

/** The list's parameters as sent: custom field filters are already their own `cf.<key>` parameters. */
export function toListQuery(params: CustomerListParams): Record<string, string | number | undefined> {
  return { ...params };
}

export function useCustomerList(params: CustomerListParams) {
  return useQuery({
    queryKey: queryKeys.customerList(params),
    queryFn: ({ signal }) => api.get<CustomerList>('/api/customers', toListQuery(params), signal),
    placeholderData: (previous) => previous,
  });
}

export function useCustomer(id: string) {
  return useQuery({
    queryKey: queryKeys.customer(id),
    queryFn: ({ signal }) => api.get<Customer>(`/api/customers/${encodeURIComponent(id)}`, undefined, signal),
  });
}

export function useCustomerEvents(id: string, pageSize = 20) {
  return useInfiniteQuery({
    queryKey: queryKeys.customerEvents(id),
    queryFn: ({ pageParam, signal }) =>
      api.get<EventList>(`/api/customers/${encodeURIComponent(id)}/events`, { limit: pageSize, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** After any write: the lists are stale, the record is what the server returned, its history has grown. */
function useCustomerWritten() {
  const queryClient = useQueryClient();
  return (customer: Customer) => {
    queryClient.setQueryData(queryKeys.customer(customer.id), customer);
    void queryClient.invalidateQueries({ queryKey: queryKeys.customerEvents(customer.id) });
    void queryClient.invalidateQueries({ queryKey: ['customers', 'list'] });
  };
}

export function useCreateCustomer() {
  const written = useCustomerWritten();
  return useMutation({
    mutationFn: (body: CreateCustomerInput) => api.post<Customer>('/api/customers', body),
    onSuccess: written,
  });
}

export function useUpdateCustomer() {
  const written = useCustomerWritten();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: CustomerPatch }) =>
      api.patch<Customer>(`/api/customers/${encodeURIComponent(id)}`, body),
    onSuccess: written,
  });
}

export function useDeleteCustomer(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete(`/api/customers/${encodeURIComponent(id)}`),
    onSuccess: () => {
      // Shows the "deleted" state at once; the refetch brings the server's deletedAt and the new event.
      queryClient.setQueryData<Customer>(queryKeys.customer(id), (old) => old && { ...old, deletedAt: new Date().toISOString() });
      void queryClient.invalidateQueries({ queryKey: queryKeys.customer(id) });
      void queryClient.invalidateQueries({ queryKey: ['customers', 'list'] });
    },
  });
}

export function useRestoreCustomer(id: string) {
  const written = useCustomerWritten();
  return useMutation({
    mutationFn: () => api.post<Customer>(`/api/customers/${encodeURIComponent(id)}/restore`),
    onSuccess: written,
  });
}
