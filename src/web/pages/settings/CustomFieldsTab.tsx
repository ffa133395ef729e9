import { useState } from 'react';
import { App, Button, Checkbox, Flex, Form, Input, InputNumber, Select, Switch, Table, Tag, type TableProps } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { CUSTOM_FIELD_TYPES, type CustomFieldDefinition, type CustomFieldOption, type CustomFieldType } from '../../../shared/custom-fields.ts';
import { useCustomFieldDefinitions, useSaveCustomField } from '../../api/customerProfile.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { errorMessage } from '../../components/problem.ts';

interface FieldFormValues {
  key: string;
  labelZh: string;
  labelEn: string;
  type: CustomFieldType;
  options: CustomFieldOption[];
  required: boolean;
  position?: number;
}

const FIELDS = ['key', 'labelZh', 'labelEn', 'type', 'options', 'required', 'position'] as const;

function FieldFormItems({ editing }: { editing: boolean }) {
  const { t } = useTranslation();
  const type = Form.useWatch<CustomFieldType | undefined>('type');
  const required = [{ required: true, whitespace: true, message: t('settings.validation.required') }];
  return (
    <>
      <Form.Item name="key" label={t('profile360.fieldsAdmin.key')} extra={t('profile360.fieldsAdmin.keyHelp')} rules={[...required, { pattern: /^[a-z][a-z0-9_]{0,39}$/, message: t('profile360.fieldsAdmin.keyHelp') }]}>
        <Input disabled={editing} maxLength={40} />
      </Form.Item>
      <Flex gap={12} wrap>
        <Form.Item name="labelZh" label={t('profile360.fieldsAdmin.labelZh')} rules={required} style={{ flex: '1 1 180px' }}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="labelEn" label={t('profile360.fieldsAdmin.labelEn')} rules={required} style={{ flex: '1 1 180px' }}>
          <Input maxLength={60} />
        </Form.Item>
      </Flex>
      <Flex gap={12} wrap>
        <Form.Item name="type" label={t('profile360.fieldsAdmin.type')} rules={[{ required: true }]} style={{ flex: '1 1 160px' }}>
          <Select disabled={editing} options={CUSTOM_FIELD_TYPES.map((value) => ({ value, label: t(`profile360.fieldsAdmin.types.${value}`) }))} />
        </Form.Item>
        <Form.Item name="position" label={t('profile360.fieldsAdmin.position')} style={{ flex: '0 1 120px' }}>
          <InputNumber min={0} max={10000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="required" label={t('profile360.fieldsAdmin.required')} valuePropName="checked" style={{ flex: '0 1 80px' }}>
          <Switch />
        </Form.Item>
      </Flex>
      {(type === 'single_select' || type === 'multi_select') && (
        <Form.Item label={t('profile360.fieldsAdmin.options')}>
          <Form.List name="options">
            {(rows, { add, remove }) => (
              <Flex vertical gap={8}>
                {rows.map((row) => (
                  <Flex key={row.key} gap={8} wrap>
                    <Form.Item name={[row.name, 'value']} noStyle rules={required}>
                      <Input placeholder={t('profile360.fieldsAdmin.optionValue')} maxLength={40} style={{ width: 110 }} />
                    </Form.Item>
                    <Form.Item name={[row.name, 'labelZh']} noStyle rules={required}>
                      <Input placeholder={t('profile360.fieldsAdmin.optionZh')} maxLength={60} style={{ width: 120 }} />
                    </Form.Item>
                    <Form.Item name={[row.name, 'labelEn']} noStyle rules={required}>
                      <Input placeholder={t('profile360.fieldsAdmin.optionEn')} maxLength={60} style={{ width: 120 }} />
                    </Form.Item>
                    <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(row.name)} aria-label={t('common.delete')} />
                  </Flex>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ value: '', labelZh: '', labelEn: '' })}>
                  {t('profile360.fieldsAdmin.addOption')}
                </Button>
              </Flex>
            )}
          </Form.List>
        </Form.Item>
      )}
    </>
  );
}

/** Settings → 自定义字段: define, edit and archive the workspace's custom fields (administrators). */
export function CustomFieldsTab() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [showArchived, setShowArchived] = useState(false);
  const fields = useCustomFieldDefinitions(true);
  const save = useSaveCustomField();
  const [editing, setEditing] = useState<CustomFieldDefinition | 'new' | null>(null);

  const toggleArchive = (field: CustomFieldDefinition) =>
    save.mutate(
      { id: field.id, body: { version: field.version, archived: !field.archivedAt } },
      { onSuccess: () => void message.success(t('profile360.fieldsAdmin.saved')), onError: (error) => void message.error(errorMessage(t, error)) },
    );

  const columns: TableProps<CustomFieldDefinition>['columns'] = [
    { key: 'label', title: t('profile360.fieldsAdmin.labelZh'), render: (_v, field) => (i18n.language === 'en' ? field.labelEn : field.labelZh) },
    { key: 'key', title: t('profile360.fieldsAdmin.key'), dataIndex: 'key', responsive: ['sm'] },
    { key: 'type', title: t('profile360.fieldsAdmin.type'), render: (_v, field) => t(`profile360.fieldsAdmin.types.${field.type}`) },
    { key: 'required', title: t('profile360.fieldsAdmin.required'), responsive: ['md'], render: (_v, field) => (field.required ? t('profile360.yes') : t('profile360.no')) },
    {
      key: 'status',
      title: t('profile360.fieldsAdmin.status'),
      render: (_v, field) => (field.archivedAt ? <Tag>{t('profile360.fieldsAdmin.archived')}</Tag> : <Tag color="green">{t('profile360.fieldsAdmin.active')}</Tag>),
    },
    {
      key: 'actions',
      title: '',
      render: (_v, field) => (
        <Flex gap={4} wrap>
          <Button size="small" onClick={() => setEditing(field)}>
            {t('common.edit')}
          </Button>
          <Button size="small" onClick={() => toggleArchive(field)}>
            {field.archivedAt ? t('profile360.fieldsAdmin.unarchive') : t('profile360.fieldsAdmin.archive')}
          </Button>
        </Flex>
      ),
    },
  ];

  if (fields.isError) return <ErrorResult error={fields.error} onRetry={() => void fields.refetch()} />;
  const rows = (fields.data ?? []).filter((field) => showArchived || !field.archivedAt);
  const current = editing && editing !== 'new' ? editing : null;

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Checkbox checked={showArchived} onChange={(event) => setShowArchived(event.target.checked)}>
          {t('profile360.fieldsAdmin.showArchived')}
        </Checkbox>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('profile360.fieldsAdmin.new')}
        </Button>
      </Flex>
      <Table rowKey="id" size="small" loading={fields.isPending} columns={columns} dataSource={rows} pagination={false} scroll={{ x: 'max-content' }} />
      <FormModal<FieldFormValues>
        open={editing !== null}
        title={current ? t('profile360.fieldsAdmin.editTitle') : t('profile360.fieldsAdmin.createTitle')}
        fields={FIELDS}
        initialValues={
          current
            ? { key: current.key, labelZh: current.labelZh, labelEn: current.labelEn, type: current.type, options: current.options, required: current.required, position: current.position }
            : { type: 'text', options: [], required: false }
        }
        onCancel={() => setEditing(null)}
        onSubmit={async (values) => {
          const options = values.type === 'single_select' || values.type === 'multi_select' ? (values.options ?? []) : undefined;
          if (current) {
            await save.mutateAsync({
              id: current.id,
              body: {
                version: current.version,
                labelZh: values.labelZh,
                labelEn: values.labelEn,
                required: values.required,
                ...(values.position !== undefined && values.position !== null ? { position: values.position } : {}),
                ...(options ? { options } : {}),
              },
            });
          } else {
            await save.mutateAsync({
              id: null,
              body: {
                key: values.key,
                labelZh: values.labelZh,
                labelEn: values.labelEn,
                type: values.type,
                required: values.required,
                options: options ?? [],
                ...(values.position !== undefined && values.position !== null ? { position: values.position } : {}),
              },
            });
          }
          void message.success(current ? t('profile360.fieldsAdmin.saved') : t('profile360.fieldsAdmin.created'));
          setEditing(null);
        }}
      >
        <FieldFormItems editing={current !== null} />
      </FormModal>
    </Flex>
  );
}
