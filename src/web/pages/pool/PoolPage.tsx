import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { App, Button, Card, Empty, Flex, Input, Spin, Table, Typography, theme, type TableProps } from 'antd';
import { EnvironmentOutlined, PhoneOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CustomerSummary } from '../../../shared/customers.ts';
import { usePermissions } from '../../api/auth.ts';
import { useClaimAllowance, useClaimCustomer, usePoolList } from '../../api/pool.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { formatTime } from '../../components/format.ts';
import { useDebounced, useIsMobile } from '../../components/hooks.ts';
import { errorMessage } from '../../components/problem.ts';
import { KindTag, StatusTag } from '../../components/StatusTag.tsx';
import { CursorPager } from '../customers/CursorPager.tsx';

function ClaimButton({ customer, block }: { customer: CustomerSummary; block?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const claim = useClaimCustomer();
  return (
    <Button
      type="primary"
      size={block ? 'middle' : 'small'}
      loading={claim.isPending && claim.variables === customer.id}
      aria-label={`${t('pool.claim')} ${customer.name}`}
      onClick={(event) => {
        event.stopPropagation();
        claim.mutate(customer.id, {
          onSuccess: () => void message.success(t('pool.claimed')),
          onError: (error) => void message.error(errorMessage(t, error)),
        });
      }}
    >
      {t('pool.claim')}
    </Button>
  );
}

function Allowance() {
  const { t } = useTranslation();
  const allowance = useClaimAllowance();
  if (!allowance.data) return null;
  const { limit, usedToday, remaining } = allowance.data;
  return (
    <Typography.Text type={remaining === 0 ? 'danger' : 'secondary'} data-testid="claim-allowance">
      {limit === null ? t('pool.allowanceUnlimited', { used: usedToday }) : t('pool.allowance', { remaining, limit })}
    </Typography.Text>
  );
}

/** 公海: customers without an owner; a rep claims one and it becomes theirs. */
export function PoolPage() {
  const { t, i18n } = useTranslation();
  const isMobile = useIsMobile();
  const { token } = theme.useToken();
  const { can } = usePermissions();
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const q = useDebounced(text.trim(), 300);
  const [cursors, setCursors] = useState<{ q: string; stack: (string | undefined)[] }>({ q, stack: [undefined] });
  const stack = cursors.q === q ? cursors.stack : [undefined];
  const [limit, setLimit] = useState(20);
  const list = usePoolList({ ...(q ? { q } : {}), limit, ...(stack.at(-1) ? { cursor: stack.at(-1) } : {}) });
  const customers = list.data?.items ?? [];
  const nextCursor = list.data?.nextCursor ?? null;
  const mayClaim = can('customers.write');

  const columns: TableProps<CustomerSummary>['columns'] = [
    {
      key: 'name',
      title: t('customer.fields.name'),
      width: 180,
      ellipsis: true,
      render: (_, customer) => <Link to={`/customers/${customer.id}`}>{customer.name}</Link>,
    },
    { key: 'kind', title: t('customer.fields.kind'), width: 92, render: (_, c) => <KindTag kind={c.kind} /> },
    { key: 'status', title: t('customer.fields.status'), width: 92, render: (_, c) => <StatusTag status={c.status} /> },
    { key: 'phone', title: t('customer.fields.phones'), width: 125, render: (_, c) => c.phones[0] ?? '—' },
    { key: 'city', title: t('customer.fields.city'), width: 90, ellipsis: true, render: (_, c) => c.city ?? '—' },
    { key: 'lastFollowUp', title: t('pool.lastFollowUp'), width: 145, render: (_, c) => formatTime(c.lastFollowUpAt) },
    { key: 'updatedAt', title: t('customer.fields.updatedAt'), width: 145, render: (_, c) => formatTime(c.updatedAt) },
    ...(mayClaim ? [{ key: 'claim', title: t('common.actions'), width: 90, fixed: 'right' as const, render: (_: unknown, c: CustomerSummary) => <ClaimButton customer={c} /> }] : []),
  ];

  const onSearch = (value: string) => {
    setText(value);
    setParams(value.trim() ? { q: value.trim() } : {}, { replace: true });
  };

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="flex-end" gap={8} wrap>
        <Flex vertical gap={2}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('pool.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('pool.subtitle')}</Typography.Text>
        </Flex>
        {mayClaim && <Allowance />}
      </Flex>
      <Card styles={{ body: { padding: isMobile ? 12 : 24 } }}>
        <Flex vertical gap={16}>
          <Input.Search
            id="pool-search"
            allowClear
            value={text}
            placeholder={t('pool.searchPlaceholder')}
            onChange={(event) => onSearch(event.target.value)}
            style={{ maxWidth: isMobile ? undefined : 420 }}
          />
          {list.isError && !list.data ? (
            <ErrorResult error={list.error} onRetry={() => void list.refetch()} />
          ) : isMobile ? (
            <Spin spinning={list.isFetching}>
              {customers.length === 0 && !list.isFetching ? (
                <Empty description={t('pool.empty')} />
              ) : (
                <div role="list">
                  {customers.map((customer) => (
                    <Flex
                      key={customer.id}
                      role="listitem"
                      data-testid="pool-row"
                      align="center"
                      gap={8}
                      style={{ padding: '12px 4px', borderBottom: `1px solid ${token.colorBorderSecondary}` }}
                    >
                      <Flex vertical gap={2} style={{ minWidth: 0, flex: 1 }}>
                        <Link to={`/customers/${customer.id}`}>
                          <Typography.Text strong ellipsis>
                            {customer.name}
                          </Typography.Text>
                        </Link>
                        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                          <PhoneOutlined /> {customer.phones[0] ?? '—'}
                          <span style={{ marginLeft: 12 }}>
                            <EnvironmentOutlined /> {customer.city ?? '—'}
                          </span>
                        </Typography.Text>
                      </Flex>
                      {mayClaim && <ClaimButton customer={customer} block />}
                    </Flex>
                  ))}
                </div>
              )}
            </Spin>
          ) : (
            <Table<CustomerSummary>
              key={i18n.language}
              rowKey="id"
              size="middle"
              columns={columns}
              dataSource={customers}
              loading={list.isFetching}
              pagination={false}
              scroll={{ x: 960 }}
              locale={{ emptyText: t('pool.empty') }}
            />
          )}
        </Flex>
        <CursorPager
          page={stack.length}
          hasPrev={stack.length > 1}
          hasNext={nextCursor !== null}
          onPrev={() => setCursors({ q, stack: stack.length > 1 ? stack.slice(0, -1) : stack })}
          onNext={() => nextCursor && setCursors({ q, stack: [...stack, nextCursor] })}
          pageSize={limit}
          onPageSize={setLimit}
          disabled={list.isFetching}
        />
      </Card>
    </Flex>
  );
}
