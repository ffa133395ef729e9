import { useState } from 'react';
import { Alert, App, Button, Flex, Form, Input, Modal, Popconfirm, Select, Table, Tag, Typography, type TableProps } from 'antd';
import { CopyOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { RoleKey } from '../../../shared/auth.ts';
import type { ApiKey } from '../../../shared/users.ts';
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from '../../api/admin.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { formatTime } from '../../components/format.ts';
import { errorMessage } from '../../components/problem.ts';
import { roleOptions } from './options.ts';

interface ApiKeyFormValues {
  name: string;
  role: RoleKey;
}

/** The secret, shown once right after creation. */
function CreatedKeyModal({ secret, onClose }: { secret: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const copy = async () => {
    if (!secret) return;
    try {
      await navigator.clipboard.writeText(secret);
      void message.success(t('common.copied'));
    } catch {
      // Clipboard blocked (e.g. not a secure context): the key stays selectable in the box.
    }
  };
  return (
    <Modal
      open={secret !== null}
      title={t('settings.apiKeys.createdTitle')}
      onCancel={onClose}
      mask={{ closable: false }}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button icon={<CopyOutlined />} onClick={() => void copy()}>
            {t('settings.apiKeys.copyKey')}
          </Button>
          <Button type="primary" onClick={onClose}>
            {t('common.close')}
          </Button>
        </Flex>
      }
    >
      <Alert type="warning" showIcon title={t('settings.apiKeys.keyWarning')} style={{ marginBottom: 16 }} />
      <Typography.Paragraph copyable={{ text: secret ?? '' }} code style={{ wordBreak: 'break-all' }} data-testid="api-key-secret">
        {secret}
      </Typography.Paragraph>
    </Modal>
  );
}

export function ApiKeysTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const keys = useApiKeys();
  const createKey = useCreateApiKey();
  const revokeKey = useRevokeApiKey();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);

  const columns: TableProps<ApiKey>['columns'] = [
    { key: 'name', title: t('settings.apiKeys.name'), dataIndex: 'name' },
    { key: 'prefix', title: t('settings.apiKeys.prefix'), dataIndex: 'prefix', render: (prefix: string) => <Typography.Text code>{prefix}…</Typography.Text> },
    { key: 'role', title: t('settings.apiKeys.role'), dataIndex: 'role', render: (role: RoleKey) => <Tag color="blue">{t(`roles.${role}`)}</Tag> },
    { key: 'createdAt', title: t('settings.apiKeys.createdAt'), dataIndex: 'createdAt', responsive: ['md'], render: (iso: string) => formatTime(iso) },
    {
      key: 'lastUsedAt',
      title: t('settings.apiKeys.lastUsedAt'),
      dataIndex: 'lastUsedAt',
      responsive: ['md'],
      render: (iso: string | null) => (iso ? formatTime(iso) : <Typography.Text type="secondary">{t('settings.apiKeys.never')}</Typography.Text>),
    },
    {
      key: 'status',
      title: t('settings.apiKeys.status'),
      render: (_, key) =>
        key.revokedAt ? <Tag>{t('settings.apiKeys.revoked')}</Tag> : <Tag color="green">{t('settings.apiKeys.active')}</Tag>,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_, key) =>
        key.revokedAt ? null : (
          <Popconfirm
            title={t('settings.apiKeys.revokeConfirm')}
            okButtonProps={{ danger: true }}
            onConfirm={() =>
              revokeKey
                .mutateAsync(key.id)
                .then(() => void message.success(t('settings.apiKeys.revokedOk')))
                .catch((error: unknown) => void message.error(errorMessage(t, error)))
            }
          >
            <Button type="link" size="small" danger>
              {t('settings.apiKeys.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  if (keys.isError) return <ErrorResult error={keys.error} onRetry={() => void keys.refetch()} />;

  return (
    <Flex vertical gap={16}>
      <Flex justify="flex-end">
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('settings.apiKeys.new')}
        </Button>
      </Flex>
      <Table<ApiKey> rowKey="id" size="middle" columns={columns} dataSource={keys.data ?? []} loading={keys.isPending} pagination={false} />

      <FormModal<ApiKeyFormValues>
        open={creating}
        title={t('settings.apiKeys.createTitle')}
        fields={['name', 'role']}
        initialValues={{ role: 'read_only' }}
        onCancel={() => setCreating(false)}
        okText={t('common.create')}
        onSubmit={async (values) => {
          const created = await createKey.mutateAsync({ name: values.name.trim(), role: values.role });
          setCreating(false);
          setSecret(created.key);
        }}
      >
        <Form.Item
          name="name"
          label={t('settings.apiKeys.name')}
          rules={[
            { required: true, whitespace: true, message: t('settings.validation.required') },
            { max: 100, message: t('settings.validation.tooLong', { max: 100 }) },
          ]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="role" label={t('settings.apiKeys.role')} rules={[{ required: true, message: t('settings.validation.required') }]}>
          <Select options={roleOptions(t)} />
        </Form.Item>
      </FormModal>

      <CreatedKeyModal secret={secret} onClose={() => setSecret(null)} />
    </Flex>
  );
}
