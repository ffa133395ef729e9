import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { Alert, App, Button, Card, Descriptions, Flex, Popconfirm, Result, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, ContactsOutlined, DeleteOutlined, EditOutlined, UndoOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Customer } from '../../../shared/customers.ts';
import { usePermissions } from '../../api/auth.ts';
import { isApiError } from '../../api/client.ts';
import { useCustomer, useDeleteCustomer, useRestoreCustomer } from '../../api/customers.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { formatTime } from '../../components/format.ts';
import { useIsMobile } from '../../components/hooks.ts';
import { PageLoading } from '../../components/PageLoading.tsx';
import { errorMessage } from '../../components/problem.ts';
import { KindTag, StatusTag } from '../../components/StatusTag.tsx';
import { CustomerFormDrawer } from './CustomerFormDrawer.tsx';
import { CustomerHistory } from './CustomerHistory.tsx';
import { CustomerProfileSections } from './CustomerProfileSections.tsx';
import { CustomerOrdersCard } from './CustomerOrdersCard.tsx';
import { CustomerValueCard } from './CustomerValueCard.tsx';
import { CustomerCreditCard } from './CustomerCreditCard.tsx';
import { CustomerRecommendationsCard } from './CustomerRecommendationsCard.tsx';
import { CustomerOwnershipCard } from './CustomerOwnershipCard.tsx';
import { FollowUpsCard } from './FollowUpsCard.tsx';
import { SensitiveLines } from './SensitiveValue.tsx';

function Lines({ values }: { values: string[] }) {
  if (values.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Flex vertical gap={2}>
      {values.map((value) => (
        <Typography.Text key={value} copyable>
          {value}
        </Typography.Text>
      ))}
    </Flex>
  );
}

function CustomerActions({ customer, onEdit }: { customer: Customer; onEdit: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = usePermissions();
  const remove = useDeleteCustomer(customer.id);
  const restore = useRestoreCustomer(customer.id);

  if (customer.deletedAt) {
    return can('customers.delete') ? (
      <Button
        icon={<UndoOutlined />}
        loading={restore.isPending}
        onClick={() =>
          restore.mutate(undefined, {
            onSuccess: () => void message.success(t('customer.detail.restoredOk')),
            onError: (error) => void message.error(errorMessage(t, error)),
          })
        }
      >
        {t('common.restore')}
      </Button>
    ) : null;
  }
  return (
    <Space wrap>
      <Button icon={<ContactsOutlined />} href={`/api/customers/${encodeURIComponent(customer.id)}/vcard`} download>
        {t('dq.export.vcard')}
      </Button>
      {can('customers.write') && (
        <Button type="primary" icon={<EditOutlined />} onClick={onEdit}>
          {t('common.edit')}
        </Button>
      )}
      {can('customers.delete') && (
        <Popconfirm
          title={t('customer.detail.deleteConfirm')}
          description={t('customer.detail.deleteConfirmDetail')}
          okText={t('common.delete')}
          okButtonProps={{ danger: true, loading: remove.isPending }}
          cancelText={t('common.cancel')}
          onConfirm={() =>
            remove.mutateAsync(undefined, {
              onSuccess: () => void message.success(t('customer.detail.deletedOk')),
              onError: (error) => void message.error(errorMessage(t, error)),
            })
          }
        >
          <Button danger icon={<DeleteOutlined />}>
            {t('common.delete')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}

function CustomerHeader({ customer, onEdit }: { customer: Customer; onEdit: () => void }) {
  const { t } = useTranslation();
  return (
    <Card>
      <Flex justify="space-between" align="flex-start" gap={16} wrap>
        <Flex vertical gap={8} style={{ minWidth: 0 }}>
          <Flex align="center" gap={8} wrap>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {customer.name}
            </Typography.Title>
            <KindTag kind={customer.kind} />
            <StatusTag status={customer.status} />
            {customer.deletedAt && <Tag color="red">{t('customer.detail.deleted')}</Tag>}
          </Flex>
          <Space size="middle" wrap>
            <Typography.Text type="secondary">
              <UserOutlined /> {t('customer.fields.ownerId')}
              {t('common.colon')}
              {customer.owner?.name ?? '—'}
            </Typography.Text>
            {customer.tags.length > 0 && (
              <Space size={[0, 4]} wrap>
                {customer.tags.map((tag) => (
                  <Tag key={tag}>{tag}</Tag>
                ))}
              </Space>
            )}
          </Space>
        </Flex>
        <CustomerActions customer={customer} onEdit={onEdit} />
      </Flex>
    </Card>
  );
}

function CustomerView({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [editing, setEditing] = useState(false);
  const [editSection, setEditSection] = useState<string | undefined>();

  return (
    <Flex vertical gap={16}>
      {customer.deletedAt && (
        <Alert
          type="warning"
          showIcon
          title={t('customer.detail.deleted')}
          description={t('customer.detail.deletedAt', { time: formatTime(customer.deletedAt) })}
        />
      )}
      <CustomerHeader
        customer={customer}
        onEdit={() => {
          setEditSection(undefined);
          setEditing(true);
        }}
      />
      <Card title={t('customer.detail.basicInfo')}>
        <Descriptions
          column={isMobile ? 1 : 2}
          items={[
            { key: 'phones', label: t('customer.fields.phones'), children: <SensitiveLines customerId={customer.id} field="phones" values={customer.phones} /> },
            { key: 'emails', label: t('customer.fields.emails'), children: <SensitiveLines customerId={customer.id} field="emails" values={customer.emails} /> },
            { key: 'city', label: t('customer.fields.city'), children: customer.city ?? '—' },
            { key: 'address', label: t('customer.fields.address'), children: <SensitiveLines customerId={customer.id} field="address" values={customer.address ? [customer.address] : []} /> },
            { key: 'createdAt', label: t('customer.fields.createdAt'), children: formatTime(customer.createdAt) },
            { key: 'updatedAt', label: t('customer.fields.updatedAt'), children: formatTime(customer.updatedAt) },
          ]}
        />
      </Card>
      <CustomerProfileSections customer={customer} />
      <CustomerOwnershipCard customer={customer} />
      <FollowUpsCard customer={customer} />
      <CustomerOrdersCard customerId={customer.id} />
      <CustomerValueCard customerId={customer.id} />
      <CustomerRecommendationsCard customerId={customer.id} />
      {customer.kind === 'organization' && (
        <CustomerCreditCard
          customerId={customer.id}
          version={customer.version}
          onEdit={() => {
            setEditSection('credit');
            setEditing(true);
          }}
        />
      )}
      <CustomerHistory customer={customer} />
      <CustomerFormDrawer open={editing} customer={customer} openSection={editSection} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />
    </Flex>
  );
}

export function CustomerDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const customer = useCustomer(id);
  const location = useLocation();
  // Back to the list as it was (filters, sort) when the user came from it.
  const listSearch = (location.state as { listSearch?: unknown } | null)?.listSearch;
  const backTo = `/customers${typeof listSearch === 'string' ? listSearch : ''}`;

  let body;
  if (customer.isPending) body = <PageLoading />;
  else if (customer.isError) {
    body =
      isApiError(customer.error, 404) || isApiError(customer.error, 400) ? (
        <Result
          status="404"
          title={t('customer.detail.notFound')}
          subTitle={t('customer.detail.notFoundDetail')}
          extra={
            <Link to={backTo}>
              <Button type="primary">{t('customer.detail.back')}</Button>
            </Link>
          }
        />
      ) : (
        <ErrorResult error={customer.error} onRetry={() => void customer.refetch()} />
      );
  } else body = <CustomerView customer={customer.data} />;

  return (
    <Flex vertical gap={12}>
      <Link to={backTo}>
        <ArrowLeftOutlined /> {t('customer.detail.back')}
      </Link>
      {body}
    </Flex>
  );
}
