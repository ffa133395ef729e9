import type { CustomerListQuery } from '../../shared/customers.ts';

export type CustomerListParams = Partial<Omit<CustomerListQuery, 'deleted'>>;

/** Query keys in one place so that mutations invalidate exactly what they change. */
export const queryKeys = {
  me: ['me'] as const,
  customers: ['customers'] as const,
  customerList: (params: CustomerListParams) => ['customers', 'list', params] as const,
  customer: (id: string) => ['customers', 'detail', id] as const,
  customerEvents: (id: string) => ['customers', 'detail', id, 'events'] as const,
  users: ['users'] as const,
  teams: ['teams'] as const,
  roles: ['roles'] as const,
  apiKeys: ['api-keys'] as const,
};
