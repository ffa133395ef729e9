import { Alert, Card, Col, Flex, List, Row, Spin, Statistic, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCustomerAnalytics } from '../../api/analytics.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { useMoney } from '../../components/money.ts';

const TIER_COLORS: Record<string, string> = { A: 'red', B: 'gold', C: 'default' };

/** 客户价值: RFM, segment, ABC tier, CLV, P(alive) and churn risk from the last refresh, explained in words. */
export function CustomerValueCard({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const money = useMoney();
  const query = useCustomerAnalytics(customerId);

  let body;
  if (query.isPending) body = <Spin />;
  else if (query.isError) body = <ErrorResult error={query.error} onRetry={() => void query.refetch()} />;
  else {
    const a = query.data;
    const yuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? '—' : money({ amount: Math.round(fen), currency: a.currency }));
    const risk = a.churn?.risk ?? null;
    body = (
      <Flex vertical gap={12}>
        <Typography.Paragraph data-testid="value-explanation" style={{ margin: 0 }}>
          {a.explanation}
        </Typography.Paragraph>
        {a.scored && a.rfm && (
          <>
            <Flex gap={8} wrap>
              <Tag color="blue" data-testid="value-segment">
                {t(`analytics.segment.${a.rfm.segment}`)}
              </Tag>
              {a.abcTier && <Tag color={TIER_COLORS[a.abcTier]}>{t('analytics.tier', { tier: a.abcTier })}</Tag>}
              {a.keyAccount && <Tag color="purple">{t('analytics.keyAccount')}</Tag>}
              <Tag>R{a.rfm.r} · F{a.rfm.f} · M{a.rfm.m}</Tag>
            </Flex>
            <Row gutter={[16, 12]}>
              <Col xs={12} md={6}>
                <Statistic title={t('analytics.value.clv', { weeks: a.clv?.horizonWeeks ?? 52 })} value={yuan(a.clv?.value)} valueStyle={{ fontSize: 20 }} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t('analytics.value.pAlive')} value={a.clv ? `${Math.round(a.clv.pAlive * 100)}%` : '—'} valueStyle={{ fontSize: 20 }} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t('analytics.value.expectedPurchases')} value={a.clv ? a.clv.expectedPurchases.toFixed(1) : '—'} valueStyle={{ fontSize: 20 }} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic
                  title={t('analytics.value.churnRisk')}
                  value={risk === null ? '—' : `${Math.round(risk * 100)}%`}
                  valueStyle={{ fontSize: 20, color: risk !== null && risk >= 0.6 ? '#cf1322' : undefined }}
                />
              </Col>
            </Row>
            {a.churn && a.churn.reasons.length > 0 && (
              <List
                size="small"
                header={<Typography.Text strong>{t('analytics.value.reasons')}</Typography.Text>}
                dataSource={a.churn.reasons}
                renderItem={(reason) => (
                  <List.Item>
                    <Typography.Text type={reason.concern ? 'danger' : 'secondary'}>{reason.text}</Typography.Text>
                  </List.Item>
                )}
              />
            )}
            {a.history.length > 1 && (
              <>
                <Typography.Text strong>{t('analytics.value.history')}</Typography.Text>
                <Timeline
                  items={a.history.map((h) => ({
                    children: `${h.asOf} · ${t(`analytics.segment.${h.segment}`)} · ${t('analytics.tier', { tier: h.abcTier })}${h.clv === null ? '' : ` · CLV ${yuan(h.clv)}`}`,
                  }))}
                />
              </>
            )}
          </>
        )}
        {a.asOf && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('analytics.value.asOf', { asOf: a.asOf })}
          </Typography.Text>
        )}
        {a.scored && a.clvUnavailable && <Alert type="info" showIcon message={t('analytics.value.noClv')} description={a.clvUnavailable} />}
      </Flex>
    );
  }
  return (
    <Card title={t('analytics.value.title')} data-testid="customer-value">
      {body}
    </Card>
  );
}
