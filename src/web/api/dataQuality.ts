import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CustomerListQuery } from '../../shared/customers.ts';
import type {
  DuplicateCheckInput,
  DuplicateCheckResult,
  DuplicateGroupList,
  Merge,
  MergeInput,
  MergeList,
} from '../../shared/duplicates.ts';
import type { Import, ImportKind, ImportList, ImportMapping, ImportPolicy, ImportPreview } from '../../shared/imports.ts';
import { api, ApiError, currentCsrfToken, toProblem } from './client.ts';

/** Query keys of duplicates, merges and imports (kept here: this module owns them). */
export const dataQualityKeys = {
  duplicateGroups: (offset: number, reason?: string) => ['duplicates', 'groups', offset, reason ?? 'all'] as const,
  merges: ['merges'] as const,
  imports: ['imports'] as const,
  import: (id: string) => ['imports', id] as const,
};

export function checkDuplicates(body: DuplicateCheckInput) {
  return api.post<DuplicateCheckResult>('/api/customers/duplicates/check', body);
}

export function useDuplicateGroups(offset: number, reason?: string) {
  return useQuery({
    queryKey: dataQualityKeys.duplicateGroups(offset, reason),
    queryFn: ({ signal }) => api.get<DuplicateGroupList>('/api/duplicates', { offset, limit: 20, reason }, signal),
    placeholderData: (previous) => previous,
  });
}

export function useMerges() {
  return useQuery({ queryKey: dataQualityKeys.merges, queryFn: ({ signal }) => api.get<MergeList>('/api/merges', { limit: 50 }, signal) });
}

function useAfterMerge() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: ['duplicates'] });
    void queryClient.invalidateQueries({ queryKey: dataQualityKeys.merges });
    void queryClient.invalidateQueries({ queryKey: ['customers'] });
  };
}

export function useMerge() {
  const after = useAfterMerge();
  return useMutation({ mutationFn: (body: MergeInput) => api.post<Merge>('/api/merges', body), onSuccess: after });
}

export function useUndoMerge() {
  const after = useAfterMerge();
  return useMutation({ mutationFn: (id: string) => api.post<Merge>(`/api/merges/${encodeURIComponent(id)}/undo`), onSuccess: after });
}

export function useImports() {
  return useQuery({
    queryKey: dataQualityKeys.imports,
    queryFn: ({ signal }) => api.get<ImportList>('/api/imports', undefined, signal),
    // Running imports move: refresh while any is queued or running.
    refetchInterval: (query) => (query.state.data?.items.some((item) => item.status === 'queued' || item.status === 'running') ? 2000 : false),
  });
}

/** One import, polled every second while it runs (the progress bar). */
export function useImport(id: string | null) {
  return useQuery({
    queryKey: dataQualityKeys.import(id ?? 'none'),
    queryFn: ({ signal }) => api.get<Import>(`/api/imports/${encodeURIComponent(id!)}`, undefined, signal),
    enabled: id !== null,
    refetchInterval: (query) => (query.state.data && ['queued', 'running'].includes(query.state.data.status) ? 1000 : false),
  });
}

/** Sends the file itself as the request body (no multipart): the server streams it to disk. */
export async function uploadImport(kind: ImportKind, file: File): Promise<Import> {
  const headers: Record<string, string> = { 'content-type': file.type && file.type !== 'application/vnd.ms-excel' ? file.type : 'application/octet-stream' };
  if (!/csv|sheet|octet-stream|text\/plain/.test(headers['content-type']!)) headers['content-type'] = 'application/octet-stream';
  const token = currentCsrfToken();
  if (token) headers['x-csrf-token'] = token;
  const params = new URLSearchParams({ kind, fileName: file.name });
  const response = await fetch(`/api/imports?${params.toString()}`, { method: 'POST', headers, body: file, credentials: 'same-origin' });
  if (!response.ok) throw new ApiError(response.status, await toProblem(response));
  return (await response.json()) as Import;
}

export function previewImport(id: string, mapping: ImportMapping, policy: ImportPolicy) {
  return api.post<ImportPreview>(`/api/imports/${encodeURIComponent(id)}/preview`, { mapping, policy });
}

export function useStartImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, mapping, policy }: { id: string; mapping: ImportMapping; policy: ImportPolicy }) =>
      api.post<Import>(`/api/imports/${encodeURIComponent(id)}/start`, { mapping, policy }),
    onSuccess: (started) => {
      queryClient.setQueryData(dataQualityKeys.import(started.id), started);
      void queryClient.invalidateQueries({ queryKey: dataQualityKeys.imports });
    },
  });
}

export function useUndoImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<Import>(`/api/imports/${encodeURIComponent(id)}/undo`),
    onSuccess: (undone) => {
      queryClient.setQueryData(dataQualityKeys.import(undone.id), undone);
      void queryClient.invalidateQueries({ queryKey: dataQualityKeys.imports });
      void queryClient.invalidateQueries({ queryKey: ['customers'] });
    },
    // Refused (undone meanwhile, say from another tab): show the import as it is now.
    onError: (_error, id) => {
      void queryClient.invalidateQueries({ queryKey: dataQualityKeys.import(id) });
      void queryClient.invalidateQueries({ queryKey: dataQualityKeys.imports });
    },
  });
}

/** The export link for the list's current filters (a GET: the browser downloads it with the session cookie). */
export function exportUrl(format: 'csv' | 'xlsx', filters: Partial<CustomerListQuery>): string {
  const params = new URLSearchParams({ format });
  for (const [key, value] of Object.entries(filters)) {
    if (key === 'limit' || key === 'cursor' || value === undefined || value === null || value === '') continue;
    if (key === 'customFields' && typeof value === 'object') {
      for (const [field, text] of Object.entries(value as Record<string, string>)) params.set(`cf.${field}`, text);
    } else params.set(key, String(value));
  }
  return `/api/customers/export?${params.toString()}`;
}
