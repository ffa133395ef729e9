import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Customer, CustomerList } from '../../shared/customers.ts';
import type { CreateFollowUpBody, FollowUp, FollowUpList } from '../../shared/follow-ups.ts';
import type { NotificationList } from '../../shared/notifications.ts';
import type { CollaboratorList, ReassignBody, ReassignResult } from '../../shared/ownership.ts';
import type { ClaimAllowance, PoolRules, UpdatePoolRulesBody } from '../../shared/pool.ts';
import type { RevealResult, SensitiveField } from '../../shared/visibility.ts';
import { api, request } from './client.ts';
import { toListQuery } from './customers.ts';
import { queryKeys, type CustomerListParams } from './keys.ts';

const customerPath = (id: string) => `/api/customers/${encodeURIComponent(id)}`;

export function usePoolList(params: CustomerListParams) {
  return useQuery({
    queryKey: queryKeys.poolList(params),
    queryFn: ({ signal }) => api.get<CustomerList>('/api/pool', toListQuery(params), signal),
    placeholderData: (previous) => previous,
  });
}

export function useClaimAllowance() {
  return useQuery({
    queryKey: queryKeys.poolAllowance,
    queryFn: ({ signal }) => api.get<ClaimAllowance>('/api/pool/allowance', undefined, signal),
  });
}

/** After an owner change: the record is what the server returned; lists, history and the allowance are stale. */
function useOwnerChanged() {
  const queryClient = useQueryClient();
  return (customer: Customer) => {
    queryClient.setQueryData(queryKeys.customer(customer.id), customer);
    void queryClient.invalidateQueries({ queryKey: queryKeys.customerEvents(customer.id) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.collaborators(customer.id) });
    void queryClient.invalidateQueries({ queryKey: ['customers', 'list'] });
    void queryClient.invalidateQueries({ queryKey: ['customers', 'pool'] });
    void queryClient.invalidateQueries({ queryKey: queryKeys.poolAllowance });
  };
}

export function useClaimCustomer() {
  const changed = useOwnerChanged();
  return useMutation({
    mutationFn: (id: string) => api.post<Customer>(`${customerPath(id)}/claim`),
    onSuccess: changed,
  });
}

export function useReleaseCustomer() {
  const changed = useOwnerChanged();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason?: string }) => api.post<Customer>(`${customerPath(id)}/release`, reason ? { reason } : {}),
    onSuccess: changed,
  });
}

export function useReassignCustomers() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ReassignBody) => api.post<ReassignResult>('/api/customers/reassign', body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.customers }),
  });
}

export function usePoolRules(enabled = true) {
  return useQuery({
    queryKey: queryKeys.poolRules,
    queryFn: ({ signal }) => api.get<PoolRules>('/api/pool/rules', undefined, signal),
    enabled,
  });
}

export function useUpdatePoolRules() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdatePoolRulesBody) => request<PoolRules>('PUT', '/api/pool/rules', { body }),
    onSuccess: (rules) => {
      queryClient.setQueryData(queryKeys.poolRules, rules);
      void queryClient.invalidateQueries({ queryKey: queryKeys.poolAllowance });
    },
  });
}

export function useCollaborators(id: string) {
  return useQuery({
    queryKey: queryKeys.collaborators(id),
    queryFn: ({ signal }) => api.get<CollaboratorList>(`${customerPath(id)}/collaborators`, undefined, signal),
    select: (data) => data.items,
  });
}

export function useAddCollaborator(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => api.post<CollaboratorList>(`${customerPath(id)}/collaborators`, { userId }),
    onSuccess: (list) => {
      queryClient.setQueryData(queryKeys.collaborators(id), list);
      void queryClient.invalidateQueries({ queryKey: queryKeys.customerEvents(id) });
    },
  });
}

export function useRemoveCollaborator(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => api.delete(`${customerPath(id)}/collaborators/${encodeURIComponent(userId)}`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.collaborators(id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.customerEvents(id) });
    },
  });
}

export function useFollowUps(id: string, pageSize = 10) {
  return useInfiniteQuery({
    queryKey: queryKeys.followUps(id),
    queryFn: ({ pageParam, signal }) => api.get<FollowUpList>(`${customerPath(id)}/follow-ups`, { limit: pageSize, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useLogFollowUp(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateFollowUpBody) => api.post<FollowUp>(`${customerPath(id)}/follow-ups`, body),
    onSuccess: (followUp) => {
      queryClient.setQueryData<Customer>(queryKeys.customer(id), (old) => old && { ...old, lastFollowUpAt: followUp.occurredAt });
      void queryClient.invalidateQueries({ queryKey: queryKeys.followUps(id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.customerEvents(id) });
    },
  });
}

/** 查看: the full values of one masked field (the server writes the look to the audit log). */
export function useReveal(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (field: SensitiveField) => api.post<RevealResult>(`${customerPath(id)}/reveal`, { field }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.customerEvents(id) }),
  });
}

export function useNotifications() {
  return useQuery({
    queryKey: queryKeys.notifications,
    queryFn: ({ signal }) => api.get<NotificationList>('/api/notifications', { limit: 20 }, signal),
    refetchInterval: 60_000,
  });
}

export function useMarkNotificationRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post(`/api/notifications/${encodeURIComponent(id)}/read`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.notifications }),
  });
}

export function useMarkAllNotificationsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post('/api/notifications/read-all'),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.notifications }),
  });
}
