import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { App, Button, Card, Descriptions, Empty, Flex, Input, Popconfirm, Result, Space, Spin, Table, Timeline, Typography, type TableProps } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Event } from '../../../shared/events.ts';
import { ORDER_STATUSES, type Order, type OrderLine, type OrderStatus } from '../../../shared/orders.ts';
import { usePermissions } from '../../api/auth.ts';
import { isApiError } from '../../api/client.ts';
import { orderKeys, useChangeOrderStatus, useOrder, useOrderEvents } from '../../api/orders.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { formatTime } from '../../components/format.ts';
import { useIsMobile } from '../../components/hooks.ts';
import { useMoney } from '../../components/money.ts';
import { PageLoading } from '../../components/PageLoading.tsx';
import { errorMessage } from '../../components/problem.ts';
import { useQueryClient } from '@tanstack/react-query';
import { OrderStatusTag } from './OrderStatusTag.tsx';

const isStatus = (value: unknown): value is OrderStatus => (ORDER_STATUSES as readonly unknown[]).includes(value);

function StatusButtons({ order }: { order: Order }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const change = useChangeOrderStatus(order.id);
  const [reason, setReason] = useState('');
  if (order.nextStatuses.length === 0) return <Typography.Text type="secondary">{t('order.detail.final')}</Typography.Text>;
  const run = (status: OrderStatus) =>
    change.mutateAsync(
      { version: order.version, status, ...(reason.trim() ? { reason: reason.trim() } : {}) },
      {
        onSuccess: () => {
          setReason('');
          void message.success(t('order.detail.statusChanged'));
        },
        onError: (error) => {
          if (isApiError(error, 409)) {
            void queryClient.invalidateQueries({ queryKey: orderKeys.detail(order.id) });
            void message.warning(t('order.detail.conflict'));
          } else void message.error(errorMessage(t, error));
        },
      },
    );
  return (
    <Space wrap>
      {order.nextStatuses.map((status) => {
        const danger = status === 'cancelled' || status === 'refunded';
        return (
          <Popconfirm
            key={status}
            title={t(`order.action.${status}`)}
            description={
              <Input
                placeholder={t('order.detail.reason')}
                value={reason}
                maxLength={500}
                onChange={(event) => setReason(event.target.value)}
                style={{ width: 240 }}
              />
            }
            okText={t('common.confirm')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger, loading: change.isPending }}
            onConfirm={() => run(status)}
          >
            <Button type={danger ? 'default' : 'primary'} danger={danger} loading={change.isPending && change.variables?.status === status}>
              {t(`order.action.${status}`)}
            </Button>
          </Popconfirm>
        );
      })}
    </Space>
  );
}

function LinesTable({ order }: { order: Order }) {
  const { t, i18n } = useTranslation();
  const money = useMoney();
  const isMobile = useIsMobile();
  const columns: TableProps<OrderLine>['columns'] = [
    {
      key: 'description',
      title: t('order.line.description'),
      render: (_, line) => (
        <Flex vertical>
          <Typography.Text>{line.description}</Typography.Text>
          {line.product && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {line.product.sku}
              {line.product.name !== line.description ? ` · ${line.product.name}` : ''}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    { key: 'quantity', title: t('order.line.quantity'), dataIndex: 'quantity', align: 'right', width: 70 },
    ...(isMobile
      ? []
      : [{ key: 'unitPrice', title: t('order.line.unitPrice'), align: 'right' as const, width: 130, render: (_: unknown, line: OrderLine) => money(line.unitPrice) }]),
    { key: 'amount', title: t('order.line.amount'), align: 'right', width: 130, render: (_, line) => money(line.amount) },
  ];
  return (
    <Table<OrderLine>
      key={i18n.language}
      rowKey="lineNo"
      size="small"
      columns={columns}
      dataSource={order.lines}
      pagination={false}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0} colSpan={columns.length - 1} align="right">
            <Typography.Text strong>{t('order.detail.total')}</Typography.Text>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={1} align="right">
            <Typography.Text strong data-testid="order-total">
              {money(order.amount)}
            </Typography.Text>
          </Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
  );
}

function eventText(t: TFunction, event: Event): string {
  if (event.action === 'status_changed') {
    const from = event.before?.status;
    const to = event.after?.status;
    const label = (value: unknown) => (isStatus(value) ? t(`order.status.${value}`) : String(value ?? ''));
    const reason = typeof event.after?.reason === 'string' ? `（${event.after.reason}）` : '';
    return `${t('order.events.status_changed')}：${label(from)} → ${label(to)}${reason}`;
  }
  if (event.action === 'created') return t('order.events.created');
  return event.action;
}

function OrderHistory({ order }: { order: Order }) {
  const { t } = useTranslation();
  const events = useOrderEvents(order.id);
  const items = events.data?.pages.flatMap((page) => page.items) ?? [];
  let body;
  if (events.isPending) body = <Spin />;
  else if (events.isError) body = <ErrorResult error={events.error} onRetry={() => void events.refetch()} />;
  else if (items.length === 0) body = <Empty description={t('order.detail.noHistory')} image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  else
    body = (
      <Timeline
        items={items.map((event) => ({
          key: event.id,
          color: event.action === 'created' ? 'green' : 'blue',
          content: (
            <div data-testid="order-event">
              <Flex gap={8} wrap align="baseline">
                <Typography.Text strong>{event.actor.name ?? t('customer.events.systemActor')}</Typography.Text>
                <Typography.Text>{eventText(t, event)}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatTime(event.occurredAt)}
                </Typography.Text>
              </Flex>
            </div>
          ),
        }))}
      />
    );
  return (
    <Card title={t('order.detail.history')}>
      {body}
      {events.hasNextPage && (
        <Flex justify="center">
          <Button onClick={() => void events.fetchNextPage()} loading={events.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </Flex>
      )}
    </Card>
  );
}

function OrderView({ order }: { order: Order }) {
  const { t } = useTranslation();
  const { can } = usePermissions();
  const isMobile = useIsMobile();
  const money = useMoney();
  return (
    <Flex vertical gap={16}>
      <Card>
        <Flex justify="space-between" align="flex-start" gap={16} wrap>
          <Flex vertical gap={4} style={{ minWidth: 0 }}>
            <Flex align="center" gap={8} wrap>
              <Typography.Title level={4} style={{ margin: 0 }}>
                {order.orderNo}
              </Typography.Title>
              <OrderStatusTag status={order.status} />
            </Flex>
            <Typography.Text style={{ fontSize: 22 }} strong>
              {money(order.amount)}
            </Typography.Text>
          </Flex>
          {can('orders.write') && <StatusButtons order={order} />}
        </Flex>
      </Card>
      <Card title={t('order.detail.basicInfo')}>
        <Descriptions
          column={isMobile ? 1 : 2}
          items={[
            { key: 'customer', label: t('order.fields.customer'), children: <Link to={`/customers/${order.customerId}`}>{order.customer.name}</Link> },
            { key: 'orderedAt', label: t('order.fields.orderedAt'), children: formatTime(order.orderedAt) },
            { key: 'channel', label: t('order.fields.channel'), children: t(`order.channel.${order.channel}`) },
            { key: 'owner', label: t('order.fields.owner'), children: order.owner?.name ?? '—' },
            { key: 'createdAt', label: t('order.fields.createdAt'), children: formatTime(order.createdAt) },
            { key: 'note', label: t('order.fields.note'), children: order.note ?? '—' },
          ]}
        />
      </Card>
      <Card title={t('order.detail.lines')} styles={{ body: { padding: isMobile ? 8 : 24 } }}>
        <LinesTable order={order} />
      </Card>
      <OrderHistory order={order} />
    </Flex>
  );
}

export function OrderDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const order = useOrder(id);
  let body;
  if (order.isPending) body = <PageLoading />;
  else if (order.isError) {
    body =
      isApiError(order.error, 404) || isApiError(order.error, 400) ? (
        <Result status="404" title={t('order.detail.notFound')} subTitle={t('order.detail.notFoundDetail')} />
      ) : (
        <ErrorResult error={order.error} onRetry={() => void order.refetch()} />
      );
  } else body = <OrderView order={order.data} />;
  return (
    <Flex vertical gap={12}>
      <Link to="/orders">
        <ArrowLeftOutlined /> {t('order.detail.back')}
      </Link>
      {body}
    </Flex>
  );
}
