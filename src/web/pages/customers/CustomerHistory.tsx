import { Button, Card, Empty, Flex, Spin, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { CUSTOMER_KINDS, CUSTOMER_STATUSES, type Customer } from '../../../shared/customers.ts';
import type { Event, FieldChange } from '../../../shared/events.ts';
import { useUsers } from '../../api/admin.ts';
import { useCustomerEvents } from '../../api/customers.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { formatTime } from '../../components/format.ts';
import { useProfileHistoryText } from './profileHistory.ts';

const FIELD_KEYS = ['kind', 'name', 'phones', 'emails', 'city', 'address', 'tags', 'status', 'ownerId'] as const;
type FieldKey = (typeof FIELD_KEYS)[number];
const isFieldKey = (field: string): field is FieldKey => (FIELD_KEYS as readonly string[]).includes(field);

const ACTIONS = [
  'created',
  'updated',
  'deleted',
  'restored',
  // owners, the pool, follow-ups and reveals (see CustomerOwnershipCard)
  'claimed',
  'released_to_pool',
  'returned_to_pool',
  'reassigned',
  'followed_up',
  'collaborator_added',
  'collaborator_removed',
  'revealed',
  'pool_warning',
  // imports and merges
  'imported',
  'import_undone',
  'merged',
  'merged_away',
  'unmerged',
  'restored_from_merge',
] as const;
type Action = (typeof ACTIONS)[number];
const isAction = (action: string): action is Action => (ACTIONS as readonly string[]).includes(action);

const ACTION_COLORS: Record<Action, string> = {
  created: 'green',
  updated: 'blue',
  deleted: 'red',
  restored: 'gray',
  claimed: 'green',
  released_to_pool: 'orange',
  returned_to_pool: 'orange',
  reassigned: 'blue',
  followed_up: 'cyan',
  collaborator_added: 'blue',
  collaborator_removed: 'gray',
  revealed: 'purple',
  pool_warning: 'orange',
  imported: 'green',
  import_undone: 'orange',
  merged: 'blue',
  merged_away: 'gray',
  unmerged: 'orange',
  restored_from_merge: 'gray',
};

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

function actorName(t: TFunction, actor: Event['actor']): string {
  if (actor.type === 'system') return actor.name ?? t('customer.events.systemActor');
  if (actor.type === 'api_key') return `${t('customer.events.apiKeyActor')}${actor.name ? ` · ${actor.name}` : ''}`;
  return actor.name ?? t('customer.events.unknownActor');
}

function useValueFormatter(customer: Customer) {
  const { t, i18n } = useTranslation();
  const users = useUsers();
  const separator = i18n.language === 'en' ? ', ' : '、';
  const userName = (id: string) =>
    users.data?.find((u) => u.id === id)?.name ?? (customer.owner?.id === id ? customer.owner.name : t('customer.events.unknownUser'));

  const profileText = useProfileHistoryText();
  return (field: string, value: unknown): string => {
    const profileValue = profileText.value(field, value);
    if (profileValue !== null) return profileValue;
    if (isEmpty(value)) return t('common.empty');
    if (field === 'status' && (CUSTOMER_STATUSES as readonly unknown[]).includes(value)) {
      return t(`customer.status.${value as (typeof CUSTOMER_STATUSES)[number]}`);
    }
    if (field === 'kind' && (CUSTOMER_KINDS as readonly unknown[]).includes(value)) {
      return t(`customer.kind.${value as (typeof CUSTOMER_KINDS)[number]}`);
    }
    if (field === 'ownerId' && typeof value === 'string') return userName(value);
    if (field === 'collaboratorIds' && Array.isArray(value)) return value.map((id) => userName(String(id))).join(separator) || t('common.empty');
    if (field === 'channel' && typeof value === 'string') return t(`followUps.channels.${value as 'phone'}`, { defaultValue: value });
    if (field === 'field' && typeof value === 'string') return t(`reveal.fields.${value as 'phones'}`, { defaultValue: value });
    if (field === 'reason' && value && typeof value === 'object' && 'rule' in value) {
      const reason = value as { rule: 'no_follow_up' | 'no_deal'; days: number };
      return t(`pool.reasons.${reason.rule}`, { days: reason.days });
    }
    if (value && typeof value === 'object' && 'name' in value && typeof value.name === 'string') return value.name;
    if (Array.isArray(value)) return value.map(String).join(separator);
    if (typeof value === 'object') return JSON.stringify(value);
    return String(value);
  };
}

function ChangeLines({
  changes,
  format,
  showBefore,
}: {
  changes: FieldChange[];
  format: (field: string, value: unknown) => string;
  showBefore: boolean;
}) {
  const { t } = useTranslation();
  const profileText = useProfileHistoryText();
  const shown = changes.filter((c) => !(isEmpty(c.before) && isEmpty(c.after)));
  if (shown.length === 0) return null;
  return (
    <Flex vertical gap={2} style={{ marginTop: 4 }}>
      {shown.map((change) => (
        <Typography.Text key={change.field} style={{ fontSize: 13 }} data-testid="event-change">
          <Typography.Text type="secondary">
            {isFieldKey(change.field) ? t(`customer.fields.${change.field}`) : (profileText.label(change.field) ?? change.field)}:
          </Typography.Text>{' '}
          {showBefore && (
            <>
              <Typography.Text type="secondary">{format(change.field, change.before)}</Typography.Text>
              {' → '}
            </>
          )}
          <Typography.Text>{format(change.field, change.after)}</Typography.Text>
        </Typography.Text>
      ))}
    </Flex>
  );
}

/** 变更历史: who changed what, newest first, with "load more" over the cursor. */
export function CustomerHistory({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const events = useCustomerEvents(customer.id);
  const format = useValueFormatter(customer);
  const profileText = useProfileHistoryText();
  const items = events.data?.pages.flatMap((page) => page.items) ?? [];

  let body;
  if (events.isPending) body = <Spin />;
  else if (events.isError) body = <ErrorResult error={events.error} onRetry={() => void events.refetch()} />;
  else if (items.length === 0) body = <Empty description={t('customer.detail.noHistory')} image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  else
    body = (
      <Timeline
        items={items.map((event) => ({
          key: event.id,
          color: isAction(event.action) ? ACTION_COLORS[event.action] : 'gray',
          content: (
            <div data-testid="event">
              <Flex gap={8} wrap align="baseline">
                <Typography.Text strong>{actorName(t, event.actor)}</Typography.Text>
                <Typography.Text>{isAction(event.action) ? t(`customer.events.${event.action}`) : (profileText.action(event.action) ?? event.action)}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatTime(event.occurredAt)}
                </Typography.Text>
              </Flex>
              {event.action === 'imported' && typeof event.after?.fileName === 'string' && (
                <Typography.Text type="secondary">{t('customer.events.importedFrom', { file: event.after.fileName, row: event.after.rowNo })}</Typography.Text>
              )}
              {event.action === 'updated' && typeof event.after?.importId === 'string' && (
                <Typography.Text type="secondary">{t('customer.events.updatedByImport')}</Typography.Text>
              )}
              <ChangeLines changes={event.changes} format={format} showBefore={event.action !== 'created'} />
            </div>
          ),
        }))}
      />
    );

  return (
    <Card title={t('customer.detail.history')}>
      {body}
      {events.hasNextPage && (
        <Flex justify="center">
          <Button onClick={() => void events.fetchNextPage()} loading={events.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </Flex>
      )}
    </Card>
  );
}
