import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AnalyticsRefresh,
  AnalyticsSettings,
  ChangeChurnWarningBody,
  ChurnWarning,
  ChurnWarningList,
  CohortQuery,
  CohortRetention,
  SegmentMigration,
  SegmentMigrationQuery,
  CustomerAnalytics,
  CustomerRecommendations,
  Dashboard,
  DashboardQuery,
  RefreshStatusResult,
  UpdateAnalyticsSettingsBody,
} from '../../shared/analytics.ts';
import { api } from './client.ts';

/** Query keys of analytics (kept here: only these hooks use them). */
export const analyticsKeys = {
  all: ['analytics'] as const,
  customer: (id: string) => ['analytics', 'customer', id] as const,
  recommendations: (id: string) => ['analytics', 'recommendations', id] as const,
  dashboard: (query: DashboardQuery) => ['analytics', 'dashboard', query] as const,
  status: ['analytics', 'refresh-status'] as const,
  settings: ['analytics', 'settings'] as const,
  warnings: (status: string | undefined) => ['analytics', 'warnings', status ?? 'all'] as const,
  cohorts: (query: CohortQuery) => ['analytics', 'cohorts', query] as const,
  migrations: (query: SegmentMigrationQuery) => ['analytics', 'migrations', query] as const,
};

export function useCustomerAnalytics(customerId: string) {
  return useQuery({
    queryKey: analyticsKeys.customer(customerId),
    queryFn: ({ signal }) => api.get<CustomerAnalytics>(`/api/analytics/customers/${encodeURIComponent(customerId)}`, undefined, signal),
  });
}

export function useCustomerRecommendations(customerId: string) {
  return useQuery({
    queryKey: analyticsKeys.recommendations(customerId),
    queryFn: ({ signal }) => api.get<CustomerRecommendations>(`/api/analytics/customers/${encodeURIComponent(customerId)}/recommendations`, undefined, signal),
  });
}

export function useDashboard(query: DashboardQuery, enabled = true) {
  return useQuery({
    queryKey: analyticsKeys.dashboard(query),
    queryFn: ({ signal }) => api.get<Dashboard>('/api/analytics/dashboard', { ...query }, signal),
    placeholderData: (previous) => previous,
    enabled,
  });
}

/** Polls while a refresh is queued or running; when it finishes, everything analytics is refetched. */
export function useRefreshStatus(enabled = true) {
  const client = useQueryClient();
  return useQuery({
    queryKey: analyticsKeys.status,
    queryFn: async ({ signal }) => {
      const previous = client.getQueryData<RefreshStatusResult>(analyticsKeys.status);
      const next = await api.get<RefreshStatusResult>('/api/analytics/refresh/status', undefined, signal);
      if (previous?.lastSucceeded?.id !== next.lastSucceeded?.id && previous) {
        void client.invalidateQueries({ predicate: (query) => query.queryKey[0] === 'analytics' && query.queryKey[1] !== 'refresh-status' });
      }
      return next;
    },
    refetchInterval: (query) => (query.state.data?.latest && ['queued', 'running'].includes(query.state.data.latest.status) ? 1000 : false),
    enabled,
  });
}

export function useStartRefresh() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (asOf?: string) => api.post<AnalyticsRefresh>('/api/analytics/refresh', asOf ? { asOf } : {}),
    onSuccess: () => client.invalidateQueries({ queryKey: analyticsKeys.status }),
  });
}

export function useAnalyticsSettings(enabled = true) {
  return useQuery({
    queryKey: analyticsKeys.settings,
    queryFn: ({ signal }) => api.get<AnalyticsSettings>('/api/analytics/settings', undefined, signal),
    enabled,
  });
}

export function useUpdateAnalyticsSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateAnalyticsSettingsBody) => api.patch<AnalyticsSettings>('/api/analytics/settings', body),
    onSuccess: (data) => client.setQueryData(analyticsKeys.settings, data),
  });
}

export function useChurnWarnings(status: ChurnWarning['status'] | undefined, enabled = true) {
  return useQuery({
    queryKey: analyticsKeys.warnings(status),
    queryFn: ({ signal }) => api.get<ChurnWarningList>('/api/analytics/churn-warnings', { status, limit: 50 }, signal),
    enabled,
  });
}

export function useChangeChurnWarning() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: ChangeChurnWarningBody & { id: string }) =>
      api.post<ChurnWarning>(`/api/analytics/churn-warnings/${encodeURIComponent(id)}/status`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['analytics', 'warnings'] }),
  });
}

export function useCohorts(query: CohortQuery) {
  return useQuery({
    queryKey: analyticsKeys.cohorts(query),
    queryFn: ({ signal }) => api.get<CohortRetention>('/api/analytics/cohorts', { ...query }, signal),
    placeholderData: (previous) => previous,
  });
}

export function useSegmentMigrations(query: SegmentMigrationQuery) {
  return useQuery({
    queryKey: analyticsKeys.migrations(query),
    queryFn: ({ signal }) => api.get<SegmentMigration>('/api/analytics/segment-migrations', { ...query }, signal),
    placeholderData: (previous) => previous,
  });
}
