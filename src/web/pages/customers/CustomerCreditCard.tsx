import { Alert, Button, Card, Col, Flex, List, Progress, Row, Spin, Statistic, Table, Tag, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { CreditReason, CustomerCredit } from '../../../shared/credit-selection.ts';
import { usePermissions } from '../../api/auth.ts';
import { useCustomerCredit } from '../../api/creditSelection.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { useMoney } from '../../components/money.ts';

const GRADE_COLORS: Record<string, string> = { AAA: 'green', AA: 'cyan', A: 'blue', B: 'orange', C: 'red' };

/** 信用评分 (5C): score, grade, what each C adds, and the suggested credit limit with its reasons. */
export function CustomerCreditCard({ customerId, version, onEdit }: { customerId: string; version: number; onEdit: () => void }) {
  const { t } = useTranslation();
  const { can } = usePermissions();
  const query = useCustomerCredit(customerId, version);
  const money = useMoney();

  let body;
  if (query.isPending) body = <Spin />;
  else if (query.isError) body = <ErrorResult error={query.error} onRetry={() => void query.refetch()} />;
  else {
    const c = query.data;
    const yuan = (fen: number) => money({ amount: fen, currency: c.currency });
    body = (
      <Flex vertical gap={12}>
        {c.score === null ? (
          <Alert type="info" showIcon data-testid="credit-unscored" message={t('credit.unscored', { given: c.inputsGiven, required: c.inputsRequired })} />
        ) : (
          <Row gutter={[16, 12]} align="middle">
            <Col xs={12} md={6}>
              <Statistic title={t('credit.score')} value={c.score} precision={1} suffix="/ 100" valueStyle={{ fontSize: 22 }} />
            </Col>
            <Col xs={12} md={6}>
              <Flex vertical gap={4}>
                <Typography.Text type="secondary">{t('credit.grade')}</Typography.Text>
                <Tag color={GRADE_COLORS[c.grade!]} style={{ fontSize: 18, padding: '4px 10px', width: 'fit-content' }} data-testid="credit-grade">
                  {c.grade}
                </Tag>
              </Flex>
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('credit.limit')} value={c.limit ? yuan(c.limit.amount) : '—'} valueStyle={{ fontSize: 22 }} />
            </Col>
            <Col xs={12} md={6}>
              <Flex vertical gap={4}>
                <Typography.Text type="secondary">{t('credit.completeness')}</Typography.Text>
                <Progress percent={Math.round(c.completeness * 100)} size="small" />
              </Flex>
            </Col>
          </Row>
        )}
        <Table
          size="small"
          rowKey="criterion"
          pagination={false}
          data-testid="credit-criteria"
          dataSource={c.criteria}
          columns={[
            { title: t('credit.criterion'), dataIndex: 'criterion', render: (key: string) => t(`profile360.credit.${key}` as never) },
            { title: t('credit.rating'), dataIndex: 'score', render: (score: number | null) => (score === null ? t('credit.notRated') : `${score} / 5`) },
            { title: t('credit.weight'), dataIndex: 'weight', align: 'right', render: (weight: number) => `${Math.round(weight * 100)}%` },
            {
              title: t('credit.points'),
              dataIndex: 'points',
              align: 'right',
              render: (points: number | null, row: CustomerCredit['criteria'][number]) => (points === null ? '—' : `${points} / ${row.maxPoints}`),
            },
            { title: t('credit.note'), dataIndex: 'note', render: (note: string | null) => note ?? '' },
          ]}
        />
        {c.reasons.length > 0 && (
          <List
            size="small"
            data-testid="credit-reasons"
            header={<Typography.Text strong>{t('credit.reasons')}</Typography.Text>}
            dataSource={c.reasons}
            renderItem={(reason) => (
              <List.Item>
                <Typography.Text type={reason.concern ? 'warning' : undefined}>{reasonText(t, reason, yuan)}</Typography.Text>
              </List.Item>
            )}
          />
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {c.limit ? t('credit.formula', { from: c.limit.from, to: c.limit.to, cap: yuan(c.limit.cap) }) : t('credit.formulaShort')}
        </Typography.Text>
      </Flex>
    );
  }
  return (
    <Card
      title={t('credit.title')}
      data-testid="customer-credit"
      extra={
        can('customers.write') && (
          <Button size="small" icon={<EditOutlined />} onClick={onEdit}>
            {t('credit.edit')}
          </Button>
        )
      }
    >
      {body}
    </Card>
  );
}

type T = TFunction;

/** The reason in the reader's language, from its code and numbers. */
function reasonText(t: T, reason: CreditReason, yuan: (fen: number) => string): string {
  const p = reason.params;
  const criterion = (key: unknown) => String(t(`profile360.credit.${String(key)}`, { defaultValue: String(key) }));
  const values: Record<string, string> = Object.fromEntries(Object.entries(p).map(([key, value]) => [key, String(value ?? '')]));
  if (reason.code === 'missing_inputs') values.missing = String(p.missing).split(',').map(criterion).join(t('credit.listSeparator'));
  if (reason.code === 'weak_criterion') values.criterion = criterion(p.criterion);
  for (const key of ['amount', 'monthly', 'cap']) if (typeof p[key] === 'number') values[key] = yuan(p[key]);
  return t(`credit.reason.${reason.code}`, { ...values, defaultValue: reason.text });
}
