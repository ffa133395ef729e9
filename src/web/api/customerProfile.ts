import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Customer } from '../../shared/customers.ts';
import type { Customer360 } from '../../shared/customer-360.ts';
import type { CustomerContact, CustomerRelation, PutContactBody, RelationType } from '../../shared/customer-links.ts';
import type { CustomFieldDefinition } from '../../shared/custom-fields.ts';
import type { LifecycleStage, PutLifecycleStagesBody } from '../../shared/lifecycle.ts';
import type { SavedView } from '../../shared/saved-views.ts';
import { api, request } from './client.ts';
import { queryKeys } from './keys.ts';

/** Keys of this module; all customer-scoped ones sit under the customer's detail key, so its writes refresh them. */
export const profileKeys = {
  customer360: (id: string) => [...queryKeys.customer(id), '360'] as const,
  lifecycleStages: ['lifecycle-stages'] as const,
  customFields: (archived: boolean) => ['custom-fields', archived ? 'include' : 'exclude'] as const,
  savedViews: ['saved-views'] as const,
};

const path = (id: string) => `/api/customers/${encodeURIComponent(id)}`;

/** Relations, contacts, lifecycle history, custom field definitions and the orders summary of the 360 page, in one call. */
export function useCustomer360(id: string) {
  return useQuery({
    queryKey: profileKeys.customer360(id),
    queryFn: ({ signal }) => api.get<Customer360>(`${path(id)}/360`, undefined, signal),
  });
}

export function useLifecycleStages() {
  return useQuery({
    queryKey: profileKeys.lifecycleStages,
    queryFn: ({ signal }) => api.get<{ items: LifecycleStage[] }>('/api/lifecycle-stages', undefined, signal).then((r) => r.items),
    staleTime: 5 * 60_000,
  });
}

export function useCustomFieldDefinitions(includeArchived = false) {
  return useQuery({
    queryKey: profileKeys.customFields(includeArchived),
    queryFn: ({ signal }) =>
      api.get<{ items: CustomFieldDefinition[] }>('/api/custom-fields', { archived: includeArchived ? 'include' : 'exclude' }, signal).then((r) => r.items),
  });
}

/** After a change to a customer's links or stage: the customer, its 360 payload and its history are stale. */
function useRefreshCustomer() {
  const queryClient = useQueryClient();
  return (...ids: string[]) => {
    for (const id of ids) void queryClient.invalidateQueries({ queryKey: queryKeys.customer(id) });
    void queryClient.invalidateQueries({ queryKey: ['customers', 'list'] });
  };
}

export function useChangeLifecycle(id: string) {
  const refresh = useRefreshCustomer();
  return useMutation({
    mutationFn: (body: { stage: string; reason: string; version: number }) => api.post<Customer>(`${path(id)}/lifecycle`, body),
    onSuccess: () => refresh(id),
  });
}

export function useAddRelation(id: string) {
  const refresh = useRefreshCustomer();
  return useMutation({
    mutationFn: (body: { toCustomerId: string; type: RelationType; note?: string | null }) => api.post<CustomerRelation>(`${path(id)}/relations`, body),
    onSuccess: (_relation, body) => refresh(id, body.toCustomerId),
  });
}

export function useRemoveRelation(id: string) {
  const refresh = useRefreshCustomer();
  return useMutation({
    mutationFn: (relation: CustomerRelation) => api.delete(`${path(id)}/relations/${encodeURIComponent(relation.id)}`),
    onSuccess: (_r, relation) => refresh(id, ...(relation.other.id ? [relation.other.id] : [])),
  });
}

export function usePutContact() {
  const refresh = useRefreshCustomer();
  return useMutation({
    mutationFn: ({ organizationId, personId, body }: { organizationId: string; personId: string; body: PutContactBody }) =>
      request<CustomerContact>('PUT', `${path(organizationId)}/contacts/${encodeURIComponent(personId)}`, { body }),
    onSuccess: (_c, { organizationId, personId }) => refresh(organizationId, personId),
  });
}

export function useRemoveContact() {
  const refresh = useRefreshCustomer();
  return useMutation({
    mutationFn: ({ organizationId, personId }: { organizationId: string; personId: string }) =>
      api.delete(`${path(organizationId)}/contacts/${encodeURIComponent(personId)}`),
    onSuccess: (_r, { organizationId, personId }) => refresh(organizationId, personId),
  });
}

export function useSaveLifecycleStages() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PutLifecycleStagesBody) => api.put<{ items: LifecycleStage[] }>('/api/lifecycle-stages', body).then((r) => r.items),
    onSuccess: (items) => {
      queryClient.setQueryData(profileKeys.lifecycleStages, items);
      // Stage names and moved customers show on customer pages and lists.
      void queryClient.invalidateQueries({ queryKey: ['customers'] });
    },
  });
}

export function useSaveCustomField() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: Record<string, unknown> }) =>
      id ? api.patch<CustomFieldDefinition>(`/api/custom-fields/${encodeURIComponent(id)}`, body) : api.post<CustomFieldDefinition>('/api/custom-fields', body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['custom-fields'] }),
  });
}

export function useSavedViews() {
  return useQuery({
    queryKey: profileKeys.savedViews,
    queryFn: ({ signal }) => api.get<{ items: SavedView[] }>('/api/saved-views', undefined, signal).then((r) => r.items),
  });
}

export function useCreateSavedView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; query: Record<string, string | number>; columns: string[]; sort: string | null; sharedTeamId: string | null }) =>
      api.post<SavedView>('/api/saved-views', body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: profileKeys.savedViews }),
  });
}

export function useUpdateSavedView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; version: number; name?: string; sharedTeamId?: string | null }) =>
      api.patch<SavedView>(`/api/saved-views/${encodeURIComponent(id)}`, body),
    // A 409 also means the list is out of date.
    onSettled: () => void queryClient.invalidateQueries({ queryKey: profileKeys.savedViews }),
  });
}

export function useDeleteSavedView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/saved-views/${encodeURIComponent(id)}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: profileKeys.savedViews }),
  });
}
