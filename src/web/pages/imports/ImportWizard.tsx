import { useState } from 'react';
import { Alert, App, Button, Flex, Popconfirm, Progress, Radio, Result, Select, Space, Steps, Table, Tag, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  IMPORT_FIELDS,
  IMPORT_POLICIES,
  type Import,
  type ImportKind,
  type ImportMapping,
  type ImportPolicy,
  type ImportPreview,
  type ImportPreviewRow,
  REQUIRED_IMPORT_FIELDS,
} from '../../../shared/imports.ts';
import { previewImport, uploadImport, useImport, useStartImport, useUndoImport } from '../../api/dataQuality.ts';
import { errorMessage } from '../../components/problem.ts';

const ACTION_COLORS: Record<ImportPreviewRow['action'], string> = { create: 'green', update: 'blue', skip: 'default', error: 'red' };

/** Rows done of the total, as the progress bar shows it: below 100 % until a running import has finished. */
export function importPercent(item: Import): number {
  if (item.status === 'completed') return 100;
  if (!item.totalRows) return 0;
  const percent = Math.floor((item.rowsDone / item.totalRows) * 100);
  return item.status === 'queued' || item.status === 'running' ? Math.min(99, percent) : percent;
}

/** The bar's look: animated while the job runs, red when it failed, green when done, plain once undone. */
export function importProgressStatus(status: Import['status']) {
  if (status === 'failed') return 'exception' as const;
  if (status === 'completed') return 'success' as const;
  return status === 'undone' ? ('normal' as const) : ('active' as const);
}

export function ImportProgress({ item }: { item: Import }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const undo = useUndoImport();
  const percent = importPercent(item);
  return (
    <Flex vertical gap={12} data-testid="import-progress">
      <Progress
        percent={percent}
        status={importProgressStatus(item.status)}
        aria-label={t('dq.import.progress')}
      />
      <Typography.Text data-testid="import-status">
        {t(`dq.import.status.${item.status}`)} ·{' '}
        {t('dq.import.rowsDone', { done: item.rowsDone.toLocaleString(), total: item.totalRows === null ? '…' : item.totalRows.toLocaleString() })}
      </Typography.Text>
      <Space wrap>
        <Tag color="green">{t('dq.import.created', { count: item.createdCount })}</Tag>
        <Tag color="blue">{t('dq.import.updated', { count: item.updatedCount })}</Tag>
        <Tag>{t('dq.import.skipped', { count: item.skippedCount })}</Tag>
        <Tag color={item.errorCount ? 'red' : 'default'}>{t('dq.import.errors', { count: item.errorCount })}</Tag>
      </Space>
      {item.failure && <Alert type="error" showIcon title={item.failure} />}
      <Space wrap>
        {(item.errorCount > 0 || item.skippedCount > 0) && (
          <Button href={`/api/imports/${item.id}/errors.csv`} download>
            {t('dq.import.errorFile')}
          </Button>
        )}
        {['completed', 'failed'].includes(item.status) && (
          <Popconfirm
            title={t('dq.import.undoConfirm', { created: item.createdCount.toLocaleString(), updated: item.updatedCount.toLocaleString() })}
            okButtonProps={{ danger: true }}
            // Held open, its button loading, while the undo runs (a million-row import's takes most of a minute);
            // a failure is reported by onError and closes it.
            onConfirm={() =>
              undo
                .mutateAsync(item.id, {
                  onSuccess: () => void message.success(t('dq.import.undoDone')),
                  onError: (error) => void message.error(errorMessage(t, error)),
                })
                .catch(() => {})
            }
          >
            <Button danger loading={undo.isPending}>
              {t('dq.import.undo')}
            </Button>
          </Popconfirm>
        )}
      </Space>
    </Flex>
  );
}

function PreviewTable({ preview, kind }: { preview: ImportPreview; kind: ImportKind }) {
  const { t } = useTranslation();
  const fields = kind === 'customers' ? ['name', 'kind', 'phones', 'emails', 'city', 'status'] : ['orderNo', 'customer', 'orderedAt', 'amount', 'status'];
  const text = (value: unknown) => (Array.isArray(value) ? value.join('、') : value === null || value === undefined ? '' : String(value));
  return (
    <Table<ImportPreviewRow>
      rowKey="rowNo"
      size="small"
      pagination={false}
      scroll={{ x: 720 }}
      dataSource={preview.rows}
      columns={[
        { title: t('dq.import.row'), dataIndex: 'rowNo', width: 60 },
        { title: t('dq.import.action'), key: 'action', width: 90, render: (_, row) => <Tag color={ACTION_COLORS[row.action]}>{t(`dq.import.actions.${row.action}`)}</Tag> },
        ...fields.map((field) => ({
          title: field,
          key: field,
          render: (_: unknown, row: ImportPreviewRow) => text(row.values[field]),
        })),
        {
          title: t('dq.import.problems'),
          key: 'errors',
          render: (_, row) =>
            row.errors.length ? (
              <Typography.Text type="danger">{row.errors.map((error) => `${error.column ?? ''} ${error.reason}`).join('；')}</Typography.Text>
            ) : row.duplicateOf ? (
              <Typography.Text type="secondary">
                {row.duplicateOf.rowNo ? t('dq.import.dupOfRow', { row: row.duplicateOf.rowNo }) : t('dq.import.dupOf', { name: row.duplicateOf.name })}
              </Typography.Text>
            ) : null,
        },
      ]}
    />
  );
}

/** Upload → map columns → preview → run with a progress bar. */
export function ImportWizard({ onDone }: { onDone?: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [kind, setKind] = useState<ImportKind>('customers');
  const [upload, setUpload] = useState<Import | null>(null);
  const [uploading, setUploading] = useState(false);
  const [mapping, setMapping] = useState<ImportMapping>({});
  const [policy, setPolicy] = useState<ImportPolicy>('skip');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [startedId, setStartedId] = useState<string | null>(null);
  const start = useStartImport();
  const progress = useImport(startedId);

  const step = startedId ? 3 : preview ? 2 : upload ? 1 : 0;
  const mapped = new Set(Object.values(mapping).filter(Boolean));
  const missing = REQUIRED_IMPORT_FIELDS[kind].filter((field) => !mapped.has(field));

  const onFile = async (file: File) => {
    setUploading(true);
    try {
      const uploaded = await uploadImport(kind, file);
      setUpload(uploaded);
      setMapping(uploaded.mapping);
      setPreview(null);
    } catch (error) {
      void message.error(errorMessage(t, error));
    } finally {
      setUploading(false);
    }
  };

  const onPreview = async () => {
    if (!upload) return;
    setPreviewing(true);
    try {
      setPreview(await previewImport(upload.id, mapping, policy));
    } catch (error) {
      void message.error(errorMessage(t, error));
    } finally {
      setPreviewing(false);
    }
  };

  const onStart = () => {
    if (!upload) return;
    start.mutate(
      { id: upload.id, mapping, policy },
      { onSuccess: (started) => setStartedId(started.id), onError: (error) => void message.error(errorMessage(t, error)) },
    );
  };

  return (
    <Flex vertical gap={16}>
      <Steps
        size="small"
        current={step}
        items={[{ title: t('dq.import.steps.upload') }, { title: t('dq.import.steps.map') }, { title: t('dq.import.steps.preview') }, { title: t('dq.import.steps.run') }]}
      />
      {step === 0 && (
        <Flex vertical gap={12}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            value={kind}
            onChange={(event) => setKind(event.target.value)}
            options={[
              { value: 'customers', label: t('dq.import.kinds.customers') },
              { value: 'orders', label: t('dq.import.kinds.orders') },
            ]}
          />
          <Upload.Dragger
            accept=".csv,.xlsx,.txt"
            showUploadList={false}
            disabled={uploading}
            beforeUpload={(file) => {
              void onFile(file);
              return false;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{uploading ? t('dq.import.uploading') : t('dq.import.drop')}</p>
            <p className="ant-upload-hint">{t('dq.import.hint')}</p>
          </Upload.Dragger>
        </Flex>
      )}
      {step >= 1 && step < 3 && upload && (
        <Flex vertical gap={12}>
          <Typography.Text type="secondary">
            {upload.fileName} · {upload.fileFormat.toUpperCase()}
            {upload.encoding ? ` · ${upload.encoding.toUpperCase()}` : ''}
          </Typography.Text>
          <Table
            rowKey="header"
            size="small"
            pagination={false}
            dataSource={upload.headers.map((header) => ({ header }))}
            columns={[
              { title: t('dq.import.column'), dataIndex: 'header' },
              {
                title: t('dq.import.field'),
                key: 'field',
                render: (_: unknown, row: { header: string }) => (
                  <Select
                    style={{ minWidth: 180 }}
                    aria-label={row.header}
                    value={mapping[row.header] ?? ''}
                    onChange={(value) => {
                      setMapping((current) => ({ ...current, [row.header]: value || null }));
                      setPreview(null);
                    }}
                    options={[
                      { value: '', label: t('dq.import.skipColumn') },
                      ...IMPORT_FIELDS[kind].map((field) => ({ value: field, label: t(`dq.importFields.${field}`) })),
                    ]}
                  />
                ),
              },
            ]}
          />
          <Flex gap={8} align="center" wrap>
            <Typography.Text>{t('dq.import.policy')}</Typography.Text>
            <Radio.Group
              value={policy}
              onChange={(event) => {
                setPolicy(event.target.value);
                setPreview(null);
              }}
              options={IMPORT_POLICIES.map((value) => ({ value, label: t(`dq.import.policies.${value}`) }))}
            />
          </Flex>
          {missing.length > 0 && (
            <Alert type="warning" showIcon title={t('dq.import.missing', { fields: missing.map((field) => t(`dq.importFields.${field}`)).join('、') })} />
          )}
          {preview && <PreviewTable preview={preview} kind={kind} />}
          <Flex justify="flex-end" gap={8}>
            <Button onClick={() => void onPreview()} loading={previewing} disabled={missing.length > 0}>
              {t('dq.import.preview')}
            </Button>
            <Button type="primary" onClick={onStart} loading={start.isPending} disabled={missing.length > 0 || !preview}>
              {t('dq.import.start')}
            </Button>
          </Flex>
        </Flex>
      )}
      {step === 3 && progress.data && (
        <Flex vertical gap={12}>
          <ImportProgress item={progress.data} />
          {['completed', 'failed', 'undone'].includes(progress.data.status) && (
            <Result status={progress.data.status === 'completed' ? 'success' : 'info'} title={t(`dq.import.status.${progress.data.status}`)} extra={onDone && <Button onClick={onDone}>{t('common.close')}</Button>} />
          )}
        </Flex>
      )}
    </Flex>
  );
}
