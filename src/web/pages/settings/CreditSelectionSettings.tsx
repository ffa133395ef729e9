import { useEffect } from 'react';
import { App, Button, Divider, Flex, Form, InputNumber, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AnalyticsSettings } from '../../../shared/analytics.ts';
import { CREDIT_GRADES, type CreditScorecardSettings, DEFAULT_SELECTION_MATRIX, type SelectionFactor, type SelectionMatrixSettings, VALUE_METRICS } from '../../../shared/credit-selection.ts';
import { COMPANY_SIZES, CREDIT_CRITERIA } from '../../../shared/customer-profile.ts';
import { useUpdateAnalyticsSettings } from '../../api/analytics.ts';
import { isApiError } from '../../api/client.ts';
import { errorMessage, issueMessage } from '../../components/problem.ts';

type FactorValues = { service_city: { weight: number; cities: string[] }; target_industry: { weight: number; industries: string[] }; company_size: { weight: number; scores: Record<string, number> }; credit_score: { weight: number } };
type Values = {
  weights: Record<string, number>;
  minInputs: number;
  gradeMins: CreditScorecardSettings['gradeMins'];
  limitMonths: CreditScorecardSettings['limitMonths'];
  limitCapYuan: number;
  valueMetric: SelectionMatrixSettings['valueMetric'];
  valueMin: number;
  fitMin: number;
  factors: FactorValues;
};

function toValues(s: AnalyticsSettings): Values {
  const byKey = Object.fromEntries([...DEFAULT_SELECTION_MATRIX.factors, ...s.selectionMatrix.factors].map((f) => [f.key, f])) as Record<SelectionFactor['key'], SelectionFactor>;
  const { key: _a, ...city } = byKey.service_city as Extract<SelectionFactor, { key: 'service_city' }>;
  const { key: _b, ...industry } = byKey.target_industry as Extract<SelectionFactor, { key: 'target_industry' }>;
  const { key: _c, ...size } = byKey.company_size as Extract<SelectionFactor, { key: 'company_size' }>;
  const { key: _d, ...credit } = byKey.credit_score as Extract<SelectionFactor, { key: 'credit_score' }>;
  return {
    weights: Object.fromEntries(CREDIT_CRITERIA.map((c) => [c, Math.round(s.creditScorecard.weights[c] * 1000) / 10])),
    minInputs: s.creditScorecard.minInputs,
    gradeMins: s.creditScorecard.gradeMins,
    limitMonths: s.creditScorecard.limitMonths,
    limitCapYuan: s.creditScorecard.limitCap / 100,
    valueMetric: s.selectionMatrix.valueMetric,
    valueMin: s.selectionMatrix.valueMin,
    fitMin: s.selectionMatrix.fitMin,
    factors: { service_city: city, target_industry: industry, company_size: size, credit_score: credit },
  };
}

/** Settings → 客户分析: the 5C scorecard (weights, grades, credit limit) and the 门当户对 matrix (value axis, fit factors, thresholds). */
export function CreditSelectionSettings({ settings, editable, onConflict }: { settings: AnalyticsSettings; editable: boolean; onConflict: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const update = useUpdateAnalyticsSettings();
  const [form] = Form.useForm<Values>();
  useEffect(() => form.setFieldsValue(toValues(settings)), [settings, form]);

  const save = (v: Values) =>
    update.mutate(
      {
        version: settings.version,
        creditScorecard: { weights: v.weights as CreditScorecardSettings['weights'], minInputs: v.minInputs, gradeMins: v.gradeMins, limitMonths: v.limitMonths, limitCap: Math.round(v.limitCapYuan * 100) },
        selectionMatrix: {
          valueMetric: v.valueMetric,
          valueMin: v.valueMin,
          fitMin: v.fitMin,
          factors: [
            { key: 'service_city', ...v.factors.service_city, cities: v.factors.service_city.cities ?? [] },
            { key: 'target_industry', ...v.factors.target_industry, industries: v.factors.target_industry.industries ?? [] },
            { key: 'company_size', weight: v.factors.company_size.weight, scores: v.factors.company_size.scores as Extract<SelectionFactor, { key: 'company_size' }>['scores'] },
            { key: 'credit_score', weight: v.factors.credit_score.weight },
          ],
        },
      },
      {
        onSuccess: () => void message.success(t('analytics.settings.saved')),
        onError: (error) => {
          if (isApiError(error, 409)) {
            void message.warning(t('analytics.settings.conflict'));
            onConflict();
          } else if (isApiError(error) && error.errors.length > 0) {
            void message.error(error.errors.map((issue) => `${issue.path}: ${issueMessage(t, issue)}`).join('；'));
          } else void message.error(errorMessage(t, error));
        },
      },
    );

  const number = (name: Array<string | number>, label: string, props: { min?: number; max?: number; step?: number; suffix?: string } = {}) => (
    <Form.Item key={name.join('.')} name={name} label={label} rules={[{ required: true }]} style={{ marginBottom: 8 }}>
      <InputNumber {...props} style={{ width: 120 }} />
    </Form.Item>
  );

  return (
    <Form<Values> form={form} layout="vertical" initialValues={toValues(settings)} disabled={!editable} onFinish={save} data-testid="credit-selection-settings">
      <Divider titlePlacement="start">{t('creditSettings.creditTitle')}</Divider>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('creditSettings.creditHint')}
      </Typography.Paragraph>
      <Typography.Text strong>{t('creditSettings.weights')}</Typography.Text>
      <Flex gap={12} wrap>
        {CREDIT_CRITERIA.map((c) => number(['weights', c], t(`profile360.credit.${c}` as never), { min: 0, max: 1000 }))}
      </Flex>
      <Flex gap={12} wrap>
        {number(['minInputs'], t('creditSettings.minInputs'), { min: 1, max: 5 })}
      </Flex>
      <Typography.Text strong>{t('creditSettings.gradeMins')}</Typography.Text>
      <Flex gap={12} wrap>
        {(['AAA', 'AA', 'A', 'B'] as const).map((g) => number(['gradeMins', g], g, { min: 0, max: 100 }))}
      </Flex>
      <Typography.Text strong>{t('creditSettings.limitMonths')}</Typography.Text>
      <Flex gap={12} wrap>
        {CREDIT_GRADES.map((g) => number(['limitMonths', g], g, { min: 0, max: 24, step: 0.5, suffix: t('creditSettings.months') }))}
      </Flex>
      <Flex gap={12} wrap>
        {number(['limitCapYuan'], t('creditSettings.limitCap'), { min: 0, step: 10000, suffix: '¥' })}
      </Flex>

      <Divider titlePlacement="start">{t('creditSettings.matrixTitle')}</Divider>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('creditSettings.matrixHint')}
      </Typography.Paragraph>
      <Flex gap={12} wrap>
        <Form.Item name="valueMetric" label={t('creditSettings.valueMetric')} style={{ marginBottom: 8 }}>
          <Select style={{ width: 200 }} options={VALUE_METRICS.map((m) => ({ value: m, label: t(`selection.metric.${m}`) }))} />
        </Form.Item>
        {number(['valueMin'], t('creditSettings.valueMin'), { min: 0, max: 100 })}
        {number(['fitMin'], t('creditSettings.fitMin'), { min: 0, max: 100 })}
      </Flex>
      <Typography.Text strong>{t('creditSettings.factors')}</Typography.Text>
      <Flex vertical gap={4} style={{ marginTop: 8 }}>
        <Flex gap={12} wrap align="flex-end">
          {number(['factors', 'service_city', 'weight'], t('creditSettings.weightOf', { factor: t('selection.factor.service_city') }), { min: 0, max: 1000 })}
          <Form.Item name={['factors', 'service_city', 'cities']} label={t('creditSettings.cities')} style={{ flex: 1, minWidth: 240, marginBottom: 8 }}>
            <Select mode="tags" open={false} tokenSeparators={[',', '，', ' ']} aria-label={t('creditSettings.cities')} />
          </Form.Item>
        </Flex>
        <Flex gap={12} wrap align="flex-end">
          {number(['factors', 'target_industry', 'weight'], t('creditSettings.weightOf', { factor: t('selection.factor.target_industry') }), { min: 0, max: 1000 })}
          <Form.Item name={['factors', 'target_industry', 'industries']} label={t('creditSettings.industries')} style={{ flex: 1, minWidth: 240, marginBottom: 8 }}>
            <Select mode="tags" open={false} tokenSeparators={[',', '，']} aria-label={t('creditSettings.industries')} />
          </Form.Item>
        </Flex>
        <Flex gap={12} wrap align="flex-end">
          {number(['factors', 'company_size', 'weight'], t('creditSettings.weightOf', { factor: t('selection.factor.company_size') }), { min: 0, max: 1000 })}
          {COMPANY_SIZES.map((size) => number(['factors', 'company_size', 'scores', size], t(`profile360.size.${size}` as never), { min: 0, max: 1, step: 0.05 }))}
        </Flex>
        <Flex gap={12} wrap>
          {number(['factors', 'credit_score', 'weight'], t('creditSettings.weightOf', { factor: t('selection.factor.credit_score') }), { min: 0, max: 1000 })}
        </Flex>
      </Flex>
      {editable && (
        <Button type="primary" htmlType="submit" loading={update.isPending} style={{ marginTop: 8 }}>
          {t('common.save')}
        </Button>
      )}
    </Form>
  );
}
