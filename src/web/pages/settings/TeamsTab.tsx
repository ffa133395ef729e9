import { useState } from 'react';
import { App, Button, Flex, Form, Input, Select, Table, type TableProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Team } from '../../../shared/users.ts';
import { useCreateTeam, useTeams, useUpdateTeam, useUsers } from '../../api/admin.ts';
import { isApiError } from '../../api/client.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { formatTime } from '../../components/format.ts';
import { userOptions } from './options.ts';

interface TeamFormValues {
  name: string;
  managerId?: string | null;
}

const TEAM_FIELDS = ['name', 'managerId'] as const;

function TeamFormItems() {
  const { t } = useTranslation();
  const users = useUsers();
  return (
    <>
      <Form.Item
        name="name"
        label={t('settings.teams.name')}
        rules={[
          { required: true, whitespace: true, message: t('settings.validation.required') },
          { max: 100, message: t('settings.validation.tooLong', { max: 100 }) },
        ]}
      >
        <Input />
      </Form.Item>
      <Form.Item name="managerId" label={t('settings.teams.manager')}>
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('settings.teams.noManager')}
          loading={users.isPending}
          options={userOptions(users.data)}
        />
      </Form.Item>
    </>
  );
}

export function TeamsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const teams = useTeams();
  const users = useUsers();
  const createTeam = useCreateTeam();
  const updateTeam = useUpdateTeam();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Team | null>(null);

  const userName = (id: string | null) => (id ? (users.data?.find((user) => user.id === id)?.name ?? '—') : '—');

  const columns: TableProps<Team>['columns'] = [
    { key: 'name', title: t('settings.teams.name'), dataIndex: 'name' },
    { key: 'manager', title: t('settings.teams.manager'), render: (_, team) => userName(team.managerId) },
    { key: 'members', title: t('settings.teams.members'), dataIndex: 'memberCount', align: 'right' },
    { key: 'createdAt', title: t('settings.teams.createdAt'), dataIndex: 'createdAt', responsive: ['md'], render: (iso: string) => formatTime(iso) },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_, team) => (
        <Button type="link" size="small" onClick={() => setEditing(team)}>
          {t('common.edit')}
        </Button>
      ),
    },
  ];

  if (teams.isError) return <ErrorResult error={teams.error} onRetry={() => void teams.refetch()} />;

  return (
    <Flex vertical gap={16}>
      <Flex justify="flex-end">
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('settings.teams.new')}
        </Button>
      </Flex>
      <Table<Team> rowKey="id" size="middle" columns={columns} dataSource={teams.data ?? []} loading={teams.isPending} pagination={false} />

      <FormModal<TeamFormValues>
        open={creating}
        title={t('settings.teams.createTitle')}
        fields={TEAM_FIELDS}
        onCancel={() => setCreating(false)}
        onSubmit={async (values) => {
          await createTeam.mutateAsync({ name: values.name.trim(), ...(values.managerId ? { managerId: values.managerId } : {}) });
          void message.success(t('settings.teams.created'));
          setCreating(false);
        }}
      >
        <TeamFormItems />
      </FormModal>

      <FormModal<TeamFormValues>
        open={editing !== null}
        title={t('settings.teams.editTitle')}
        fields={TEAM_FIELDS}
        initialValues={editing ? { name: editing.name, managerId: editing.managerId } : {}}
        onCancel={() => setEditing(null)}
        describeError={(error) => (isApiError(error, 409) && error.code === 'version_conflict' ? t('settings.teams.conflict') : undefined)}
        onSubmit={async (values) => {
          if (!editing) return;
          const name = values.name.trim();
          const managerId = values.managerId ?? null;
          await updateTeam
            .mutateAsync({
              id: editing.id,
              version: editing.version,
              ...(name !== editing.name ? { name } : {}),
              ...(managerId !== editing.managerId ? { managerId } : {}),
            })
            .catch(async (error: unknown) => {
              if (isApiError(error, 409)) {
                const fresh = (await teams.refetch()).data?.find((team) => team.id === editing.id);
                if (fresh) setEditing(fresh);
              }
              throw error;
            });
          void message.success(t('common.saved'));
          setEditing(null);
        }}
      >
        <TeamFormItems />
      </FormModal>
    </Flex>
  );
}
