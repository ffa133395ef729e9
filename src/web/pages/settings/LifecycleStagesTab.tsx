import { useEffect, useState } from 'react';
import { Alert, App, Button, Flex, Form, Input, Modal, Select, Space, Table, Tag, Typography, type TableProps } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, PlusOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { FieldIssue } from '../../../shared/common.ts';
import type { LifecycleStage } from '../../../shared/lifecycle.ts';
import { isApiError } from '../../api/client.ts';
import { useLifecycleStages, useSaveLifecycleStages } from '../../api/customerProfile.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { PageLoading } from '../../components/PageLoading.tsx';
import { errorMessage } from '../../components/problem.ts';

interface DraftStage {
  key: string;
  nameZh: string;
  nameEn: string;
}

const KEY_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;
const toDraft = (stages: LifecycleStage[]): DraftStage[] => stages.filter((s) => !s.retired).map(({ key, nameZh, nameEn }) => ({ key, nameZh, nameEn }));

/** A retiring stage customers are still in, as the server reported it (409 stage_in_use). */
interface InUse {
  key: string;
  customers: number;
}

function inUseOf(errors: FieldIssue[]): InUse[] {
  return errors
    .filter((issue) => issue.code === 'stage_in_use' && issue.params)
    .map((issue) => ({ key: String(issue.params!.stage), customers: Number(issue.params!.customers) }));
}

/**
 * 生命周期阶段 (admin): the workspace's stages edited as a list and saved at once —
 * rename, reorder, add, retire and restore. Retiring a stage customers are in asks
 * where they go and why (the server refuses it otherwise).
 */
export function LifecycleStagesTab() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const stages = useLifecycleStages();
  const save = useSaveLifecycleStages();
  const [draft, setDraft] = useState<DraftStage[] | null>(null);
  const [adding, setAdding] = useState(false);
  const [inUse, setInUse] = useState<InUse[]>([]);
  const [addForm] = Form.useForm<DraftStage>();
  const [moveForm] = Form.useForm<{ moveTo: Record<string, string>; reason: string }>();

  const server = stages.data ?? [];
  useEffect(() => {
    if (stages.data && draft === null) setDraft(toDraft(stages.data));
  }, [stages.data, draft]);

  if (stages.isPending || draft === null) return stages.isError ? <ErrorResult error={stages.error} onRetry={() => void stages.refetch()} /> : <PageLoading />;

  const name = (stage: { nameZh: string; nameEn: string }) => (i18n.language === 'en' ? stage.nameEn : stage.nameZh);
  const dirty = JSON.stringify(draft) !== JSON.stringify(toDraft(server));
  const activeKeys = new Set(draft.map((stage) => stage.key));
  const retired = server.filter((stage) => !activeKeys.has(stage.key));

  const edit = (key: string, change: Partial<DraftStage>) => setDraft(draft.map((stage) => (stage.key === key ? { ...stage, ...change } : stage)));
  const move = (index: number, by: -1 | 1) => {
    const next = [...draft];
    [next[index], next[index + by]] = [next[index + by]!, next[index]!];
    setDraft(next);
  };

  const submit = (extra: { moveTo?: Record<string, string>; reason?: string } = {}) => {
    save.mutate(
      { stages: draft.map((stage) => ({ key: stage.key, nameZh: stage.nameZh.trim(), nameEn: stage.nameEn.trim() })), ...extra },
      {
        onSuccess: (items) => {
          setDraft(toDraft(items));
          setInUse([]);
          const moved = inUse.reduce((sum, stage) => sum + stage.customers, 0);
          void message.success(extra.moveTo && moved ? t('profile360.stagesAdmin.moved', { count: moved }) : t('profile360.stagesAdmin.saved'));
        },
        onError: (error) => {
          const stillUsed = isApiError(error, 409) ? inUseOf(error.errors) : [];
          if (stillUsed.length) setInUse(stillUsed); else void message.error(errorMessage(t, error));
        },
      },
    );
  };

  const columns: TableProps<DraftStage>['columns'] = [
    { key: 'order', title: t('profile360.stagesAdmin.order'), width: 64, render: (_v, _s, index) => index + 1 },
    {
      key: 'key',
      title: t('profile360.stagesAdmin.key'),
      dataIndex: 'key',
      render: (key: string) => (
        <Space size={4}>
          <Typography.Text code>{key}</Typography.Text>
          {!server.some((stage) => stage.key === key && !stage.retired) && <Tag color="blue">{t('profile360.stagesAdmin.pending')}</Tag>}
        </Space>
      ),
    },
    {
      key: 'nameZh',
      title: t('profile360.stagesAdmin.nameZh'),
      render: (_v, stage) => (
        <Input
          value={stage.nameZh}
          maxLength={40}
          status={stage.nameZh.trim() ? undefined : 'error'}
          aria-label={`${stage.key} ${t('profile360.stagesAdmin.nameZh')}`}
          onChange={(event) => edit(stage.key, { nameZh: event.target.value })}
        />
      ),
    },
    {
      key: 'nameEn',
      title: t('profile360.stagesAdmin.nameEn'),
      render: (_v, stage) => (
        <Input
          value={stage.nameEn}
          maxLength={40}
          status={stage.nameEn.trim() ? undefined : 'error'}
          aria-label={`${stage.key} ${t('profile360.stagesAdmin.nameEn')}`}
          onChange={(event) => edit(stage.key, { nameEn: event.target.value })}
        />
      ),
    },
    {
      key: 'actions',
      width: 190,
      render: (_v, stage, index) => (
        <Space size={4}>
          <Button size="small" icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => move(index, -1)} aria-label={`${stage.key} ${t('profile360.stagesAdmin.moveUp')}`} />
          <Button size="small" icon={<ArrowDownOutlined />} disabled={index === draft.length - 1} onClick={() => move(index, 1)} aria-label={`${stage.key} ${t('profile360.stagesAdmin.moveDown')}`} />
          <Button
            size="small"
            danger
            icon={<StopOutlined />}
            disabled={draft.length === 1}
            title={draft.length === 1 ? t('profile360.stagesAdmin.needOne') : undefined}
            onClick={() => setDraft(draft.filter((s) => s.key !== stage.key))}
            aria-label={`${stage.key} ${t('profile360.stagesAdmin.retire')}`}
          >
            {t('profile360.stagesAdmin.retire')}
          </Button>
        </Space>
      ),
    },
  ];

  const namesValid = draft.every((stage) => stage.nameZh.trim() && stage.nameEn.trim());
  const retiredByServer = new Map(server.map((stage) => [stage.key, stage]));

  return (
    <Flex vertical gap={12}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('profile360.stagesAdmin.intro')}
      </Typography.Paragraph>
      <Table<DraftStage> rowKey="key" size="small" pagination={false} columns={columns} dataSource={draft} data-testid="lifecycle-stages" />
      <Flex gap={8} wrap align="center">
        <Button icon={<PlusOutlined />} onClick={() => setAdding(true)}>
          {t('profile360.stagesAdmin.add')}
        </Button>
        <Button type="primary" disabled={!dirty || !namesValid} loading={save.isPending} onClick={() => submit()}>
          {t('profile360.stagesAdmin.save')}
        </Button>
        <Button disabled={!dirty} onClick={() => setDraft(toDraft(server))}>
          {t('profile360.stagesAdmin.reset')}
        </Button>
        {dirty && <Typography.Text type="warning">{t('profile360.stagesAdmin.unsaved')}</Typography.Text>}
      </Flex>
      {retired.length > 0 && (
        <Flex vertical gap={4}>
          <Typography.Text strong>{t('profile360.stagesAdmin.retired')}</Typography.Text>
          <Flex gap={8} wrap>
            {retired.map((stage) => (
              <Tag key={stage.key} data-testid="retired-stage" style={{ paddingBlock: 2 }}>
                <Space size={4}>
                  {name(stage)}
                  <Typography.Text type="secondary" code>
                    {stage.key}
                  </Typography.Text>
                  <Button
                    size="small"
                    type="link"
                    icon={<UndoOutlined />}
                    onClick={() => setDraft([...draft, { key: stage.key, nameZh: stage.nameZh, nameEn: stage.nameEn }])}
                  >
                    {t('profile360.stagesAdmin.restore')}
                  </Button>
                </Space>
              </Tag>
            ))}
          </Flex>
        </Flex>
      )}

      <Modal
        open={adding}
        title={t('profile360.stagesAdmin.addTitle')}
        onCancel={() => setAdding(false)}
        onOk={() => addForm.submit()}
        destroyOnHidden
      >
        <Form<DraftStage>
          form={addForm}
          layout="vertical"
          preserve={false}
          onFinish={(values) => {
            setDraft([...draft, { key: values.key.trim(), nameZh: values.nameZh.trim(), nameEn: values.nameEn.trim() }]);
            setAdding(false);
          }}
        >
          <Form.Item
            name="key"
            label={t('profile360.stagesAdmin.key')}
            extra={t('profile360.stagesAdmin.keyHelp')}
            rules={[
              { required: true, pattern: KEY_PATTERN, message: t('profile360.stagesAdmin.keyHelp') },
              {
                validator: async (_rule, value: string | undefined) => {
                  if (value && (activeKeys.has(value.trim()) || retiredByServer.has(value.trim()))) throw new Error(t('profile360.stagesAdmin.keyTaken'));
                },
              },
            ]}
          >
            <Input maxLength={40} autoFocus />
          </Form.Item>
          <Form.Item name="nameZh" label={t('profile360.stagesAdmin.nameZh')} rules={[{ required: true, whitespace: true, message: t('settings.validation.required') }]}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="nameEn" label={t('profile360.stagesAdmin.nameEn')} rules={[{ required: true, whitespace: true, message: t('settings.validation.required') }]}>
            <Input maxLength={40} />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={inUse.length > 0}
        title={t('profile360.stagesAdmin.inUseTitle')}
        onCancel={() => setInUse([])}
        onOk={() => moveForm.submit()}
        confirmLoading={save.isPending}
        destroyOnHidden
      >
        <Alert type="info" showIcon title={t('profile360.stagesAdmin.inUseIntro')} style={{ marginBottom: 16 }} />
        <Form form={moveForm} layout="vertical" preserve={false} onFinish={(values) => submit({ moveTo: values.moveTo, reason: values.reason.trim() })}>
          {inUse.map((stage) => {
            const retiring = retiredByServer.get(stage.key);
            return (
              <Form.Item
                key={stage.key}
                name={['moveTo', stage.key]}
                label={t('profile360.stagesAdmin.inUse', { stage: retiring ? name(retiring) : stage.key, count: stage.customers })}
                rules={[{ required: true, message: t('profile360.stagesAdmin.moveTo') }]}
              >
                <Select
                  placeholder={t('profile360.stagesAdmin.moveTo')}
                  aria-label={`${stage.key} ${t('profile360.stagesAdmin.moveTo')}`}
                  options={draft.map((target) => ({ value: target.key, label: name(target) }))}
                />
              </Form.Item>
            );
          })}
          <Form.Item name="reason" label={t('profile360.stagesAdmin.reason')} rules={[{ required: true, whitespace: true, message: t('profile360.stagesAdmin.reasonRequired') }]}>
            <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 4 }} placeholder={t('profile360.stagesAdmin.reasonPlaceholder')} />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}
