import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Flex, Radio, Skeleton, Table, Typography } from 'antd';
import { SwapOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Customer } from '../../../shared/customers.ts';
import { MERGE_FIELDS, type MergeField } from '../../../shared/duplicates.ts';
import { useCustomer } from '../../api/customers.ts';
import { useMerge, useUndoMerge } from '../../api/dataQuality.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { errorMessage } from '../../components/problem.ts';

type Side = 'survivor' | 'loser';
type Row = { field: MergeField; left: string; right: string };
type UnitedRow = { field: 'phones' | 'emails' | 'tags'; united: string };

/** A field's value as text for the comparison. */
function shown(t: (key: string) => string, customer: Customer, field: MergeField | 'phones' | 'emails' | 'tags'): string {
  const value = (customer as unknown as Record<string, unknown>)[field];
  if (field === 'ownerId') return customer.owner?.name ?? '';
  if (field === 'kind') return t(`customer.kind.${customer.kind}`);
  if (field === 'status') return t(`customer.status.${customer.status}`);
  if (field === 'keyAccount') return customer.keyAccount ? '✓' : '';
  if (Array.isArray(value)) return value.join('、');
  if (value && typeof value === 'object') {
    const filled = Object.entries(value as Record<string, unknown>).filter(
      ([key, inner]) => key !== 'kind' && inner !== null && inner !== '' && !(typeof inner === 'object' && Object.values(inner as object).every((v) => v === null || v === '' || (Array.isArray(v) && !v.length))),
    );
    return filled.length ? filled.map(([key]) => t(`profile360.fields.${key}`)).join('、') : '';
  }
  return value === null || value === undefined ? '' : String(value);
}

/** Side-by-side comparison of two customers with a radio per field; phones, e-mails and tags are united. */
export function MergePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const survivorId = params.get('survivor') ?? '';
  const loserId = params.get('loser') ?? '';
  const survivor = useCustomer(survivorId);
  const loser = useCustomer(loserId);
  const [choices, setChoices] = useState<Partial<Record<MergeField, Side>>>({});
  const merge = useMerge();
  const undo = useUndoMerge();

  if (survivor.isError || loser.isError) return <ErrorResult error={survivor.error ?? loser.error} onRetry={() => void survivor.refetch()} />;
  if (!survivor.data || !loser.data) return <Skeleton active />;
  const a = survivor.data;
  const b = loser.data;

  const swap = () => {
    setChoices({});
    setParams({ survivor: loserId, loser: survivorId }, { replace: true });
  };

  // Unknown keys (a profile field without a label) show as themselves.
  const label = (key: string) => String(t(key as never, { defaultValue: key.split('.').pop() } as never));
  const rows: Row[] = MERGE_FIELDS.map((field) => ({ field, left: shown(label, a, field), right: shown(label, b, field) })).filter(
    (row) => row.left !== '' || row.right !== '',
  );
  const sideOf = (field: MergeField, left: string): Side => choices[field] ?? (left === '' && !['kind', 'name'].includes(field) ? 'loser' : 'survivor');

  const onMerge = () => {
    const explicit = Object.fromEntries(rows.map((row) => [row.field, sideOf(row.field, row.left)]));
    merge.mutate(
      { survivorId, loserId, choices: explicit },
      {
        onSuccess: (done) => {
          message.success({
            content: (
              <span>
                {t('dq.merge.done')}{' '}
                <Button
                  type="link"
                  size="small"
                  onClick={() => undo.mutate(done.id, { onSuccess: () => void message.success(t('dq.merges.undoDone')), onError: (error) => void message.error(errorMessage(t, error)) })}
                >
                  {t('dq.merges.undo')}
                </Button>
              </span>
            ),
            duration: 8,
          });
          void navigate(`/customers/${done.survivorId}`);
        },
        onError: (error) => void message.error(errorMessage(t, error)),
      },
    );
  };

  const column = (side: Side, customer: Customer) => ({
    title: (
      <Flex vertical>
        <Typography.Text strong>{side === 'survivor' ? t('dq.merge.keep') : t('dq.merge.mergeAway')}</Typography.Text>
        <Link to={`/customers/${customer.id}`}>{customer.name}</Link>
      </Flex>
    ),
    key: side,
    render: (_: unknown, row: Row) => (
      <Radio
        checked={sideOf(row.field, row.left) === side}
        onChange={() => setChoices((current) => ({ ...current, [row.field]: side }))}
        data-testid={`choose-${row.field}-${side}`}
      >
        {(side === 'survivor' ? row.left : row.right) || <Typography.Text type="secondary">{t('common.empty')}</Typography.Text>}
      </Radio>
    ),
  });

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('dq.merge.title')}
        </Typography.Title>
        <Button icon={<SwapOutlined />} onClick={swap}>
          {t('dq.merge.swap')}
        </Button>
      </Flex>
      <Alert type="info" showIcon title={t('dq.merge.explain')} />
      <Card styles={{ body: { padding: 0 } }}>
        <Table<Row>
          rowKey="field"
          size="middle"
          pagination={false}
          scroll={{ x: 560 }}
          dataSource={rows}
          columns={[
            { title: t('dq.merge.field'), key: 'field', width: 120, render: (_: unknown, row: Row) => t(`dq.fields.${row.field}`) },
            column('survivor', a),
            column('loser', b),
          ]}
        />
        <Table<UnitedRow>
          rowKey="field"
          size="small"
          pagination={false}
          showHeader={false}
          dataSource={(['phones', 'emails', 'tags'] as const).map((field): UnitedRow => ({
            field,
            united: [...new Set([...(a[field] as string[]), ...(b[field] as string[])])].join('、'),
          }))}
          columns={[
            { key: 'field', width: 120, render: (_: unknown, row: UnitedRow) => t(`customer.fields.${row.field}`) },
            { key: 'united', render: (_: unknown, row: UnitedRow) => row.united || t('common.empty') },
            { key: 'note', render: () => <Typography.Text type="secondary">{t('dq.merge.united')}</Typography.Text> },
          ]}
        />
      </Card>
      <Flex justify="flex-end" gap={8}>
        <Button onClick={() => void navigate(-1)}>{t('common.cancel')}</Button>
        <Button type="primary" danger loading={merge.isPending} onClick={onMerge} data-testid="confirm-merge">
          {t('dq.merge.confirm', { name: b.name })}
        </Button>
      </Flex>
    </Flex>
  );
}
