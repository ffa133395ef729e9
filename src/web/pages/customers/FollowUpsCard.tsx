import { App, Button, Card, Empty, Flex, Form, Input, Select, Spin, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Customer } from '../../../shared/customers.ts';
import { FOLLOW_UP_CHANNELS, type FollowUpChannel } from '../../../shared/follow-ups.ts';
import { usePermissions } from '../../api/auth.ts';
import { useFollowUps, useLogFollowUp } from '../../api/pool.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { formatTime } from '../../components/format.ts';
import { errorMessage } from '../../components/problem.ts';

/** 跟进记录: log a call or visit on the road, and see the latest ones. */
export function FollowUpsCard({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = usePermissions();
  const followUps = useFollowUps(customer.id);
  const log = useLogFollowUp(customer.id);
  const [form] = Form.useForm<{ channel: FollowUpChannel; note: string }>();
  const items = followUps.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Card title={t('followUps.title')}>
      <Flex vertical gap={16}>
        {can('customers.write') && !customer.deletedAt && (
          <Form
            form={form}
            layout="vertical"
            initialValues={{ channel: 'phone' }}
            onFinish={(values) =>
              log.mutate(values, {
                onSuccess: () => {
                  form.resetFields(['note']);
                  void message.success(t('followUps.logged'));
                },
                onError: (error) => void message.error(errorMessage(t, error)),
              })
            }
          >
            <Flex gap={8} wrap align="flex-start">
              <Form.Item name="channel" label={t('followUps.channel')} style={{ marginBottom: 8, width: 120 }}>
                <Select options={FOLLOW_UP_CHANNELS.map((channel) => ({ value: channel, label: t(`followUps.channels.${channel}`) }))} />
              </Form.Item>
              <Form.Item
                name="note"
                label={t('followUps.note')}
                style={{ marginBottom: 8, flex: 1, minWidth: 220 }}
                rules={[{ required: true, whitespace: true, message: t('settings.validation.required') }]}
              >
                <Input.TextArea autoSize={{ minRows: 1, maxRows: 6 }} maxLength={2000} placeholder={t('followUps.notePlaceholder')} />
              </Form.Item>
            </Flex>
            <Button type="primary" htmlType="submit" loading={log.isPending}>
              {t('followUps.log')}
            </Button>
          </Form>
        )}
        {followUps.isPending ? (
          <Spin />
        ) : followUps.isError ? (
          <ErrorResult error={followUps.error} onRetry={() => void followUps.refetch()} />
        ) : items.length === 0 ? (
          <Empty description={t('followUps.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
        ) : (
          <Timeline
            items={items.map((item) => ({
              key: item.id,
              content: (
                <div data-testid="follow-up">
                  <Flex gap={8} wrap align="baseline">
                    <Typography.Text strong>{item.user?.name ?? '—'}</Typography.Text>
                    <Typography.Text type="secondary">{t(`followUps.channels.${item.channel}`)}</Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatTime(item.occurredAt)}
                    </Typography.Text>
                  </Flex>
                  <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>{item.note}</Typography.Paragraph>
                </div>
              ),
            }))}
          />
        )}
        {followUps.hasNextPage && (
          <Button onClick={() => void followUps.fetchNextPage()} loading={followUps.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        )}
      </Flex>
    </Card>
  );
}
