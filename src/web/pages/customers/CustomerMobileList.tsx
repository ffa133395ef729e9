import { useLocation, useNavigate } from 'react-router';
import { Empty, Flex, Spin, Typography, theme } from 'antd';
import { EnvironmentOutlined, PhoneOutlined, RightOutlined } from '@ant-design/icons';
import type { CustomerSummary } from '../../../shared/customers.ts';
import { StatusTag } from '../../components/StatusTag.tsx';

/** Phone-sized screens: one compact row per customer (name, phone, city). */
export function CustomerMobileList({ customers, loading, emptyText }: { customers: CustomerSummary[]; loading: boolean; emptyText: string }) {
  const navigate = useNavigate();
  const { search } = useLocation();
  const { token } = theme.useToken();
  if (!loading && customers.length === 0) return <Empty description={emptyText} />;
  return (
    <Spin spinning={loading}>
      <div role="list" style={{ minHeight: 80 }}>
        {customers.map((customer) => (
          <Flex
            key={customer.id}
            role="listitem"
            align="center"
            gap={8}
            data-testid="customer-row"
            onClick={() => void navigate(`/customers/${customer.id}`, { state: { listSearch: search } })}
            style={{ cursor: 'pointer', padding: '12px 4px', borderBottom: `1px solid ${token.colorBorderSecondary}` }}
          >
            <Flex vertical gap={2} style={{ minWidth: 0, flex: 1 }}>
              <Flex align="center" gap={8} style={{ minWidth: 0 }}>
                <Typography.Text strong ellipsis>
                  {customer.name}
                </Typography.Text>
                <StatusTag status={customer.status} />
              </Flex>
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                <PhoneOutlined /> {customer.phones[0] ?? '—'}
                <span style={{ marginLeft: 12 }}>
                  <EnvironmentOutlined /> {customer.city ?? '—'}
                </span>
              </Typography.Text>
            </Flex>
            <RightOutlined style={{ color: token.colorTextQuaternary }} />
          </Flex>
        ))}
      </div>
    </Spin>
  );
}
