import { useSearchParams } from 'react-router';
import { Card, Flex, Tabs, Typography, type TabsProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { usePermissions } from '../../api/auth.ts';
import { ApiKeysTab } from './ApiKeysTab.tsx';
import { CustomFieldsTab } from './CustomFieldsTab.tsx';
import { LifecycleStagesTab } from './LifecycleStagesTab.tsx';
import { PoolRulesTab } from './PoolRulesTab.tsx';
import { AnalyticsSettingsTab } from './AnalyticsSettingsTab.tsx';
import { RolesTab } from './RolesTab.tsx';
import { TeamsTab } from './TeamsTab.tsx';
import { UsersTab } from './UsersTab.tsx';

export function SettingsPage() {
  const { t } = useTranslation();
  const { can } = usePermissions();
  const [params, setParams] = useSearchParams();

  const items: NonNullable<TabsProps['items']> = [
    { key: 'users', label: t('settings.tabs.users'), children: <UsersTab /> },
    ...(can('teams.manage') ? [{ key: 'teams', label: t('settings.tabs.teams'), children: <TeamsTab /> }] : []),
    { key: 'roles', label: t('settings.tabs.roles'), children: <RolesTab /> },
    { key: 'custom-fields', label: t('profile360.fieldsAdmin.tab'), children: <CustomFieldsTab /> },
    ...(can('users.manage') ? [{ key: 'lifecycle', label: t('profile360.stagesAdmin.tab'), children: <LifecycleStagesTab /> }] : []),
    ...(can('api_keys.manage') ? [{ key: 'api-keys', label: t('settings.tabs.apiKeys'), children: <ApiKeysTab /> }] : []),
    ...(can('pool.manage') ? [{ key: 'pool-rules', label: t('settings.tabs.poolRules'), children: <PoolRulesTab /> }] : []),
    ...(can('analytics.read') ? [{ key: 'analytics', label: t('settings.tabs.analytics'), children: <AnalyticsSettingsTab /> }] : []),
  ];
  const requested = params.get('tab');
  const activeKey = items.some((item) => item.key === requested) ? (requested as string) : 'users';

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('settings.title')}
      </Typography.Title>
      <Card styles={{ body: { paddingTop: 8 } }}>
        <Tabs
          activeKey={activeKey}
          items={items}
          destroyOnHidden
          onChange={(key) => setParams(key === 'users' ? {} : { tab: key }, { replace: true })}
        />
      </Card>
    </Flex>
  );
}
