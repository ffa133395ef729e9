import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Badge, Button, Card, DatePicker, Empty, Flex, Input, Select, Spin, Table, Typography, theme, type TableProps } from 'antd';
import { FilterOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import type { Customer } from '../../../shared/customers.ts';
import { ORDER_CHANNELS, ORDER_STATUSES, type OrderListItem, type OrderSort } from '../../../shared/orders.ts';
import { useUsers } from '../../api/admin.ts';
import { usePermissions } from '../../api/auth.ts';
import { api } from '../../api/client.ts';
import { useOrderList } from '../../api/orders.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { formatTime } from '../../components/format.ts';
import { useIsMobile } from '../../components/hooks.ts';
import { useMoney } from '../../components/money.ts';
import { CursorPager } from '../customers/CursorPager.tsx';
import { CustomerSearchSelect } from './CustomerSearchSelect.tsx';
import { OrderStatusTag } from './OrderStatusTag.tsx';
import { toListParams, useCursorStack, useOrderFilters } from './orderListParams.ts';

type FilterState = ReturnType<typeof useOrderFilters>;

/** The customer filter: a search select, showing the name of a customer chosen elsewhere (?customerId=). */
function CustomerFilter({ value, onChange, width }: { value: string | undefined; onChange: (id: string | null) => void; width: number | string }) {
  const { t } = useTranslation();
  const chosen = useQuery({
    queryKey: ['customers', 'detail', value ?? ''],
    queryFn: ({ signal }) => api.get<Customer>(`/api/customers/${encodeURIComponent(value!)}`, undefined, signal),
    enabled: Boolean(value),
    retry: false,
  });
  return (
    <CustomerSearchSelect
      value={value}
      onChange={(id) => onChange(id ?? null)}
      initial={chosen.data ? { id: chosen.data.id, name: chosen.data.name } : undefined}
      placeholder={t('order.list.allCustomers')}
      style={{ width }}
    />
  );
}

function OrderFilterBar({ state, compact }: { state: FilterState; compact: boolean }) {
  const { t } = useTranslation();
  const { filters, update, reset, active } = state;
  const users = useUsers();
  const [open, setOpen] = useState(false);
  const [orderNo, setOrderNo] = useState(filters.orderNo);
  const width = compact ? '100%' : 140;
  const fields = (
    <>
      <CustomerFilter value={filters.customerId} onChange={(customerId) => update({ customerId })} width={compact ? '100%' : 200} />
      <Select
        aria-label={t('order.fields.status')}
        value={filters.status ?? null}
        placeholder={t('order.list.allStatuses')}
        allowClear
        style={{ width }}
        options={ORDER_STATUSES.map((status) => ({ value: status, label: t(`order.status.${status}`) }))}
        onChange={(status) => update({ status: status ?? null })}
      />
      <Select
        aria-label={t('order.fields.channel')}
        value={filters.channel ?? null}
        placeholder={t('order.list.allChannels')}
        allowClear
        style={{ width }}
        options={ORDER_CHANNELS.map((channel) => ({ value: channel, label: t(`order.channel.${channel}`) }))}
        onChange={(channel) => update({ channel: channel ?? null })}
      />
      {!users.isError && (
        <Select
          aria-label={t('order.fields.owner')}
          value={filters.ownerId ?? null}
          placeholder={t('order.list.allOwners')}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          loading={users.isPending}
          style={{ width: compact ? '100%' : 150 }}
          options={(users.data ?? []).map((user) => ({ value: user.id, label: user.name }))}
          onChange={(ownerId) => update({ ownerId: ownerId ?? null })}
        />
      )}
      <DatePicker.RangePicker
        aria-label={t('order.fields.orderedAt')}
        value={[filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null]}
        allowEmpty={[true, true]}
        placeholder={[t('order.list.startDate'), t('order.list.endDate')]}
        style={{ width: compact ? '100%' : 260 }}
        onChange={(range) =>
          update({ from: range?.[0]?.format('YYYY-MM-DD') ?? null, to: range?.[1]?.format('YYYY-MM-DD') ?? null })
        }
      />
      <Input.Search
        aria-label={t('order.fields.orderNo')}
        value={orderNo}
        placeholder={t('order.list.orderNoPlaceholder')}
        allowClear
        style={{ width: compact ? '100%' : 200 }}
        onChange={(event) => setOrderNo(event.target.value)}
        onSearch={(value) => update({ orderNo: value.trim() || null })}
      />
    </>
  );
  const extra = (
    <>
      {active && (
        <Button
          type="link"
          onClick={() => {
            setOrderNo('');
            reset();
          }}
        >
          {t('order.list.resetFilters')}
        </Button>
      )}
    </>
  );
  if (!compact) {
    return (
      <Flex wrap gap={8} align="center">
        {fields}
        {extra}
      </Flex>
    );
  }
  const count = [filters.customerId, filters.status, filters.channel, filters.ownerId, filters.orderNo, filters.from || filters.to].filter(Boolean).length;
  return (
    <Flex vertical gap={8}>
      <Flex gap={8} align="center" wrap>
        <Badge count={count} size="small">
          <Button icon={<FilterOutlined />} type={open ? 'primary' : 'default'} onClick={() => setOpen((value) => !value)}>
            {t('order.list.filters')}
          </Button>
        </Badge>
        {extra}
      </Flex>
      {open && <Flex vertical gap={8}>{fields}</Flex>}
    </Flex>
  );
}

type SortField = 'orderedAt' | 'amount';
const sortOrderOf = (sort: OrderSort, field: SortField) => (sort === field ? 'ascend' : sort === `-${field}` ? 'descend' : null);

function OrderTable({ orders, loading, sort, onSort, emptyText }: { orders: OrderListItem[]; loading: boolean; sort: OrderSort; onSort: (sort: OrderSort) => void; emptyText: string }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const money = useMoney();
  const columns = useMemo<TableProps<OrderListItem>['columns']>(
    () => [
      {
        key: 'orderNo',
        title: t('order.fields.orderNo'),
        dataIndex: 'orderNo',
        width: 190,
        render: (orderNo: string, order) => (
          <Link to={`/orders/${order.id}`} onClick={(event) => event.stopPropagation()}>
            {orderNo}
          </Link>
        ),
      },
      {
        key: 'customer',
        title: t('order.fields.customer'),
        ellipsis: true,
        width: 160,
        render: (_, order) => (
          <Link to={`/customers/${order.customerId}`} onClick={(event) => event.stopPropagation()}>
            {order.customer.name}
          </Link>
        ),
      },
      {
        key: 'orderedAt',
        title: t('order.fields.orderedAt'),
        dataIndex: 'orderedAt',
        width: 150,
        sorter: true,
        sortDirections: ['descend', 'ascend', 'descend'],
        sortOrder: sortOrderOf(sort, 'orderedAt'),
        render: (iso: string) => formatTime(iso),
      },
      {
        key: 'amount',
        title: t('order.fields.amount'),
        width: 140,
        align: 'right',
        sorter: true,
        sortDirections: ['descend', 'ascend', 'descend'],
        sortOrder: sortOrderOf(sort, 'amount'),
        render: (_, order) => <Typography.Text strong>{money(order.amount)}</Typography.Text>,
      },
      { key: 'channel', title: t('order.fields.channel'), width: 90, render: (_, order) => t(`order.channel.${order.channel}`) },
      { key: 'status', title: t('order.fields.status'), width: 100, render: (_, order) => <OrderStatusTag status={order.status} /> },
      { key: 'owner', title: t('order.fields.owner'), width: 100, ellipsis: true, render: (_, order) => order.owner?.name ?? '—' },
    ],
    // i18n.language: labels and money formats follow the language
    [t, i18n.language, sort],
  );
  const onChange: TableProps<OrderListItem>['onChange'] = (_pagination, _filters, sorter) => {
    const one = Array.isArray(sorter) ? sorter[0] : sorter;
    const field = one?.columnKey as SortField | undefined;
    if (field && one?.order) onSort(one.order === 'ascend' ? field : `-${field}`);
    else onSort('-orderedAt');
  };
  return (
    <Table<OrderListItem>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={orders}
      loading={loading}
      pagination={false}
      onChange={onChange}
      showSorterTooltip={false}
      scroll={{ x: 930 }}
      locale={{ emptyText }}
      onRow={(order) => ({ onClick: () => void navigate(`/orders/${order.id}`), style: { cursor: 'pointer' } })}
    />
  );
}

/** Phone-sized screens: one compact row per order (customer, amount, status, date). */
export function OrderMobileList({ orders, loading, emptyText }: { orders: OrderListItem[]; loading: boolean; emptyText: string }) {
  const navigate = useNavigate();
  const { token } = theme.useToken();
  const money = useMoney();
  if (!loading && orders.length === 0) return <Empty description={emptyText} image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Spin spinning={loading}>
      <div role="list">
        {orders.map((order) => (
          <Flex
            key={order.id}
            role="listitem"
            align="center"
            gap={8}
            data-testid="order-row"
            onClick={() => void navigate(`/orders/${order.id}`)}
            style={{ cursor: 'pointer', padding: '12px 4px', borderBottom: `1px solid ${token.colorBorderSecondary}` }}
          >
            <Flex vertical gap={2} style={{ minWidth: 0, flex: 1 }}>
              <Flex justify="space-between" gap={8}>
                <Typography.Text strong ellipsis>
                  {order.customer.name}
                </Typography.Text>
                <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
                  {money(order.amount)}
                </Typography.Text>
              </Flex>
              <Flex justify="space-between" gap={8} align="center">
                <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
                  {order.orderNo} · {formatTime(order.orderedAt)}
                </Typography.Text>
                <OrderStatusTag status={order.status} />
              </Flex>
            </Flex>
            <RightOutlined style={{ color: token.colorTextQuaternary }} />
          </Flex>
        ))}
      </div>
    </Spin>
  );
}

export function OrderListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const { can } = usePermissions();
  const state = useOrderFilters();
  const { filters, update, active } = state;
  const pages = useCursorStack(JSON.stringify(filters));
  const list = useOrderList(toListParams(filters, pages.cursor));
  const orders = list.data?.items ?? [];
  const nextCursor = list.data?.nextCursor ?? null;
  const emptyText = active ? t('order.list.noMatch') : t('order.list.empty');
  const goto = (step: () => void) => {
    step();
    window.scrollTo({ top: 0 });
  };
  const newOrderUrl = `/orders/new${filters.customerId ? `?customerId=${filters.customerId}` : ''}`;

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('order.list.title')}
        </Typography.Title>
        {can('orders.write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate(newOrderUrl)}>
            {t('order.list.new')}
          </Button>
        )}
      </Flex>
      <Card styles={{ body: { padding: isMobile ? 12 : 24 } }}>
        <Flex vertical gap={16}>
          <OrderFilterBar state={state} compact={isMobile} />
          {list.isError && !list.data ? (
            <ErrorResult error={list.error} onRetry={() => void list.refetch()} />
          ) : isMobile ? (
            <OrderMobileList orders={orders} loading={list.isFetching} emptyText={emptyText} />
          ) : (
            <OrderTable orders={orders} loading={list.isFetching} sort={filters.sort} onSort={(sort) => update({ sort })} emptyText={emptyText} />
          )}
        </Flex>
        <CursorPager
          page={pages.page}
          hasPrev={pages.page > 1}
          hasNext={nextCursor !== null}
          onPrev={() => goto(pages.pop)}
          onNext={() => nextCursor && goto(() => pages.push(nextCursor))}
          pageSize={filters.limit}
          onPageSize={(limit) => update({ limit })}
          disabled={list.isFetching}
        />
      </Card>
    </Flex>
  );
}
