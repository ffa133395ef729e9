import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Flex, Progress, Row, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { SyncOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { ChurnWarning, Dashboard, DashboardQuery } from '../../../shared/analytics.ts';
import { useTeams, useUsers } from '../../api/admin.ts';
import { useChangeChurnWarning, useChurnWarnings, useDashboard, useRefreshStatus, useStartRefresh } from '../../api/analytics.ts';
import { usePermissions } from '../../api/auth.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { formatTime } from '../../components/format.ts';
import { useMoney } from '../../components/money.ts';
import { PageLoading } from '../../components/PageLoading.tsx';
import { errorMessage } from '../../components/problem.ts';
import { type CsvRows, downloadCsv, EChart } from './EChart.tsx';
import { RetentionTab } from './RetentionTab.tsx';
import { SelectionMatrixTab } from './SelectionMatrixTab.tsx';

const TIER_COLORS: Record<string, string> = { A: '#cf1322', B: '#d48806', C: '#8c8c8c' };

/** 分析: charts over the precomputed scores, the valuable customers at risk, and the churn warnings. */
export function AnalyticsDashboardPage() {
  const { t } = useTranslation();
  const { can } = usePermissions();
  const [filter, setFilter] = useState<DashboardQuery>({});
  const [params, setParams] = useSearchParams();
  const tab = ['charts', 'retention', 'selection', 'warnings'].includes(params.get('tab') ?? '') ? params.get('tab')! : 'charts';
  const dashboard = useDashboard(filter);
  const teams = useTeams(can('teams.manage') || can('users.manage'));
  const users = useUsers(can('users.manage'));

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('analytics.title')}
        </Typography.Title>
        <RefreshControl />
      </Flex>
      <Card size="small">
        <Space wrap>
          {teams.data && teams.data.length > 0 && (
            <Select
              allowClear
              style={{ minWidth: 160 }}
              placeholder={t('analytics.filters.team')}
              aria-label={t('analytics.filters.team')}
              value={filter.teamId}
              options={teams.data.map((team) => ({ value: team.id, label: team.name }))}
              onChange={(teamId?: string) => setFilter((f) => ({ ...f, teamId }))}
            />
          )}
          {users.data && (
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              style={{ minWidth: 160 }}
              placeholder={t('analytics.filters.owner')}
              aria-label={t('analytics.filters.owner')}
              value={filter.ownerId}
              options={users.data.map((user) => ({ value: user.id, label: user.name }))}
              onChange={(ownerId?: string) => setFilter((f) => ({ ...f, ownerId }))}
            />
          )}
          <DatePicker.RangePicker
            picker="month"
            aria-label={t('analytics.filters.period')}
            placeholder={[t('analytics.filters.from'), t('analytics.filters.to')]}
            onChange={(range) => {
              const [from, to] = (range ?? [null, null]) as [Dayjs | null, Dayjs | null];
              setFilter((f) => ({ ...f, from: from?.format('YYYY-MM'), to: to?.format('YYYY-MM') }));
            }}
          />
        </Space>
      </Card>
      {dashboard.isPending ? (
        <PageLoading />
      ) : dashboard.isError ? (
        <ErrorResult error={dashboard.error} onRetry={() => void dashboard.refetch()} />
      ) : (
        <Tabs
          activeKey={tab}
          onChange={(key) => setParams(key === 'charts' ? {} : { tab: key }, { replace: true })}
          items={[
            { key: 'charts', label: t('analytics.tabs.charts'), children: <Charts data={dashboard.data} /> },
            { key: 'retention', label: t('analytics.tabs.retention'), children: <RetentionTab filter={{ teamId: filter.teamId, ownerId: filter.ownerId }} /> },
            { key: 'selection', label: t('selection.tab'), children: <SelectionMatrixTab filter={{ teamId: filter.teamId, ownerId: filter.ownerId }} /> },
            { key: 'warnings', label: t('analytics.tabs.warnings'), children: <WarningsList /> },
          ]}
        />
      )}
    </Flex>
  );
}

function RefreshControl() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = usePermissions();
  const status = useRefreshStatus();
  const start = useStartRefresh();
  const latest = status.data?.latest;
  const running = latest && (latest.status === 'queued' || latest.status === 'running');
  const done = status.data?.lastSucceeded;
  return (
    <Flex align="center" gap={12} wrap data-testid="refresh-control">
      {running ? (
        <Flex vertical style={{ minWidth: 200 }}>
          <Typography.Text type="secondary">{t('analytics.refresh.running', { step: t(`analytics.refresh.steps.${latest.step ?? 'orders'}`, { defaultValue: latest.step ?? '' }) })}</Typography.Text>
          <Progress percent={latest.progress} size="small" status="active" />
        </Flex>
      ) : (
        <Typography.Text type="secondary" data-testid="refresh-summary">
          {done
            ? t('analytics.refresh.last', { asOf: done.asOf, at: formatTime(done.finishedAt), seconds: ((done.durationMs ?? 0) / 1000).toFixed(1), customers: done.customers ?? 0 })
            : t('analytics.refresh.never')}
          {latest?.status === 'failed' && <Tag color="error" style={{ marginLeft: 8 }}>{t('analytics.refresh.failed', { error: latest.error ?? '' })}</Tag>}
        </Typography.Text>
      )}
      {can('analytics.manage') && (
        <Button
          icon={<SyncOutlined spin={Boolean(running)} />}
          loading={start.isPending}
          disabled={Boolean(running)}
          onClick={() =>
            start.mutate(undefined, {
              onSuccess: () => void message.info(t('analytics.refresh.queued')),
              onError: (error) => void message.error(errorMessage(t, error)),
            })
          }
        >
          {t('analytics.refresh.button')}
        </Button>
      )}
    </Flex>
  );
}

function Charts({ data }: { data: Dashboard }) {
  const { t } = useTranslation();
  const money = useMoney();
  const yuan = (fen: number) => money({ amount: Math.round(fen), currency: data.currency });
  const segmentName = (key: string) => t(`analytics.segment.${key}`, { defaultValue: key });

  const charts = useMemo(() => {
    const revenue = {
      option: {
        tooltip: { trigger: 'axis' },
        legend: { top: 0, data: [t('analytics.charts.revenue'), t('analytics.charts.orders')] },
        grid: { left: 70, right: 50, bottom: 30, top: 60 },
        xAxis: { type: 'category', data: data.revenueByMonth.map((row) => row.month) },
        yAxis: [
          { type: 'value', name: t('analytics.charts.yuan') },
          { type: 'value', name: t('analytics.charts.orders') },
        ],
        series: [
          { name: t('analytics.charts.revenue'), type: 'bar', data: data.revenueByMonth.map((row) => row.revenue / 100) },
          { name: t('analytics.charts.orders'), type: 'line', yAxisIndex: 1, data: data.revenueByMonth.map((row) => row.orders) },
        ],
      },
      csv: [
        [t('analytics.csv.month'), t('analytics.csv.revenueYuan'), t('analytics.csv.orders'), t('analytics.csv.customers')],
        ...data.revenueByMonth.map((row) => [row.month, (row.revenue / 100).toFixed(2), row.orders, row.customers]),
      ] as CsvRows,
    };
    const segments = [...data.segments].sort((a, b) => b.customers - a.customers);
    const segment = {
      option: {
        tooltip: { trigger: 'axis' },
        grid: { left: 110, right: 20, bottom: 30, top: 10 },
        xAxis: { type: 'value' },
        yAxis: { type: 'category', inverse: true, data: segments.map((row) => segmentName(row.segment)) },
        series: [{ type: 'bar', name: t('analytics.csv.customers'), data: segments.map((row) => row.customers), itemStyle: { color: '#1677ff' } }],
      },
      csv: [
        [t('analytics.csv.segment'), t('analytics.csv.customers'), t('analytics.csv.revenueYuan')],
        ...segments.map((row) => [segmentName(row.segment), row.customers, (row.monetary / 100).toFixed(2)]),
      ] as CsvRows,
    };
    const tiers = {
      option: {
        tooltip: { trigger: 'item' },
        legend: { bottom: 0 },
        series: [
          {
            type: 'pie',
            radius: ['40%', '70%'],
            data: data.tiers.map((row) => ({ name: t('analytics.tier', { tier: row.tier }), value: row.customers, itemStyle: { color: TIER_COLORS[row.tier] } })),
            label: { formatter: '{b}: {c}' },
          },
        ],
      },
      csv: [
        [t('analytics.csv.tier'), t('analytics.csv.customers'), t('analytics.csv.revenueYuan'), t('analytics.csv.keyAccounts')],
        ...data.tiers.map((row) => [row.tier, row.customers, (row.monetary / 100).toFixed(2), row.keyAccounts]),
      ] as CsvRows,
    };
    const bucketLabel = (row: { from: number; to: number }) => `${Math.round(row.from / 100)}–${Math.round(row.to / 100)}`;
    const clv = {
      option: {
        tooltip: { trigger: 'axis' },
        grid: { left: 50, right: 20, bottom: 50, top: 20 },
        xAxis: { type: 'category', name: t('analytics.charts.yuan'), nameLocation: 'middle', nameGap: 30, data: data.clvDistribution.map(bucketLabel) },
        yAxis: { type: 'value' },
        series: [{ type: 'bar', name: t('analytics.csv.customers'), data: data.clvDistribution.map((row) => row.customers), itemStyle: { color: '#389e0d' } }],
      },
      csv: [
        [t('analytics.csv.clvFromYuan'), t('analytics.csv.clvToYuan'), t('analytics.csv.customers')],
        ...data.clvDistribution.map((row) => [(row.from / 100).toFixed(2), (row.to / 100).toFixed(2), row.customers]),
      ] as CsvRows,
    };
    const statusName = (status: string) => t(`customer.status.${status}`, { defaultValue: status });
    const status = {
      option: {
        tooltip: { trigger: 'item' },
        legend: { bottom: 0 },
        series: [{ type: 'pie', radius: '65%', data: data.customersByStatus.map((row) => ({ name: statusName(row.status), value: row.customers })), label: { formatter: '{b}: {c}' } }],
      },
      csv: [[t('analytics.csv.status'), t('analytics.csv.customers')], ...data.customersByStatus.map((row) => [statusName(row.status), row.customers])] as CsvRows,
    };
    const stageName = (stage: string | null) => stage ?? t('analytics.charts.noStage');
    const lifecycle = {
      option: {
        tooltip: { trigger: 'axis' },
        grid: { left: 50, right: 20, bottom: 30, top: 20 },
        xAxis: { type: 'category', data: data.customersByLifecycle.map((row) => stageName(row.stage)) },
        yAxis: { type: 'value' },
        series: [{ type: 'bar', name: t('analytics.csv.customers'), data: data.customersByLifecycle.map((row) => row.customers), itemStyle: { color: '#722ed1' } }],
      },
      csv: [[t('analytics.csv.stage'), t('analytics.csv.customers')], ...data.customersByLifecycle.map((row) => [stageName(row.stage), row.customers])] as CsvRows,
    };
    return { revenue, segment, tiers, clv, status, lifecycle };
  }, [data, t]);

  const atRiskCsv: CsvRows = [
    [t('analytics.csv.customer'), t('analytics.csv.owner'), t('analytics.csv.clvYuan'), t('analytics.csv.risk'), t('analytics.csv.tier'), t('analytics.csv.segment'), t('analytics.csv.lastOrder')],
    ...data.atRisk.map((row) => [row.name, row.ownerName, (row.clv / 100).toFixed(2), Math.round(row.risk * 100), row.abcTier, segmentName(row.segment), row.lastOrderOn]),
  ];

  return (
    <Flex vertical gap={16}>
      {!data.asOf && <Alert type="info" showIcon message={t('analytics.notRefreshed')} />}
      <ModelCard data={data} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <EChart title={t('analytics.charts.revenueTrend')} name="revenue-trend" option={charts.revenue.option} csv={charts.revenue.csv} empty={data.revenueByMonth.length === 0} />
        </Col>
        <Col xs={24} lg={12}>
          <EChart title={t('analytics.charts.segments')} name="rfm-segments" option={charts.segment.option} csv={charts.segment.csv} empty={data.segments.length === 0} />
        </Col>
        <Col xs={24} lg={8}>
          <EChart title={t('analytics.charts.tiers')} name="abc-tiers" option={charts.tiers.option} csv={charts.tiers.csv} empty={data.tiers.length === 0} />
        </Col>
        <Col xs={24} lg={8}>
          <EChart title={t('analytics.charts.clv')} name="clv-distribution" option={charts.clv.option} csv={charts.clv.csv} empty={data.clvDistribution.length === 0} />
        </Col>
        <Col xs={24} lg={8}>
          <EChart title={t('analytics.charts.status')} name="customer-status" option={charts.status.option} csv={charts.status.csv} empty={data.customersByStatus.length === 0} />
        </Col>
        <Col xs={24} lg={12}>
          <EChart title={t('analytics.charts.lifecycle')} name="lifecycle" option={charts.lifecycle.option} csv={charts.lifecycle.csv} empty={data.customersByLifecycle.length === 0} />
        </Col>
      </Row>
      <Card
        size="small"
        title={t('analytics.atRisk.title')}
        data-testid="at-risk"
        extra={
          <Button size="small" onClick={() => downloadCsv(atRiskCsv, 'at-risk.csv')}>
            {t('analytics.exportCsv')}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('analytics.atRisk.hint')}
        </Typography.Paragraph>
        <Table
          size="small"
          rowKey="customerId"
          pagination={false}
          scroll={{ x: 640 }}
          dataSource={data.atRisk}
          columns={[
            { title: t('analytics.csv.customer'), dataIndex: 'name', render: (name: string, row) => <Link to={`/customers/${row.customerId}`}>{name}</Link> },
            { title: t('analytics.csv.owner'), dataIndex: 'ownerName', render: (name: string | null) => name ?? '—' },
            { title: t('analytics.csv.clv'), dataIndex: 'clv', align: 'right', render: (value: number) => yuan(value) },
            { title: t('analytics.csv.risk'), dataIndex: 'risk', align: 'right', render: (value: number) => <Tag color={value >= 0.8 ? 'red' : 'orange'}>{Math.round(value * 100)}%</Tag> },
            { title: t('analytics.csv.tier'), dataIndex: 'abcTier' },
            { title: t('analytics.csv.segment'), dataIndex: 'segment', render: (value: string) => segmentName(value) },
            { title: t('analytics.csv.lastOrder'), dataIndex: 'lastOrderOn' },
          ]}
        />
      </Card>
    </Flex>
  );
}

function ModelCard({ data }: { data: Dashboard }) {
  const { t } = useTranslation();
  const model = data.model;
  if (!model) return null;
  const n = (value: number) => (Math.abs(value) >= 1000 ? value.toFixed(0) : value.toPrecision(4));
  return (
    <Card size="small" title={t('analytics.model.title', { asOf: model.asOf })} data-testid="model-card">
      {model.status !== 'fitted' || !model.bgnbd ? (
        <Alert type="warning" showIcon message={t('analytics.model.notFitted')} description={model.reason} />
      ) : (
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label="BG/NBD">
            r = {n(model.bgnbd.r)}, α = {n(model.bgnbd.alpha)}, a = {n(model.bgnbd.a)}, b = {n(model.bgnbd.b)}; LL = {model.bgnbd.logLikelihood.toFixed(1)};{' '}
            {model.bgnbd.converged ? t('analytics.model.converged') : t('analytics.model.notConverged')}
          </Descriptions.Item>
          <Descriptions.Item label="Gamma-Gamma">
            {model.gammaGamma
              ? `p = ${n(model.gammaGamma.p)}, q = ${n(model.gammaGamma.q)}, γ = ${n(model.gammaGamma.gamma)}; LL = ${model.gammaGamma.logLikelihood.toFixed(1)}`
              : (model.reason ?? '—')}
          </Descriptions.Item>
          <Descriptions.Item label={t('analytics.model.data')}>
            {t('analytics.model.counts', { customers: model.customers, repeatBuyers: model.repeatBuyers, weeks: model.horizonWeeks, discount: (model.discountMonthly * 100).toFixed(1) })}
          </Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}

function WarningsList() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = usePermissions();
  const [status, setStatus] = useState<ChurnWarning['status'] | undefined>('open');
  const warnings = useChurnWarnings(status);
  const change = useChangeChurnWarning();
  const money = useMoney();
  const act = (warning: ChurnWarning, next: 'acknowledged' | 'resolved') =>
    change.mutate({ id: warning.id, status: next, version: warning.version }, { onError: (error) => void message.error(errorMessage(t, error)) });
  return (
    <Flex vertical gap={12}>
      <Select
        style={{ width: 180 }}
        aria-label={t('analytics.warnings.status')}
        value={status ?? 'all'}
        onChange={(value: string) => setStatus(value === 'all' ? undefined : (value as ChurnWarning['status']))}
        options={[
          { value: 'open', label: t('analytics.warnings.statuses.open') },
          { value: 'acknowledged', label: t('analytics.warnings.statuses.acknowledged') },
          { value: 'resolved', label: t('analytics.warnings.statuses.resolved') },
          { value: 'all', label: t('analytics.warnings.statuses.all') },
        ]}
      />
      {warnings.isError ? (
        <ErrorResult error={warnings.error} onRetry={() => void warnings.refetch()} />
      ) : (
        <Table
          size="small"
          rowKey="id"
          loading={warnings.isPending}
          pagination={false}
          scroll={{ x: 720 }}
          dataSource={warnings.data?.items ?? []}
          columns={[
            { title: t('analytics.csv.customer'), dataIndex: 'customerName', render: (name: string, row: ChurnWarning) => <Link to={`/customers/${row.customerId}`}>{name}</Link> },
            { title: t('analytics.csv.owner'), dataIndex: 'ownerName', render: (name: string | null) => name ?? '—' },
            { title: t('analytics.csv.risk'), dataIndex: 'risk', render: (value: number) => `${Math.round(value * 100)}%` },
            { title: t('analytics.csv.clv'), dataIndex: 'clv', render: (value: number | null) => (value === null ? '—' : money({ amount: Math.round(value), currency: 'CNY' })) },
            {
              title: t('analytics.warnings.reasons'),
              dataIndex: 'reasons',
              render: (reasons: ChurnWarning['reasons']) => (
                <ul style={{ margin: 0, paddingLeft: 16 }}>
                  {reasons.filter((r) => r.concern).map((r) => (
                    <li key={r.code}>{r.text}</li>
                  ))}
                </ul>
              ),
            },
            { title: t('analytics.warnings.created'), dataIndex: 'createdAt', render: (value: string) => formatTime(value) },
            { title: t('analytics.warnings.status'), dataIndex: 'status', render: (value: ChurnWarning['status']) => t(`analytics.warnings.statuses.${value}`) },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_: unknown, row: ChurnWarning) =>
                can('customers.write') && row.status !== 'resolved' ? (
                  <Space>
                    {row.status === 'open' && (
                      <Button size="small" onClick={() => act(row, 'acknowledged')}>
                        {t('analytics.warnings.acknowledge')}
                      </Button>
                    )}
                    <Button size="small" onClick={() => act(row, 'resolved')}>
                      {t('analytics.warnings.resolve')}
                    </Button>
                  </Space>
                ) : null,
            },
          ]}
        />
      )}
    </Flex>
  );
}
