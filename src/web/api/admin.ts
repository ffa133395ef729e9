import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Role } from '../../shared/auth.ts';
import type {
  ApiKey,
  CreateApiKeyBody,
  CreateTeamBody,
  CreateUserBody,
  Team,
  UpdateTeamBody,
  UpdateUserBody,
  User,
} from '../../shared/users.ts';
import { api } from './client.ts';
import { queryKeys } from './keys.ts';

type Items<T> = { items: T[] };

export function useUsers(enabled = true) {
  return useQuery({
    queryKey: queryKeys.users,
    queryFn: ({ signal }) => api.get<Items<User>>('/api/users', undefined, signal),
    select: (data) => data.items,
    staleTime: 60_000,
    retry: false,
    enabled,
  });
}

export function useTeams(enabled = true) {
  return useQuery({
    queryKey: queryKeys.teams,
    queryFn: ({ signal }) => api.get<Items<Team>>('/api/teams', undefined, signal),
    select: (data) => data.items,
    retry: false,
    enabled,
  });
}

export function useRoles(enabled = true) {
  return useQuery({
    queryKey: queryKeys.roles,
    queryFn: ({ signal }) => api.get<Items<Role>>('/api/roles', undefined, signal),
    select: (data) => data.items,
    staleTime: 10 * 60_000,
    retry: false,
    enabled,
  });
}

export function useApiKeys() {
  return useQuery({
    queryKey: queryKeys.apiKeys,
    queryFn: ({ signal }) => api.get<Items<ApiKey>>('/api/api-keys', undefined, signal),
    select: (data) => data.items,
  });
}

function useInvalidate(...keys: (readonly unknown[])[]) {
  const queryClient = useQueryClient();
  return () => {
    for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
  };
}

export function useCreateUser() {
  const onSuccess = useInvalidate(queryKeys.users, queryKeys.teams);
  return useMutation({ mutationFn: (body: CreateUserBody) => api.post<User>('/api/users', body), onSuccess });
}

export function useUpdateUser() {
  const onSuccess = useInvalidate(queryKeys.users, queryKeys.teams, queryKeys.me);
  return useMutation({
    mutationFn: ({ id, ...body }: UpdateUserBody & { id: string }) => api.patch<User>(`/api/users/${id}`, body),
    onSuccess,
  });
}

export function useSetUserActive() {
  const onSuccess = useInvalidate(queryKeys.users, queryKeys.teams);
  return useMutation({
    mutationFn: ({ id, active }: { id: string; active: boolean }) =>
      api.post<User>(`/api/users/${id}/${active ? 'activate' : 'deactivate'}`),
    onSuccess,
  });
}

export function useCreateTeam() {
  const onSuccess = useInvalidate(queryKeys.teams);
  return useMutation({ mutationFn: (body: CreateTeamBody) => api.post<Team>('/api/teams', body), onSuccess });
}

export function useUpdateTeam() {
  const onSuccess = useInvalidate(queryKeys.teams);
  return useMutation({
    mutationFn: ({ id, ...body }: UpdateTeamBody & { id: string }) => api.patch<Team>(`/api/teams/${id}`, body),
    onSuccess,
  });
}

export function useCreateApiKey() {
  const onSuccess = useInvalidate(queryKeys.apiKeys);
  return useMutation({
    mutationFn: (body: CreateApiKeyBody) => api.post<{ apiKey: ApiKey; key: string }>('/api/api-keys', body),
    onSuccess,
  });
}

export function useRevokeApiKey() {
  const onSuccess = useInvalidate(queryKeys.apiKeys);
  return useMutation({ mutationFn: (id: string) => api.delete(`/api/api-keys/${id}`), onSuccess });
}
