import { useState } from 'react';
import { App, Button, Flex, Form, Input, Popconfirm, Select, Space, Table, Tag, type TableProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { RoleKey } from '../../../shared/auth.ts';
import type { User } from '../../../shared/users.ts';
import { useCreateUser, useSetUserActive, useTeams, useUpdateUser, useUsers } from '../../api/admin.ts';
import { useMe, usePermissions } from '../../api/auth.ts';
import { isApiError } from '../../api/client.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { formatTime } from '../../components/format.ts';
import { errorMessage } from '../../components/problem.ts';
import { roleOptions, teamOptions } from './options.ts';

interface UserFormValues {
  email: string;
  name: string;
  password?: string;
  role: RoleKey;
  teamId?: string | null;
}

const USER_FIELDS = ['email', 'name', 'password', 'role', 'teamId'] as const;

function UserFormItems({ editing, showTeams }: { editing: boolean; showTeams: boolean }) {
  const { t } = useTranslation();
  const teams = useTeams(showTeams);
  const v = (key: 'required' | 'emailInvalid' | 'passwordMin') => t(`settings.validation.${key}`);
  return (
    <>
      {!editing && (
        <Form.Item name="email" label={t('settings.users.email')} rules={[{ required: true, message: v('required') }, { type: 'email', message: v('emailInvalid') }]}>
          <Input autoComplete="off" />
        </Form.Item>
      )}
      <Form.Item
        name="name"
        label={t('settings.users.name')}
        rules={[
          { required: true, whitespace: true, message: v('required') },
          { max: 100, message: t('settings.validation.tooLong', { max: 100 }) },
        ]}
      >
        <Input />
      </Form.Item>
      <Form.Item
        name="password"
        label={editing ? t('settings.users.newPassword') : t('settings.users.password')}
        extra={editing ? t('settings.users.passwordKeep') : t('settings.users.passwordHint')}
        rules={[...(editing ? [] : [{ required: true, message: v('required') }]), { min: 8, message: v('passwordMin') }]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item name="role" label={t('settings.users.role')} rules={[{ required: true, message: v('required') }]}>
        <Select options={roleOptions(t)} />
      </Form.Item>
      {showTeams && (
        <Form.Item name="teamId" label={t('settings.users.team')}>
          <Select allowClear placeholder={t('settings.users.noTeam')} loading={teams.isPending} options={teamOptions(teams.data)} />
        </Form.Item>
      )}
    </>
  );
}

function ActiveToggle({ user, self }: { user: User; self: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const setActive = useSetUserActive();
  const run = (active: boolean) =>
    setActive.mutateAsync(
      { id: user.id, active },
      {
        onSuccess: () => void message.success(active ? t('settings.users.activated') : t('settings.users.deactivated')),
        onError: (error) => void message.error(errorMessage(t, error)),
      },
    );
  if (!user.active) {
    return (
      <Button type="link" size="small" loading={setActive.isPending} onClick={() => void run(true).catch(() => undefined)}>
        {t('settings.users.activate')}
      </Button>
    );
  }
  return (
    <Popconfirm title={t('settings.users.deactivateConfirm')} onConfirm={() => run(false).catch(() => undefined)} disabled={self}>
      <Button type="link" size="small" danger disabled={self}>
        {t('settings.users.deactivate')}
      </Button>
    </Popconfirm>
  );
}

export function UsersTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = usePermissions();
  const { data: me } = useMe();
  const showTeams = can('teams.manage');
  const users = useUsers();
  const teams = useTeams(showTeams);
  const createUser = useCreateUser();
  const updateUser = useUpdateUser();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);

  const teamName = (id: string | null) => (id ? (teams.data?.find((team) => team.id === id)?.name ?? '—') : '—');

  const columns: TableProps<User>['columns'] = [
    { key: 'name', title: t('settings.users.name'), dataIndex: 'name' },
    { key: 'email', title: t('settings.users.email'), dataIndex: 'email' },
    { key: 'role', title: t('settings.users.role'), dataIndex: 'role', render: (role: RoleKey) => <Tag color="blue">{t(`roles.${role}`)}</Tag> },
    ...(showTeams ? [{ key: 'team', title: t('settings.users.team'), render: (_: unknown, user: User) => teamName(user.teamId) }] : []),
    {
      key: 'active',
      title: t('settings.users.status'),
      dataIndex: 'active',
      render: (active: boolean) =>
        active ? <Tag color="green">{t('settings.users.active')}</Tag> : <Tag>{t('settings.users.inactive')}</Tag>,
    },
    { key: 'createdAt', title: t('settings.users.createdAt'), dataIndex: 'createdAt', responsive: ['lg'], render: (iso: string) => formatTime(iso) },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_, user) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setEditing(user)}>
            {t('common.edit')}
          </Button>
          <ActiveToggle user={user} self={user.id === me?.user.id} />
        </Space>
      ),
    },
  ];

  if (users.isError) return <ErrorResult error={users.error} onRetry={() => void users.refetch()} />;

  return (
    <Flex vertical gap={16}>
      <Flex justify="flex-end">
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('settings.users.new')}
        </Button>
      </Flex>
      <Table<User> rowKey="id" size="middle" columns={columns} dataSource={users.data ?? []} loading={users.isPending} pagination={false} scroll={{ x: 720 }} />

      <FormModal<UserFormValues>
        open={creating}
        title={t('settings.users.createTitle')}
        fields={USER_FIELDS}
        initialValues={{ role: 'sales_rep' }}
        onCancel={() => setCreating(false)}
        onSubmit={async (values) => {
          await createUser.mutateAsync({
            email: values.email.trim(),
            name: values.name.trim(),
            password: values.password ?? '',
            role: values.role,
            ...(values.teamId ? { teamId: values.teamId } : {}),
          });
          void message.success(t('settings.users.created'));
          setCreating(false);
        }}
      >
        <UserFormItems editing={false} showTeams={showTeams} />
      </FormModal>

      <FormModal<UserFormValues>
        open={editing !== null}
        title={t('settings.users.editTitle')}
        fields={USER_FIELDS}
        initialValues={editing ? { name: editing.name, role: editing.role, teamId: editing.teamId } : {}}
        onCancel={() => setEditing(null)}
        describeError={(error) => (isApiError(error, 409) && error.code === 'version_conflict' ? t('settings.users.conflict') : undefined)}
        onSubmit={async (values) => {
          if (!editing) return;
          const name = values.name.trim();
          const teamId = values.teamId ?? null;
          await updateUser
            .mutateAsync({
              id: editing.id,
              version: editing.version,
              ...(name !== editing.name ? { name } : {}),
              ...(values.role !== editing.role ? { role: values.role } : {}),
              ...(showTeams && teamId !== editing.teamId ? { teamId } : {}),
              ...(values.password ? { password: values.password } : {}),
            })
            .catch(async (error: unknown) => {
              // Someone saved in between: take their version so that "save" again applies on top of it.
              if (isApiError(error, 409)) {
                const fresh = (await users.refetch()).data?.find((user) => user.id === editing.id);
                if (fresh) setEditing(fresh);
              }
              throw error;
            });
          void message.success(t('common.saved'));
          setEditing(null);
        }}
      >
        <UserFormItems editing showTeams={showTeams} />
      </FormModal>
    </Flex>
  );
}
