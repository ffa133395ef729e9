import { Link, useNavigate } from 'react-router';
import { Button, Card, Col, Empty, Flex, Row, Spin, Statistic, Typography, theme } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Money } from '../../../shared/money.ts';
import { usePermissions } from '../../api/auth.ts';
import { useCustomerOrderSummary, useCustomerOrders } from '../../api/orders.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { formatDate, formatTime } from '../../components/format.ts';
import { useMoney } from '../../components/money.ts';
import { OrderStatusTag } from '../orders/OrderStatusTag.tsx';

const RECENT = 5;

/** 订单: the customer's order figures (cancelled and refunded left out), the last five orders, and links. */
export function CustomerOrdersCard({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const { can } = usePermissions();
  const navigate = useNavigate();
  const { token } = theme.useToken();
  const money = useMoney();
  const allowed = can('orders.read');
  const summary = useCustomerOrderSummary(customerId, allowed);
  const recent = useCustomerOrders(customerId, RECENT, allowed);
  if (!allowed) return null;
  const amounts = (list: Money[] | undefined) => (list && list.length ? list.map((m) => money(m)).join(' + ') : money({ amount: 0, currency: 'CNY' }));

  let body;
  if (summary.isPending || recent.isPending) body = <Spin />;
  else if (summary.isError) body = <ErrorResult error={summary.error} onRetry={() => void summary.refetch()} />;
  else if (recent.isError) body = <ErrorResult error={recent.error} onRetry={() => void recent.refetch()} />;
  else {
    const s = summary.data;
    body = (
      <Flex vertical gap={12}>
        <Row gutter={[16, 12]} data-testid="order-summary">
          <Col xs={12} md={6}>
            <Statistic title={t('order.card.count')} value={s.count} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('order.card.total')} value={amounts(s.total)} valueStyle={{ fontSize: 20 }} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('order.card.average')} value={amounts(s.averageOrderValue)} valueStyle={{ fontSize: 20 }} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('order.card.lastOrderAt')} value={formatDate(s.lastOrderAt)} valueStyle={{ fontSize: 20 }} />
          </Col>
        </Row>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('order.card.excluded')}
        </Typography.Text>
        {recent.data.items.length === 0 ? (
          <Empty description={t('order.card.none')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
        ) : (
          <div role="list" aria-label={t('order.card.recent')}>
            {recent.data.items.map((order) => (
              <Flex
                key={order.id}
                role="listitem"
                justify="space-between"
                align="center"
                gap={8}
                wrap
                data-testid="customer-order"
                style={{ padding: '8px 0', borderTop: `1px solid ${token.colorBorderSecondary}` }}
              >
                <Flex vertical style={{ minWidth: 0 }}>
                  <Link to={`/orders/${order.id}`}>{order.orderNo}</Link>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatTime(order.orderedAt)} · {t(`order.channel.${order.channel}`)}
                  </Typography.Text>
                </Flex>
                <Flex align="center" gap={8}>
                  <Typography.Text strong>{money(order.amount)}</Typography.Text>
                  <OrderStatusTag status={order.status} />
                </Flex>
              </Flex>
            ))}
          </div>
        )}
        <Link to={`/orders?customerId=${customerId}`}>{t('order.card.viewAll')}</Link>
      </Flex>
    );
  }
  return (
    <Card
      title={t('order.card.title')}
      extra={
        can('orders.write') && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => void navigate(`/orders/new?customerId=${customerId}`)}>
            {t('order.card.newOrder')}
          </Button>
        )
      }
    >
      {body}
    </Card>
  );
}
