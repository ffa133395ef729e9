import { useState } from 'react';
import { Badge, Button, Empty, Flex, List, Popover, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Notification } from '../../shared/notifications.ts';
import { useMarkAllNotificationsRead, useMarkNotificationRead, useNotifications } from '../api/pool.ts';
import { formatTime } from './format.ts';

/** The notification in the reader's language when its kind is known, else the server's (workspace-language) text. */
function wording(t: TFunction, notification: Notification): string {
  const data = notification.data as { customerName?: string; date?: string; reason?: 'no_follow_up' | 'no_deal'; days?: number };
  if ((notification.kind === 'pool_warning' || notification.kind === 'pool_returned') && data.customerName && data.reason) {
    const reason = t(`pool.reasons.${data.reason}`, { days: data.days });
    return t(`notifications.kinds.${notification.kind}`, { customerName: data.customerName, date: data.date ?? '', reason });
  }
  return notification.message;
}

/** 通知: the bell in the header with the unread count; a click opens the latest and their customers. */
export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const notifications = useNotifications();
  const markRead = useMarkNotificationRead();
  const markAll = useMarkAllNotificationsRead();
  const [open, setOpen] = useState(false);
  const unread = notifications.data?.unreadCount ?? 0;
  const items = notifications.data?.items ?? [];

  const content = (
    <Flex vertical style={{ width: 320, maxWidth: 'calc(100vw - 32px)' }}>
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} />
      ) : (
        <List
          size="small"
          dataSource={items}
          style={{ maxHeight: 360, overflow: 'auto' }}
          renderItem={(item) => (
            <List.Item
              data-testid="notification"
              style={{ cursor: 'pointer', background: item.readAt ? undefined : 'rgba(22,119,255,0.06)' }}
              onClick={() => {
                if (!item.readAt) markRead.mutate(item.id);
                if (item.customerId) {
                  setOpen(false);
                  void navigate(`/customers/${item.customerId}`);
                }
              }}
            >
              <Flex vertical gap={2}>
                <Typography.Text strong={!item.readAt}>{wording(t, item)}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatTime(item.createdAt)}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      )}
    </Flex>
  );

  return (
    <Popover
      trigger="click"
      open={open}
      onOpenChange={setOpen}
      placement="bottomRight"
      title={
        <Flex justify="space-between" align="center">
          <span>{t('notifications.title')}</span>
          {unread > 0 && (
            <Button size="small" type="link" loading={markAll.isPending} onClick={() => markAll.mutate()}>
              {t('notifications.markAllRead')}
            </Button>
          )}
        </Flex>
      }
      content={content}
    >
      <Button type="text" aria-label={`${t('notifications.title')}${unread ? ` · ${t('notifications.unread', { count: unread })}` : ''}`} data-testid="notification-bell">
        <Badge count={unread} size="small" overflowCount={99}>
          <BellOutlined style={{ fontSize: 16 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
