import { useQuery } from '@tanstack/react-query';
import type { LoginBody, Me, Permission } from '../../shared/auth.ts';
import { api, setCsrfToken } from './client.ts';
import { queryKeys } from './keys.ts';

export type LoginResult = Me & { csrfToken: string };

export async function fetchMe(signal?: AbortSignal): Promise<Me> {
  const me = await api.get<Me>('/api/auth/me', undefined, signal);
  setCsrfToken(me.csrfToken);
  return me;
}

export async function login(body: LoginBody): Promise<LoginResult> {
  const result = await api.post<LoginResult>('/api/auth/login', body, { skipAuthRedirect: true });
  setCsrfToken(result.csrfToken);
  return result;
}

export async function logout(): Promise<void> {
  try {
    await api.post<void>('/api/auth/logout', undefined, { skipAuthRedirect: true });
  } finally {
    setCsrfToken(null);
  }
}

export function useMe() {
  return useQuery({
    queryKey: queryKeys.me,
    queryFn: ({ signal }) => fetchMe(signal),
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/** The signed-in user's permissions; only meaningful under the app shell, where `me` is loaded. */
export function usePermissions() {
  const { data } = useMe();
  const permissions = new Set<Permission>(data?.user.role.permissions ?? []);
  return { can: (permission: Permission) => permissions.has(permission) };
}
