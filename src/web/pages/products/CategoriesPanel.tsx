import { useState } from 'react';
import { App, Button, Flex, Form, Input, Popconfirm, Select, Space, Table, Typography, type TableProps } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ProductCategory } from '../../../shared/products.ts';
import { usePermissions } from '../../api/auth.ts';
import { useCategories, useDeleteCategory, useSaveCategory } from '../../api/products.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { FormModal } from '../../components/FormModal.tsx';
import { errorMessage } from '../../components/problem.ts';

interface CategoryFormValues {
  name: string;
  parentId: string | null;
}

/** 产品分类: a flat table of categories with their parent, and product counts. */
export function CategoriesPanel() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = usePermissions();
  const categories = useCategories();
  const save = useSaveCategory();
  const remove = useDeleteCategory();
  const [editing, setEditing] = useState<ProductCategory | 'new' | null>(null);
  const manage = can('products.manage');
  const items = categories.data ?? [];
  const nameOf = (id: string | null) => items.find((category) => category.id === id)?.name ?? '—';

  const columns: TableProps<ProductCategory>['columns'] = [
    { key: 'name', title: t('product.category.name'), dataIndex: 'name', render: (name: string) => <Typography.Text strong>{name}</Typography.Text> },
    { key: 'parent', title: t('product.category.parent'), render: (_, category) => nameOf(category.parentId) },
    { key: 'count', title: t('product.category.productCount'), dataIndex: 'productCount', align: 'right', width: 100 },
    ...(manage
      ? [
          {
            key: 'actions',
            title: t('common.actions'),
            width: 120,
            render: (_: unknown, category: ProductCategory) => (
              <Space>
                <Button type="text" icon={<EditOutlined />} aria-label={t('common.edit')} onClick={() => setEditing(category)} />
                <Popconfirm
                  title={t('product.category.deleteConfirm')}
                  okText={t('common.delete')}
                  cancelText={t('common.cancel')}
                  okButtonProps={{ danger: true }}
                  onConfirm={() =>
                    remove.mutateAsync(category.id, {
                      onSuccess: () => void message.success(t('product.category.deleted')),
                      onError: (error) => void message.error(errorMessage(t, error)),
                    })
                  }
                >
                  <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} />
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  if (categories.isError) return <ErrorResult error={categories.error} onRetry={() => void categories.refetch()} />;
  const current = editing === 'new' ? null : editing;
  return (
    <Flex vertical gap={12}>
      {manage && (
        <Flex justify="flex-end">
          <Button icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('product.category.new')}
          </Button>
        </Flex>
      )}
      <Table<ProductCategory>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={items}
        loading={categories.isPending}
        pagination={false}
        locale={{ emptyText: t('product.category.empty') }}
        scroll={{ x: 480 }}
      />
      <FormModal<CategoryFormValues>
        open={editing !== null}
        title={current ? t('product.category.editTitle') : t('product.category.createTitle')}
        fields={['name', 'parentId']}
        initialValues={current ? { name: current.name, parentId: current.parentId } : { parentId: null }}
        onCancel={() => setEditing(null)}
        onSubmit={async (values) => {
          await save.mutateAsync({ id: current?.id ?? null, body: { name: values.name.trim(), parentId: values.parentId ?? null } });
          void message.success(t('product.category.saved'));
          setEditing(null);
        }}
      >
        <Form.Item name="name" label={t('product.category.name')} rules={[{ required: true, whitespace: true, message: t('product.category.nameRequired') }, { max: 100 }]}>
          <Input maxLength={100} autoFocus />
        </Form.Item>
        <Form.Item name="parentId" label={t('product.category.parent')}>
          <Select
            allowClear
            placeholder={t('product.category.noParent')}
            options={items.filter((category) => category.id !== current?.id).map((category) => ({ value: category.id, label: category.name }))}
          />
        </Form.Item>
      </FormModal>
    </Flex>
  );
}
