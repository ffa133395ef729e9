import { App, Button, Flex, Select, Typography } from 'antd';
import { SwapOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUsers } from '../../api/admin.ts';
import { useReassignCustomers } from '../../api/pool.ts';
import { errorMessage } from '../../components/problem.ts';

/** 批量转交: hands the selected customers to one owner, all or nothing. */
export function BulkReassignBar({ selected, onDone }: { selected: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const users = useUsers();
  const reassign = useReassignCustomers();
  const [ownerId, setOwnerId] = useState<string | null>(null);
  if (selected.length === 0) return null;
  return (
    <Flex gap={8} align="center" wrap data-testid="bulk-reassign">
      <Typography.Text>{t('ownership.bulkReassign', { count: selected.length })}</Typography.Text>
      <Select
        aria-label={t('ownership.reassignTo')}
        placeholder={t('ownership.reassignTo')}
        style={{ minWidth: 160 }}
        value={ownerId}
        showSearch={{ optionFilterProp: 'label' }}
        options={(users.data ?? []).filter((user) => user.active).map((user) => ({ value: user.id, label: user.name }))}
        onChange={setOwnerId}
      />
      <Button
        type="primary"
        icon={<SwapOutlined />}
        disabled={!ownerId}
        loading={reassign.isPending}
        onClick={() =>
          ownerId &&
          reassign.mutate(
            { customerIds: selected, ownerId },
            {
              onSuccess: (result) => {
                void message.success(t('ownership.reassigned', { count: result.moved }));
                setOwnerId(null);
                onDone();
              },
              onError: (error) => void message.error(errorMessage(t, error)),
            },
          )
        }
      >
        {t('ownership.reassign')}
      </Button>
      <Button type="link" onClick={onDone}>
        {t('common.cancel')}
      </Button>
    </Flex>
  );
}
