import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, App, Button, Card, Checkbox, Empty, Flex, Popconfirm, Segmented, Select, Skeleton, Table, Tag, Typography } from 'antd';
import { MergeCellsOutlined, UndoOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { DUPLICATE_GROUP_REASONS, type DuplicateGroup, type DuplicateGroupReason, type Merge } from '../../../shared/duplicates.ts';
import { usePermissions } from '../../api/auth.ts';
import { useDuplicateGroups, useMerges, useUndoMerge } from '../../api/dataQuality.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { formatTime } from '../../components/format.ts';
import { errorMessage } from '../../components/problem.ts';
import { useIsMobile } from '../../components/hooks.ts';

function scoreColor(score: number) {
  return score >= 85 ? 'red' : score >= 60 ? 'orange' : 'gold';
}

/** One group: its members side by side; pick two and compare them. */
function GroupCard({ group }: { group: DuplicateGroup }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { can } = usePermissions();
  const [picked, setPicked] = useState<string[]>(group.members.slice(0, 2).map((member) => member.id));
  const toggle = (id: string, on: boolean) =>
    setPicked((current) => (on ? [...current.filter((item) => item !== id), id].slice(-2) : current.filter((item) => item !== id)));
  return (
    <Card
      size="small"
      data-testid="duplicate-group"
      title={
        <Flex gap={8} align="center" wrap>
          <Tag color={scoreColor(group.score)}>{t('dq.duplicates.score', { score: group.score })}</Tag>
          <Typography.Text>{t(`dq.reasons.${group.reason}`)}</Typography.Text>
          <Typography.Text type="secondary">{group.value}</Typography.Text>
        </Flex>
      }
      extra={
        can('customers.delete') && (
          <Button
            type="primary"
            size="small"
            icon={<MergeCellsOutlined />}
            disabled={picked.length !== 2}
            onClick={() => void navigate(`/duplicates/merge?survivor=${picked[0]}&loser=${picked[1]}`)}
          >
            {t('dq.duplicates.compare')}
          </Button>
        )
      }
    >
      <Flex vertical gap={6}>
        {group.members.map((member) => (
          <Flex key={member.id} gap={8} align="center" wrap>
            <Checkbox checked={picked.includes(member.id)} onChange={(event) => toggle(member.id, event.target.checked)} aria-label={member.name} />
            <Link to={`/customers/${member.id}`}>{member.name}</Link>
            <Typography.Text type="secondary">{[member.city, ...member.phones, ...member.emails].filter(Boolean).join(' · ')}</Typography.Text>
            {member.owner && <Tag>{member.owner.name}</Tag>}
          </Flex>
        ))}
      </Flex>
    </Card>
  );
}

function GroupList() {
  const { t } = useTranslation();
  const [offset, setOffset] = useState(0);
  const [reason, setReason] = useState<DuplicateGroupReason | undefined>();
  const groups = useDuplicateGroups(offset, reason);
  const data = groups.data;
  return (
    <Flex vertical gap={12}>
      <Flex gap={8} align="center" wrap>
        <Select
          allowClear
          style={{ minWidth: 200 }}
          placeholder={t('dq.duplicates.allReasons')}
          value={reason}
          onChange={(value) => {
            setReason(value);
            setOffset(0);
          }}
          options={DUPLICATE_GROUP_REASONS.map((value) => ({ value, label: t(`dq.reasons.${value}`) }))}
        />
      </Flex>
      <Alert
        type="info"
        showIcon
        title={t('dq.duplicates.limits', { maxGroups: data?.maxGroups ?? 1000, maxGroupSize: data?.maxGroupSize ?? 20, maxScanned: (data?.maxScanned ?? 200_000).toLocaleString() })}
      />
      {groups.isError && !data ? (
        <ErrorResult error={groups.error} onRetry={() => void groups.refetch()} />
      ) : !data ? (
        <Skeleton active />
      ) : data.items.length === 0 ? (
        <Empty description={t('dq.duplicates.none')} />
      ) : (
        data.items.map((group) => <GroupCard key={group.key} group={group} />)
      )}
      {data?.capped && <Alert type="warning" showIcon title={t('dq.duplicates.capped', { maxGroups: data.maxGroups })} />}
      <Flex justify="flex-end" gap={8}>
        <Button disabled={offset === 0 || groups.isFetching} onClick={() => setOffset(Math.max(0, offset - 20))}>
          {t('common.prevPage')}
        </Button>
        <Button disabled={!data?.nextOffset || groups.isFetching} onClick={() => data?.nextOffset && setOffset(data.nextOffset)}>
          {t('common.nextPage')}
        </Button>
      </Flex>
    </Flex>
  );
}

function MergeHistory() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const merges = useMerges();
  const undo = useUndoMerge();
  const { can } = usePermissions();
  const now = Date.now();
  const columns = [
    {
      title: t('dq.merges.survivor'),
      key: 'survivor',
      render: (_: unknown, merge: Merge) => <Link to={`/customers/${merge.survivorId}`}>{merge.survivorName}</Link>,
    },
    {
      title: t('dq.merges.loser'),
      key: 'loser',
      render: (_: unknown, merge: Merge) => <Link to={`/customers/${merge.loserId}`}>{merge.loserName}</Link>,
    },
    { title: t('dq.merges.mergedAt'), key: 'at', render: (_: unknown, merge: Merge) => formatTime(merge.mergedAt) },
    { title: t('dq.merges.mergedBy'), key: 'by', render: (_: unknown, merge: Merge) => merge.mergedBy?.name ?? t('common.none') },
    {
      title: t('dq.merges.moved'),
      key: 'moved',
      render: (_: unknown, merge: Merge) => Object.values(merge.moved).reduce((sum, count) => sum + count, 0),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_: unknown, merge: Merge) =>
        merge.undoneAt ? (
          <Tag>{t('dq.merges.undone')}</Tag>
        ) : new Date(merge.undoableUntil).getTime() < now ? (
          <Typography.Text type="secondary">{t('dq.merges.tooOld')}</Typography.Text>
        ) : (
          can('customers.delete') && (
            <Popconfirm
              title={t('dq.merges.undoConfirm')}
              onConfirm={() =>
                undo.mutate(merge.id, {
                  onSuccess: () => void message.success(t('dq.merges.undoDone')),
                  onError: (error) => void message.error(errorMessage(t, error)),
                })
              }
            >
              <Button size="small" icon={<UndoOutlined />}>
                {t('dq.merges.undo')}
              </Button>
            </Popconfirm>
          )
        ),
    },
  ];
  if (merges.isError) return <ErrorResult error={merges.error} onRetry={() => void merges.refetch()} />;
  return (
    <Table<Merge>
      rowKey="id"
      size="small"
      loading={merges.isPending}
      dataSource={merges.data?.items ?? []}
      columns={columns}
      scroll={{ x: 640 }}
      pagination={false}
      locale={{ emptyText: t('dq.merges.none') }}
    />
  );
}

/** 查重: candidate groups across the workspace, best first, and the merges made (undoable for 30 days). */
export function DuplicatesPage() {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [tab, setTab] = useState<'groups' | 'merges'>('groups');
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('dq.duplicates.title')}
      </Typography.Title>
      <Segmented
        value={tab}
        onChange={(value) => setTab(value as 'groups' | 'merges')}
        options={[
          { value: 'groups', label: t('dq.duplicates.groups') },
          { value: 'merges', label: t('dq.merges.title') },
        ]}
      />
      <Card styles={{ body: { padding: isMobile ? 12 : 24 } }}>{tab === 'groups' ? <GroupList /> : <MergeHistory />}</Card>
    </Flex>
  );
}
