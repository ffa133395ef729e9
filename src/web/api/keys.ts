import type { CustomerListQuery } from '../../shared/customers.ts';

/** Custom field filters go as their own parameters, `cf.<key>=value`, as the API reads them. */
export type CustomerListParams = Partial<Omit<CustomerListQuery, 'deleted' | 'customFields'>> & { [key: `cf.${string}`]: string | undefined };

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
  poolList: (params: CustomerListParams) => ['customers', 'pool', params] as const,
  poolRules: ['pool', 'rules'] as const,
  poolAllowance: ['pool', 'allowance'] as const,
  collaborators: (id: string) => ['customers', 'detail', id, 'collaborators'] as const,
  followUps: (id: string) => ['customers', 'detail', id, 'follow-ups'] as const,
  notifications: ['notifications'] as const,
};
