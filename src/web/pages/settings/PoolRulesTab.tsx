import { useEffect } from 'react';
import { Alert, App, Button, Flex, Form, InputNumber, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PoolRules } from '../../../shared/pool.ts';
import { isApiError } from '../../api/client.ts';
import { usePoolRules, useUpdatePoolRules } from '../../api/pool.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { PageLoading } from '../../components/PageLoading.tsx';
import { errorMessage } from '../../components/problem.ts';

type Values = Pick<PoolRules, 'enabled' | 'noFollowUpDays' | 'noDealDays' | 'warnDays' | 'dailyClaimLimit'>;

/** Settings → 公海规则: N, M, K and the daily claim limit (an empty number switches that rule off). */
export function PoolRulesTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = usePoolRules();
  const update = useUpdatePoolRules();
  const [form] = Form.useForm<Values>();

  useEffect(() => {
    if (rules.data) form.setFieldsValue(rules.data);
  }, [rules.data, form]);

  if (rules.isPending) return <PageLoading />;
  if (rules.isError) return <ErrorResult error={rules.error} onRetry={() => void rules.refetch()} />;

  const days = (name: keyof Values, label: string, unit: string, min: number) => (
    <Form.Item name={name} label={label}>
      <InputNumber min={min} max={3650} precision={0} suffix={unit} placeholder={t('pool.rules.off')} style={{ width: 200 }} />
    </Form.Item>
  );

  return (
    <Flex vertical gap={16} style={{ maxWidth: 640 }}>
      <Alert type="info" showIcon title={t('pool.rules.intro')} />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={rules.data}
        onFinish={(values) =>
          update.mutate(
            {
              version: rules.data.version,
              enabled: values.enabled,
              noFollowUpDays: values.noFollowUpDays ?? null,
              noDealDays: values.noDealDays ?? null,
              warnDays: values.warnDays ?? 0,
              dailyClaimLimit: values.dailyClaimLimit ?? null,
            },
            {
              onSuccess: () => void message.success(t('pool.rules.saved')),
              onError: (error) => {
                if (isApiError(error, 409)) {
                  void message.warning(t('pool.rules.conflict'));
                  void rules.refetch();
                } else void message.error(errorMessage(t, error));
              },
            },
          )
        }
      >
        <Form.Item name="enabled" label={t('pool.rules.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
        {days('noFollowUpDays', t('pool.rules.noFollowUpDays'), t('pool.rules.days'), 1)}
        {days('noDealDays', t('pool.rules.noDealDays'), t('pool.rules.days'), 1)}
        <Form.Item name="warnDays" label={t('pool.rules.warnDays')} rules={[{ required: true, message: t('settings.validation.required') }]}>
          <InputNumber min={0} max={365} precision={0} suffix={t('pool.rules.days')} style={{ width: 200 }} />
        </Form.Item>
        {days('dailyClaimLimit', t('pool.rules.dailyClaimLimit'), t('pool.rules.perDay'), 0)}
        <Button type="primary" htmlType="submit" loading={update.isPending}>
          {t('common.save')}
        </Button>
      </Form>
      {rules.data.updatedAt && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          v{rules.data.version}
        </Typography.Text>
      )}
    </Flex>
  );
}
