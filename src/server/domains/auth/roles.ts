import type { Permission, RecordScope, RoleKey } from '../../../shared/auth.ts';
import { PERMISSIONS } from '../../../shared/auth.ts';

/**
 * The roles every workspace starts with. They are stored as data (roles table),
 * so a workspace can later change a role's permissions without a deploy.
 */
export const SYSTEM_ROLES: Record<RoleKey, { name: string; permissions: Permission[]; recordScope: RecordScope }> = {
  admin: { name: '管理员', permissions: [...PERMISSIONS], recordScope: 'all' },
  sales_manager: {
    name: '销售经理',
    permissions: ['customers.read', 'customers.write', 'customers.delete', 'customers.view_sensitive', 'customers.reveal', 'customers.reassign', 'audit.read', 'products.manage', 'orders.read', 'orders.write', 'analytics.read'],
    recordScope: 'team',
  },
  sales_rep: { name: '销售代表', permissions: ['customers.read', 'customers.write', 'customers.view_sensitive', 'orders.read', 'orders.write'], recordScope: 'own' },
  service_agent: { name: '客服专员', permissions: ['customers.read', 'customers.write', 'customers.view_sensitive', 'customers.reveal', 'orders.read'], recordScope: 'all' },
  marketer: { name: '市场专员', permissions: ['customers.read', 'orders.read', 'analytics.read'], recordScope: 'all' },
  analyst: { name: '数据分析师', permissions: ['customers.read', 'audit.read', 'orders.read', 'analytics.read', 'analytics.manage'], recordScope: 'all' },
  read_only: { name: '只读用户', permissions: ['customers.read', 'orders.read'], recordScope: 'own' },
};
