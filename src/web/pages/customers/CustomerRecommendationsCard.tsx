import { Card, Empty, Flex, List, Spin, Tag, Tooltip, Typography } from 'antd';
import { QuestionCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CustomerRecommendation } from '../../../shared/analytics.ts';
import { useCustomerRecommendations } from '../../api/analytics.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { useMoney } from '../../components/money.ts';

const percent = (value: number) => `${Math.round(value * 100)}%`;

function Reason({ item }: { item: CustomerRecommendation }) {
  const { t } = useTranslation();
  const reason = t('analytics.recommendations.reason', {
    antecedent: item.antecedent.name,
    product: item.product.name,
    confidence: percent(item.confidence),
    lift: item.lift.toFixed(1),
  });
  const more = item.antecedents > 1 ? t('analytics.recommendations.moreAntecedents', { count: item.antecedents - 1 }) : '';
  return (
    <Typography.Text type="secondary" data-testid="recommendation-reason">
      {reason}
      {more}
    </Typography.Text>
  );
}

/** 推荐产品: the next products to offer this customer, from order co-occurrence, each with its reason. */
export function CustomerRecommendationsCard({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const money = useMoney();
  const query = useCustomerRecommendations(customerId);

  let body;
  if (query.isPending) body = <Spin />;
  else if (query.isError) body = <ErrorResult error={query.error} onRetry={() => void query.refetch()} />;
  else {
    const data = query.data;
    body = (
      <Flex vertical gap={8}>
        {data.status === 'ready' ? (
          <List
            dataSource={data.items}
            rowKey={(item) => item.product.id}
            renderItem={(item) => (
              <List.Item data-testid="recommendation" extra={<Tag color="green">{t('analytics.recommendations.score', { score: percent(item.score) })}</Tag>}>
                <List.Item.Meta
                  title={
                    <Flex gap={8} wrap align="center">
                      <Typography.Text strong>
                        {item.rank}. {item.product.name}
                      </Typography.Text>
                      <Typography.Text type="secondary">{item.product.sku}</Typography.Text>
                      {item.product.categoryName && <Tag>{item.product.categoryName}</Tag>}
                      <Typography.Text type="secondary">{money({ amount: item.product.unitPrice, currency: item.product.currency })}</Typography.Text>
                    </Flex>
                  }
                  description={<Reason item={item} />}
                />
              </List.Item>
            )}
          />
        ) : (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={<span data-testid="recommendations-empty">{t(`analytics.recommendations.empty.${data.status}`, { months: data.lookbackMonths ?? 12 })}</span>}
          />
        )}
        {data.asOf && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('analytics.recommendations.asOf', { asOf: data.asOf, months: data.lookbackMonths })}
          </Typography.Text>
        )}
      </Flex>
    );
  }
  return (
    <Card
      title={
        <Flex gap={6} align="center">
          {t('analytics.recommendations.title')}
          <Tooltip title={t('analytics.recommendations.hint')}>
            <QuestionCircleOutlined style={{ color: 'rgba(0, 0, 0, 0.45)', fontSize: 14 }} aria-label={t('analytics.recommendations.hint')} />
          </Tooltip>
        </Flex>
      }
      data-testid="customer-recommendations"
    >
      {body}
    </Card>
  );
}
