import { useState } from 'react';
import { App, Button, Card, Descriptions, Flex, Input, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { RollbackOutlined, SwapOutlined, UserAddOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Customer } from '../../../shared/customers.ts';
import { useUsers } from '../../api/admin.ts';
import { useMe, usePermissions } from '../../api/auth.ts';
import {
  useAddCollaborator,
  useClaimCustomer,
  useCollaborators,
  useReassignCustomers,
  useReleaseCustomer,
  useRemoveCollaborator,
} from '../../api/pool.ts';
import { useCustomer } from '../../api/customers.ts';
import { formatTime } from '../../components/format.ts';
import { errorMessage } from '../../components/problem.ts';

/** 负责人与协作: owner, collaborators, and the moves between owner and pool (claim, release, reassign). */
export function CustomerOwnershipCard({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = usePermissions();
  const me = useMe().data?.user;
  const collaborators = useCollaborators(customer.id);
  const users = useUsers();
  const claim = useClaimCustomer();
  const release = useReleaseCustomer();
  const reassign = useReassignCustomers();
  const add = useAddCollaborator(customer.id);
  const remove = useRemoveCollaborator(customer.id);
  const refetch = useCustomer(customer.id).refetch;
  const [reason, setReason] = useState('');
  const [picking, setPicking] = useState(false);

  const isOwner = customer.ownerId !== null && customer.ownerId === me?.id;
  const mayShare = can('customers.write') && (isOwner || can('customers.reassign')) && customer.ownerId !== null;
  const fail = (error: unknown) => void message.error(errorMessage(t, error));
  const activeUsers = (users.data ?? []).filter((user) => user.active);
  const collaboratorIds = new Set((collaborators.data ?? []).map((c) => c.userId));

  const actions = customer.deletedAt ? null : (
    <Space wrap>
      {customer.ownerId === null && can('customers.write') && (
        <Button
          type="primary"
          loading={claim.isPending}
          onClick={() => claim.mutate(customer.id, { onSuccess: () => void message.success(t('pool.claimed')), onError: fail })}
        >
          {t('pool.claim')}
        </Button>
      )}
      {customer.ownerId !== null && can('customers.write') && (isOwner || can('customers.reassign')) && (
        <Popconfirm
          title={t('pool.releaseTitle')}
          description={
            <Input
              aria-label={t('pool.releaseReason')}
              placeholder={t('pool.releaseReasonPlaceholder')}
              value={reason}
              maxLength={500}
              onChange={(event) => setReason(event.target.value)}
            />
          }
          okText={t('pool.release')}
          cancelText={t('common.cancel')}
          onConfirm={() =>
            release.mutateAsync(
              { id: customer.id, reason: reason.trim() || undefined },
              { onSuccess: () => void message.success(t('pool.released')), onError: fail },
            )
          }
        >
          <Button icon={<RollbackOutlined />} loading={release.isPending}>
            {t('pool.release')}
          </Button>
        </Popconfirm>
      )}
      {can('customers.reassign') && (
        <Select
          aria-label={t('ownership.reassign')}
          placeholder={
            <span>
              <SwapOutlined /> {t('ownership.reassign')}
            </span>
          }
          style={{ minWidth: 150 }}
          value={null}
          showSearch={{ optionFilterProp: 'label' }}
          loading={reassign.isPending}
          options={activeUsers.filter((user) => user.id !== customer.ownerId).map((user) => ({ value: user.id, label: user.name }))}
          onChange={(ownerId: string) =>
            reassign.mutate(
              { customerIds: [customer.id], ownerId },
              {
                onSuccess: (result) => {
                  void message.success(t('ownership.reassigned', { count: result.moved }));
                  void refetch();
                },
                onError: fail,
              },
            )
          }
        />
      )}
    </Space>
  );

  return (
    <Card title={t('ownership.title')} extra={actions}>
      <Descriptions
        column={{ xs: 1, sm: 1, md: 2 }}
        items={[
          {
            key: 'owner',
            label: t('ownership.owner'),
            children: customer.owner ? customer.owner.name : <Tag color="gold">{t('pool.inPool')}</Tag>,
          },
          { key: 'since', label: t('ownership.ownerSince'), children: formatTime(customer.ownerSince) },
          {
            key: 'lastFollowUp',
            label: t('pool.lastFollowUp'),
            children: customer.lastFollowUpAt ? formatTime(customer.lastFollowUpAt) : t('followUps.never'),
          },
          {
            key: 'collaborators',
            label: t('ownership.collaborators'),
            children: (
              <Flex gap={4} wrap align="center" data-testid="collaborators">
                {(collaborators.data ?? []).length === 0 && <Typography.Text type="secondary">{t('ownership.noCollaborators')}</Typography.Text>}
                {(collaborators.data ?? []).map((collaborator) => (
                  <Tag
                    key={collaborator.userId}
                    closable={mayShare || collaborator.userId === me?.id}
                    onClose={(event) => {
                      event.preventDefault();
                      remove.mutate(collaborator.userId, { onSuccess: () => void message.success(t('ownership.collaboratorRemoved')), onError: fail });
                    }}
                  >
                    {collaborator.name}
                  </Tag>
                ))}
                {mayShare &&
                  (picking ? (
                    <Select
                      autoFocus
                      defaultOpen
                      size="small"
                      style={{ minWidth: 140 }}
                      placeholder={t('ownership.pickUser')}
                      showSearch={{ optionFilterProp: 'label' }}
                      options={activeUsers
                        .filter((user) => user.id !== customer.ownerId && !collaboratorIds.has(user.id))
                        .map((user) => ({ value: user.id, label: user.name }))}
                      onBlur={() => setPicking(false)}
                      onChange={(userId: string) =>
                        add.mutate(userId, {
                          onSuccess: () => {
                            setPicking(false);
                            void message.success(t('ownership.collaboratorAdded'));
                          },
                          onError: fail,
                        })
                      }
                    />
                  ) : (
                    <Button size="small" type="dashed" icon={<UserAddOutlined />} onClick={() => setPicking(true)}>
                      {t('ownership.addCollaborator')}
                    </Button>
                  ))}
              </Flex>
            ),
          },
        ]}
      />
    </Card>
  );
}
