import { useQuery } from '@tanstack/react-query';
import type { CustomerCredit, SelectionMatrix, SelectionMatrixQuery } from '../../shared/credit-selection.ts';
import { api } from './client.ts';

// Under the 'analytics' key, so a finished refresh or a settings change refetches them with the rest.
const keys = {
  // the customer's version: an edit of the 5C refetches the credit
  credit: (id: string, version: number) => ['analytics', 'credit', id, version] as const,
  matrix: (query: Partial<SelectionMatrixQuery>) => ['analytics', 'selection-matrix', query] as const,
};

export function useCustomerCredit(customerId: string, version: number) {
  return useQuery({
    queryKey: keys.credit(customerId, version),
    queryFn: ({ signal }) => api.get<CustomerCredit>(`/api/analytics/customers/${encodeURIComponent(customerId)}/credit`, undefined, signal),
  });
}

export function useSelectionMatrix(query: Partial<SelectionMatrixQuery>) {
  return useQuery({
    queryKey: keys.matrix(query),
    queryFn: ({ signal }) => api.get<SelectionMatrix>('/api/analytics/selection-matrix', { ...query }, signal),
    placeholderData: (previous) => previous,
  });
}
