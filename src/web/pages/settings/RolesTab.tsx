import { Space, Table, Tag, Typography, type TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Permission, Role } from '../../../shared/auth.ts';
import { useRoles } from '../../api/admin.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';

const SCOPE_COLORS = { own: 'default', team: 'blue', all: 'green' } as const;

type PermissionLabelKey = `permissions.${'customers_read' | 'customers_write' | 'customers_delete' | 'customers_view_sensitive' | 'customers_reveal' | 'customers_reassign' | 'pool_manage' | 'users_manage' | 'teams_manage' | 'api_keys_manage' | 'audit_read'}`;

/** Role definitions are fixed by the server: shown, not edited. */
export function RolesTab() {
  const { t } = useTranslation();
  const roles = useRoles();
  const permissionLabel = (p: Permission) => t(`permissions.${p.replace('.', '_')}` as PermissionLabelKey);

  const columns: TableProps<Role>['columns'] = [
    {
      key: 'name',
      title: t('settings.roles.name'),
      render: (_, role) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{t(`roles.${role.key}`)}</Typography.Text>
          <Typography.Text type="secondary" code style={{ fontSize: 12 }}>
            {role.key}
          </Typography.Text>
        </Space>
      ),
    },
    {
      key: 'scope',
      title: t('settings.roles.scope'),
      dataIndex: 'recordScope',
      render: (scope: Role['recordScope']) => <Tag color={SCOPE_COLORS[scope]}>{t(`scopes.${scope}`)}</Tag>,
    },
    {
      key: 'permissions',
      title: t('settings.roles.permissions'),
      dataIndex: 'permissions',
      render: (permissions: Permission[]) => (
        <Space size={[0, 6]} wrap>
          {permissions.map((p) => (
            <Tag key={p}>{permissionLabel(p)}</Tag>
          ))}
        </Space>
      ),
    },
  ];

  if (roles.isError) return <ErrorResult error={roles.error} onRetry={() => void roles.refetch()} />;
  return <Table<Role> rowKey="key" size="middle" columns={columns} dataSource={roles.data ?? []} loading={roles.isPending} pagination={false} />;
}
