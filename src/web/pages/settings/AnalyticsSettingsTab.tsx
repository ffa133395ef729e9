import { useEffect } from 'react';
import { Alert, App, Button, Flex, Form, InputNumber, Radio, Select, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AnalyticsSettings } from '../../../shared/analytics.ts';
import { useAnalyticsSettings, useUpdateAnalyticsSettings } from '../../api/analytics.ts';
import { usePermissions } from '../../api/auth.ts';
import { isApiError } from '../../api/client.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { PageLoading } from '../../components/PageLoading.tsx';
import { errorMessage } from '../../components/problem.ts';
import { CreditSelectionSettings } from './CreditSelectionSettings.tsx';

type Values = Omit<AnalyticsSettings, 'version' | 'segmentRules' | 'currency'> & { abcAPercent: number; abcBPercent: number; keyPercent: number; discountPercent: number; churnPercent: number };

/** Settings → 客户分析: RFM scoring, the 8-segment rule table, ABC shares, CLV horizon and discount, churn threshold. */
export function AnalyticsSettingsTab() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { can } = usePermissions();
  const settings = useAnalyticsSettings();
  const update = useUpdateAnalyticsSettings();
  const [form] = Form.useForm<Values>();
  const watchedMethod = Form.useWatch('rfmMethod', form);
  const editable = can('analytics.manage');

  const toValues = (s: AnalyticsSettings): Values => ({
    ...s,
    abcAPercent: Math.round(s.abcAShare * 1000) / 10,
    abcBPercent: Math.round(s.abcBShare * 1000) / 10,
    keyPercent: Math.round(s.keyAccountShare * 1000) / 10,
    discountPercent: Math.round(s.clvDiscountMonthly * 10000) / 100,
    churnPercent: Math.round(s.churnThreshold * 100),
  });
  useEffect(() => {
    if (settings.data) form.setFieldsValue(toValues(settings.data));
  }, [settings.data, form]);

  if (settings.isPending) return <PageLoading />;
  if (settings.isError) return <ErrorResult error={settings.error} onRetry={() => void settings.refetch()} />;
  const s = settings.data;
  const method = watchedMethod ?? s.rfmMethod;
  const level = (v: string) => (v === 'high' ? t('analytics.settings.high') : t('analytics.settings.low'));
  const cuts = (dimension: 'recencyDays' | 'frequency' | 'monetary', label: string) => (
    <Form.Item label={label}>
      <Flex gap={4} wrap>
        {[0, 1, 2, 3].map((i) => (
          <Form.Item key={i} name={['rfmThresholds', dimension, i]} noStyle rules={[{ required: true }]}>
            <InputNumber min={0} precision={0} style={{ width: 110 }} aria-label={`${label} ${i + 1}`} disabled={!editable} />
          </Form.Item>
        ))}
      </Flex>
    </Form.Item>
  );

  return (
    <Flex vertical gap={16} style={{ maxWidth: 760 }}>
      <Alert type="info" showIcon title={t('analytics.settings.intro')} />
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('analytics.settings.ruleTable', { min: s.segmentHighMin })}
      </Typography.Title>
      <Table
        size="small"
        rowKey="key"
        pagination={false}
        data-testid="segment-rules"
        dataSource={s.segmentRules}
        columns={[
          { title: t('analytics.csv.segment'), dataIndex: 'key', render: (_: string, rule) => (i18n.language === 'en' ? rule.en : rule.zh) },
          { title: 'R', dataIndex: 'r', render: level },
          { title: 'F', dataIndex: 'f', render: level },
          { title: 'M', dataIndex: 'm', render: level },
        ]}
      />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={toValues(s)}
        disabled={!editable}
        onFinish={(values) =>
          update.mutate(
            {
              version: s.version,
              rfmMethod: values.rfmMethod,
              rfmThresholds: values.rfmThresholds,
              segmentHighMin: values.segmentHighMin,
              abcAShare: values.abcAPercent / 100,
              abcBShare: values.abcBPercent / 100,
              keyAccountShare: values.keyPercent / 100,
              clvHorizonWeeks: values.clvHorizonWeeks,
              clvDiscountMonthly: values.discountPercent / 100,
              churnThreshold: values.churnPercent / 100,
              churnWarnTiers: values.churnWarnTiers,
            },
            {
              onSuccess: () => void message.success(t('analytics.settings.saved')),
              onError: (error) => {
                if (isApiError(error, 409)) {
                  void message.warning(t('analytics.settings.conflict'));
                  void settings.refetch();
                } else void message.error(errorMessage(t, error));
              },
            },
          )
        }
      >
        <Form.Item name="rfmMethod" label={t('analytics.settings.method')}>
          <Radio.Group
            options={[
              { value: 'quintiles', label: t('analytics.settings.quintiles') },
              { value: 'thresholds', label: t('analytics.settings.thresholds') },
            ]}
          />
        </Form.Item>
        {method === 'thresholds' && (
          <>
            {cuts('recencyDays', t('analytics.settings.recencyCuts'))}
            {cuts('frequency', t('analytics.settings.frequencyCuts'))}
            {cuts('monetary', t('analytics.settings.monetaryCuts'))}
          </>
        )}
        <Form.Item name="segmentHighMin" label={t('analytics.settings.highMin')}>
          <InputNumber min={2} max={5} precision={0} />
        </Form.Item>
        <Flex gap={16} wrap>
          <Form.Item name="abcAPercent" label={t('analytics.settings.abcA')}>
            <InputNumber min={1} max={99} suffix="%" />
          </Form.Item>
          <Form.Item name="abcBPercent" label={t('analytics.settings.abcB')}>
            <InputNumber min={1} max={99} suffix="%" />
          </Form.Item>
          <Form.Item name="keyPercent" label={t('analytics.settings.keyShare')}>
            <InputNumber min={1} max={100} suffix="%" />
          </Form.Item>
        </Flex>
        <Flex gap={16} wrap>
          <Form.Item name="clvHorizonWeeks" label={t('analytics.settings.horizon')}>
            <InputNumber min={1} max={520} precision={0} suffix={t('analytics.settings.weeks')} />
          </Form.Item>
          <Form.Item name="discountPercent" label={t('analytics.settings.discount')}>
            <InputNumber min={0} max={99} step={0.1} suffix="%" />
          </Form.Item>
        </Flex>
        <Flex gap={16} wrap>
          <Form.Item name="churnPercent" label={t('analytics.settings.churnThreshold')}>
            <InputNumber min={1} max={100} precision={0} suffix="%" />
          </Form.Item>
          <Form.Item name="churnWarnTiers" label={t('analytics.settings.warnTiers')}>
            <Select mode="multiple" style={{ minWidth: 160 }} options={['A', 'B', 'C'].map((tier) => ({ value: tier, label: t('analytics.tier', { tier }) }))} />
          </Form.Item>
        </Flex>
        {editable && (
          <Button type="primary" htmlType="submit" loading={update.isPending}>
            {t('common.save')}
          </Button>
        )}
      </Form>
      <CreditSelectionSettings settings={s} editable={editable} onConflict={() => void settings.refetch()} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('analytics.settings.nextRefresh')} · v{s.version}
      </Typography.Text>
    </Flex>
  );
}
