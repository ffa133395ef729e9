import { useMemo, useState } from 'react';
import { Col, Flex, Row, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { SEGMENT_KEYS, type CohortQuery } from '../../../shared/analytics.ts';
import { useCohorts, useSegmentMigrations } from '../../api/analytics.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { PageLoading } from '../../components/PageLoading.tsx';
import { type CsvRows, EChart } from './EChart.tsx';

const MAX_OFFSETS = 12;

/** 留存与迁移: the cohort retention matrix by first-order month, and RFM segment moves between two dates. */
export function RetentionTab({ filter }: { filter: CohortQuery }) {
  const { t } = useTranslation();
  const cohorts = useCohorts(filter);
  const [dates, setDates] = useState<{ from?: string; to?: string }>({});
  const migrations = useSegmentMigrations(dates);
  const segmentName = (key: string) => t(`analytics.segment.${key}`, { defaultValue: key });

  const cohortChart = useMemo(() => {
    const rows = cohorts.data?.cohorts ?? [];
    const offsets = Array.from({ length: MAX_OFFSETS + 1 }, (_, k) => k);
    const cells = rows.flatMap((row, y) =>
      offsets.filter((k) => k < row.retained.length || k === 0).map((k) => [k, y, row.size ? Math.round(((row.retained[k] ?? 0) / row.size) * 1000) / 10 : 0]),
    );
    return {
      option: {
        tooltip: { formatter: (p: { value: [number, number, number] }) => `${rows[p.value[1]]?.month} +${p.value[0]}: ${p.value[2]}%` },
        grid: { left: 90, right: 70, top: 10, bottom: 40 },
        xAxis: { type: 'category', name: t('analytics.retention.monthsAfter'), nameLocation: 'middle', nameGap: 28, data: offsets.map(String) },
        yAxis: { type: 'category', inverse: true, data: rows.map((row) => `${row.month} (${row.size})`) },
        visualMap: { min: 0, max: 100, calculable: true, orient: 'vertical', right: 0, top: 'middle', itemHeight: 120, inRange: { color: ['#f0f5ff', '#1d39c4'] } },
        series: [{ type: 'heatmap', data: cells, label: { show: rows.length <= 18, formatter: (p: { value: [number, number, number] }) => `${Math.round(p.value[2])}` } }],
      },
      csv: [
        [t('analytics.retention.cohort'), t('analytics.retention.size'), ...offsets.map((k) => `+${k}`)],
        ...rows.map((row) => [row.month, row.size, ...offsets.map((k) => row.retained[k] ?? 0)]),
      ] as CsvRows,
      empty: rows.length === 0,
      height: Math.max(260, rows.length * 22 + 100),
    };
  }, [cohorts.data, t]);

  const migrationChart = useMemo(() => {
    const cells = migrations.data?.cells ?? [];
    const names = SEGMENT_KEYS.map(segmentName);
    const max = Math.max(1, ...cells.map((cell) => cell.customers));
    return {
      option: {
        tooltip: { formatter: (p: { value: [number, number, number] }) => `${names[p.value[1]]} → ${names[p.value[0]]}: ${p.value[2]}` },
        grid: { left: 110, right: 20, top: 10, bottom: 110 },
        xAxis: { type: 'category', name: t('analytics.migrations.to'), nameLocation: 'middle', nameGap: 95, data: names, axisLabel: { rotate: 40 } },
        yAxis: { type: 'category', name: t('analytics.migrations.from'), inverse: true, data: names },
        visualMap: { min: 0, max, show: false, inRange: { color: ['#f6ffed', '#237804'] } },
        series: [{ type: 'heatmap', label: { show: true }, data: cells.map((cell) => [SEGMENT_KEYS.indexOf(cell.to), SEGMENT_KEYS.indexOf(cell.from), cell.customers]) }],
      },
      csv: [[t('analytics.migrations.from'), t('analytics.migrations.to'), t('analytics.csv.customers')], ...cells.map((cell) => [segmentName(cell.from), segmentName(cell.to), cell.customers])] as CsvRows,
      empty: cells.length === 0,
    };
  }, [migrations.data, t]);

  if (cohorts.isPending || migrations.isPending) return <PageLoading />;
  if (cohorts.isError) return <ErrorResult error={cohorts.error} onRetry={() => void cohorts.refetch()} />;
  if (migrations.isError) return <ErrorResult error={migrations.error} onRetry={() => void migrations.refetch()} />;
  const options = migrations.data.dates.map((date) => ({ value: date, label: date }));

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24}>
        <EChart title={t('analytics.retention.title')} name="cohort-retention" option={cohortChart.option} csv={cohortChart.csv} empty={cohortChart.empty} height={cohortChart.height} />
      </Col>
      <Col xs={24}>
        <Flex vertical gap={8}>
          <Flex gap={8} align="center" wrap>
            <Typography.Text>{t('analytics.migrations.between')}</Typography.Text>
            <Select style={{ width: 140 }} aria-label={t('analytics.migrations.fromDate')} value={migrations.data.from ?? undefined} options={options} onChange={(from: string) => setDates((d) => ({ ...d, from }))} />
            <Typography.Text>→</Typography.Text>
            <Select style={{ width: 140 }} aria-label={t('analytics.migrations.toDate')} value={migrations.data.to ?? undefined} options={options} onChange={(to: string) => setDates((d) => ({ ...d, to }))} />
          </Flex>
          {migrations.data.dates.length < 2 && <Typography.Text type="secondary">{t('analytics.migrations.needTwo')}</Typography.Text>}
          <EChart title={t('analytics.migrations.title')} name="segment-migrations" option={migrationChart.option} csv={migrationChart.csv} empty={migrationChart.empty} height={420} />
        </Flex>
      </Col>
    </Row>
  );
}
