import { useMemo, useState } from 'react';
import { App, Button, Card, Empty, Flex, Input, Popconfirm, Select, Space, Spin, Table, Tabs, Tag, Typography, theme, type TableProps } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined, SearchOutlined, UndoOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Product, ProductSort } from '../../../shared/products.ts';
import { usePermissions } from '../../api/auth.ts';
import { useCategories, useDeleteProduct, useProductList, useRestoreProduct } from '../../api/products.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { formatTime } from '../../components/format.ts';
import { useDebounced, useIsMobile } from '../../components/hooks.ts';
import { useMoney } from '../../components/money.ts';
import { errorMessage } from '../../components/problem.ts';
import { CursorPager } from '../customers/CursorPager.tsx';
import { useCursorStack } from '../orders/orderListParams.ts';
import { CategoriesPanel } from './CategoriesPanel.tsx';
import { ProductFormModal } from './ProductFormModal.tsx';

function ActiveTag({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return <Tag color={active ? 'green' : 'default'}>{active ? t('product.active.on') : t('product.active.off')}</Tag>;
}

function ProductActions({ product, onEdit }: { product: Product; onEdit: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const remove = useDeleteProduct();
  const restore = useRestoreProduct();
  if (product.deletedAt) {
    return (
      <Button
        size="small"
        icon={<UndoOutlined />}
        loading={restore.isPending}
        onClick={(event) => {
          event.stopPropagation();
          restore.mutate(product.id, {
            onSuccess: () => void message.success(t('product.list.restored')),
            onError: (error) => void message.error(errorMessage(t, error)),
          });
        }}
      >
        {t('common.restore')}
      </Button>
    );
  }
  return (
    <Space onClick={(event) => event.stopPropagation()}>
      <Button type="text" icon={<EditOutlined />} aria-label={t('common.edit')} onClick={onEdit} />
      <Popconfirm
        title={t('product.list.deleteConfirm')}
        okText={t('common.delete')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true }}
        onConfirm={() =>
          remove.mutateAsync(product.id, {
            onSuccess: () => void message.success(t('product.list.deleted')),
            onError: (error) => void message.error(errorMessage(t, error)),
          })
        }
      >
        <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} />
      </Popconfirm>
    </Space>
  );
}

function ProductsPanel() {
  const { t, i18n } = useTranslation();
  const isMobile = useIsMobile();
  const { token } = theme.useToken();
  const { can } = usePermissions();
  const money = useMoney();
  const manage = can('products.manage');
  const categories = useCategories();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 300);
  const [categoryId, setCategoryId] = useState<string | undefined>();
  const [active, setActive] = useState<'true' | 'false' | undefined>();
  const [deleted, setDeleted] = useState(false);
  const [sort, setSort] = useState<ProductSort>('name');
  const [limit, setLimit] = useState(20);
  const [editing, setEditing] = useState<Product | 'new' | null>(null);
  const filters = { q, categoryId, active, deleted, sort, limit };
  const pages = useCursorStack(JSON.stringify(filters));
  const list = useProductList({
    ...(q ? { q } : {}),
    ...(categoryId ? { categoryId } : {}),
    ...(active ? { active } : {}),
    ...(deleted ? { deleted: 'only' as const } : {}),
    sort,
    limit,
    ...(pages.cursor ? { cursor: pages.cursor } : {}),
  });
  const products = list.data?.items ?? [];
  const nextCursor = list.data?.nextCursor ?? null;

  const columns = useMemo<TableProps<Product>['columns']>(
    () => [
      { key: 'sku', title: t('product.fields.sku'), dataIndex: 'sku', width: 130, sorter: true, sortOrder: sort === 'sku' ? 'ascend' : sort === '-sku' ? 'descend' : null },
      {
        key: 'name',
        title: t('product.fields.name'),
        dataIndex: 'name',
        ellipsis: true,
        sorter: true,
        sortOrder: sort === 'name' ? 'ascend' : sort === '-name' ? 'descend' : null,
        render: (name: string) => <Typography.Text strong>{name}</Typography.Text>,
      },
      { key: 'category', title: t('product.fields.category'), width: 140, ellipsis: true, render: (_, product) => product.category?.name ?? '—' },
      {
        key: 'price',
        title: t('product.fields.unitPrice'),
        width: 140,
        align: 'right',
        sorter: true,
        sortOrder: sort === 'price' ? 'ascend' : sort === '-price' ? 'descend' : null,
        render: (_, product) => money(product.unitPrice),
      },
      { key: 'active', title: t('product.fields.active'), width: 90, render: (_, product) => <ActiveTag active={product.active} /> },
      { key: 'updatedAt', title: t('product.fields.updatedAt'), dataIndex: 'updatedAt', width: 150, render: (iso: string) => formatTime(iso) },
      ...(manage
        ? [{ key: 'actions', title: t('common.actions'), width: 110, render: (_: unknown, product: Product) => <ProductActions product={product} onEdit={() => setEditing(product)} /> }]
        : []),
    ],
    [t, i18n.language, sort, manage],
  );

  const filterBar = (
    <Flex wrap gap={8} align="center">
      <Input
        value={text}
        onChange={(event) => setText(event.target.value)}
        placeholder={t('product.list.searchPlaceholder')}
        aria-label={t('product.list.searchPlaceholder')}
        prefix={<SearchOutlined />}
        allowClear
        style={{ width: isMobile ? '100%' : 240 }}
      />
      <Select
        aria-label={t('product.fields.category')}
        value={categoryId ?? null}
        placeholder={t('product.list.allCategories')}
        allowClear
        style={{ width: isMobile ? 'calc(50% - 4px)' : 160 }}
        options={(categories.data ?? []).map((category) => ({ value: category.id, label: category.name }))}
        onChange={(value) => setCategoryId(value ?? undefined)}
      />
      <Select
        aria-label={t('product.fields.active')}
        value={active ?? null}
        placeholder={t('product.list.allStates')}
        allowClear
        style={{ width: isMobile ? 'calc(50% - 4px)' : 120 }}
        options={[
          { value: 'true', label: t('product.active.on') },
          { value: 'false', label: t('product.active.off') },
        ]}
        onChange={(value) => setActive(value ?? undefined)}
      />
      {manage && (
        <Button type={deleted ? 'primary' : 'default'} ghost={deleted} onClick={() => setDeleted((value) => !value)}>
          {t('product.list.showDeleted')}
        </Button>
      )}
    </Flex>
  );

  const emptyText = q || categoryId || active ? t('product.list.noMatch') : t('product.list.empty');
  let body;
  if (list.isError && !list.data) body = <ErrorResult error={list.error} onRetry={() => void list.refetch()} />;
  else if (isMobile) {
    body =
      !list.isFetching && products.length === 0 ? (
        <Empty description={emptyText} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <Spin spinning={list.isFetching}>
          <div role="list">
            {products.map((product) => (
              <Flex
                key={product.id}
                role="listitem"
                justify="space-between"
                align="center"
                gap={8}
                data-testid="product-row"
                onClick={() => manage && !product.deletedAt && setEditing(product)}
                style={{ padding: '12px 4px', borderBottom: `1px solid ${token.colorBorderSecondary}` }}
              >
                <Flex vertical style={{ minWidth: 0 }}>
                  <Typography.Text strong ellipsis>
                    {product.name}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {product.sku} · {product.category?.name ?? '—'}
                  </Typography.Text>
                </Flex>
                <Flex vertical align="flex-end">
                  <Typography.Text strong>{money(product.unitPrice)}</Typography.Text>
                  {product.deletedAt ? manage && <ProductActions product={product} onEdit={() => undefined} /> : <ActiveTag active={product.active} />}
                </Flex>
              </Flex>
            ))}
          </div>
        </Spin>
      );
  } else {
    body = (
      <Table<Product>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={products}
        loading={list.isFetching}
        pagination={false}
        showSorterTooltip={false}
        scroll={{ x: 900 }}
        locale={{ emptyText }}
        onChange={(_p, _f, sorter) => {
          const one = Array.isArray(sorter) ? sorter[0] : sorter;
          const field = one?.columnKey as 'sku' | 'name' | 'price' | undefined;
          setSort(field && one?.order ? (one.order === 'ascend' ? field : `-${field}`) : 'name');
        }}
      />
    );
  }

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" gap={8} wrap>
        {filterBar}
        {manage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('product.list.new')}
          </Button>
        )}
      </Flex>
      {body}
      <CursorPager
        page={pages.page}
        hasPrev={pages.page > 1}
        hasNext={nextCursor !== null}
        onPrev={pages.pop}
        onNext={() => nextCursor && pages.push(nextCursor)}
        pageSize={limit}
        onPageSize={setLimit}
        disabled={list.isFetching}
      />
      <ProductFormModal open={editing !== null} product={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
    </Flex>
  );
}

export function ProductListPage() {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('product.list.title')}
      </Typography.Title>
      <Card styles={{ body: { padding: isMobile ? 12 : 24, paddingTop: 8 } }}>
        <Tabs
          items={[
            { key: 'products', label: t('product.list.tabProducts'), children: <ProductsPanel /> },
            { key: 'categories', label: t('product.list.tabCategories'), children: <CategoriesPanel /> },
          ]}
        />
      </Card>
    </Flex>
  );
}
