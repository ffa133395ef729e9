import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { Alert, Card, Col, Flex, Row, Statistic, Table, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { type Quadrant, QUADRANTS, type SelectionMatrix } from '../../../shared/credit-selection.ts';
import { useSelectionMatrix } from '../../api/creditSelection.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { useMoney } from '../../components/money.ts';
import { PageLoading } from '../../components/PageLoading.tsx';
import { CursorPager } from '../customers/CursorPager.tsx';
import { type CsvRows, EChart } from './EChart.tsx';

export const QUADRANT_COLORS: Record<Quadrant, string> = { A: '#389e0d', B: '#d48806', C: '#1677ff', D: '#8c8c8c' };

/** 门当户对: customer value (x) against the capacity to serve them (y), in quadrants A–D. */
export function SelectionMatrixTab({ filter }: { filter: { teamId?: string; ownerId?: string } }) {
  const { t } = useTranslation();
  const money = useMoney();
  const [quadrant, setQuadrant] = useState<Quadrant>('A');
  const [cursors, setCursors] = useState<string[]>([]);
  const [limit, setLimit] = useState(20);
  const matrix = useSelectionMatrix({ ...filter, quadrant, limit, cursor: cursors.at(-1) });

  const chart = useMemo(() => (matrix.data ? chartOf(matrix.data, t) : null), [matrix.data, t]);

  if (matrix.isPending) return <PageLoading />;
  if (matrix.isError) return <ErrorResult error={matrix.error} onRetry={() => void matrix.refetch()} />;
  const data = matrix.data;
  const choose = (next: Quadrant) => {
    setQuadrant(next);
    setCursors([]);
  };
  const metric = data.valueMetric ? t(`selection.metric.${data.valueMetric}`) : '—';

  return (
    <Flex vertical gap={16} data-testid="selection-matrix">
      {!data.asOf && <Alert type="info" showIcon message={t('analytics.notRefreshed')} />}
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('selection.intro', { metric, valueMin: data.valueMin, fitMin: data.fitMin })}
      </Typography.Paragraph>
      <Row gutter={[12, 12]}>
        {QUADRANTS.map((q) => (
          <Col key={q} xs={12} md={6}>
            <Card
              size="small"
              hoverable
              onClick={() => choose(q)}
              data-testid={`quadrant-${q}`}
              style={{ borderColor: q === quadrant ? QUADRANT_COLORS[q] : undefined, borderWidth: q === quadrant ? 2 : 1 }}
            >
              <Statistic title={<Tag color={QUADRANT_COLORS[q]}>{t(`selection.quadrant.${q}`)}</Tag>} value={data.counts[q]} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t(`selection.advice.${q}`)}
              </Typography.Text>
            </Card>
          </Col>
        ))}
      </Row>
      {data.counts.unrated > 0 && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('selection.unrated', { count: data.counts.unrated })}
        </Typography.Text>
      )}
      {chart && (
        <EChart
          title={data.sampled ? t('selection.chartSampled', { count: data.points.length }) : t('selection.chart')}
          name="selection-matrix"
          option={chart.option}
          csv={chart.csv}
          height={420}
          empty={data.points.length === 0}
        />
      )}
      <Card size="small" title={t('selection.listTitle', { quadrant: t(`selection.quadrant.${quadrant}`) })} data-testid="quadrant-list">
        <Table
          size="small"
          rowKey="customerId"
          pagination={false}
          loading={matrix.isFetching}
          scroll={{ x: 720 }}
          dataSource={data.list.items}
          columns={[
            { title: t('analytics.csv.customer'), dataIndex: 'name', render: (name: string, row) => <Link to={`/customers/${row.customerId}`}>{name}</Link> },
            { title: t('analytics.csv.owner'), dataIndex: 'ownerName', render: (name: string | null) => name ?? '—' },
            { title: t('selection.value'), dataIndex: 'value', align: 'right' },
            { title: metric, dataIndex: 'valueAmount', align: 'right', render: (fen: number) => money({ amount: fen, currency: data.currency }) },
            { title: t('selection.fit'), dataIndex: 'fit', align: 'right' },
            { title: t('selection.creditScore'), dataIndex: 'creditScore', align: 'right', render: (score: number | null) => score ?? '—' },
            {
              title: t('selection.factors'),
              dataIndex: 'factors',
              render: (factors: Record<string, number | null>) => (
                <Flex gap={4} wrap>
                  {Object.entries(factors).map(([key, score]) => (
                    <Tag key={key}>
                      {t(`selection.factor.${key}`, { defaultValue: key })} {score === null ? '?' : Math.round(score * 100)}
                    </Tag>
                  ))}
                </Flex>
              ),
            },
          ]}
        />
        <CursorPager
          page={cursors.length + 1}
          hasPrev={cursors.length > 0}
          hasNext={Boolean(data.list.nextCursor)}
          onPrev={() => setCursors((list) => list.slice(0, -1))}
          onNext={() => data.list.nextCursor && setCursors((list) => [...list, data.list.nextCursor!])}
          pageSize={limit}
          onPageSize={(size) => {
            setLimit(size);
            setCursors([]);
          }}
          disabled={matrix.isFetching}
        />
      </Card>
    </Flex>
  );
}

type T = TFunction;

function chartOf(data: SelectionMatrix, t: T) {
  const series = QUADRANTS.map((q, i) => ({
    name: t(`selection.quadrant.${q}`),
    type: 'scatter',
    symbolSize: 7,
    itemStyle: { color: QUADRANT_COLORS[q], opacity: 0.75 },
    data: data.points.filter((p) => p.quadrant === q).map((p) => ({ value: [p.value, p.fit], name: p.name })),
    ...(i === 0
      ? {
          markLine: {
            silent: true,
            symbol: 'none',
            lineStyle: { type: 'dashed', color: '#595959' },
            label: { formatter: '{c}' },
            data: [{ xAxis: data.valueMin }, { yAxis: data.fitMin }],
          },
        }
      : {}),
  }));
  const option = {
    tooltip: { trigger: 'item', formatter: (p: { name: string; value: [number, number]; seriesName: string }) => `${p.name}<br/>${p.seriesName}<br/>${t('selection.value')} ${p.value[0]} · ${t('selection.fit')} ${p.value[1]}` },
    legend: { top: 0 },
    grid: { left: 60, right: 30, bottom: 50, top: 40 },
    xAxis: { type: 'value', min: 0, max: 100, name: t('selection.value'), nameLocation: 'middle', nameGap: 30 },
    yAxis: { type: 'value', min: 0, max: 100, name: t('selection.fit'), nameLocation: 'middle', nameGap: 40 },
    series,
  };
  const csv: CsvRows = [
    [t('analytics.csv.customer'), t('selection.value'), t('selection.fit'), t('selection.quadrantColumn')],
    ...data.points.map((p) => [p.name, p.value, p.fit, p.quadrant]),
  ];
  return { option, csv };
}
