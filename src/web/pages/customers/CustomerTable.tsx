import { useMemo } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { Flex, Table, Tag, Typography, type TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CustomerSummary, CustomerSort } from '../../../shared/customers.ts';
import { formatTime } from '../../components/format.ts';
import { KindTag, StatusTag } from '../../components/StatusTag.tsx';

/** The sortable columns: three built-in ones and every custom field column (`cf.<key>`). */
type SortField = 'name' | 'updatedAt' | 'createdAt' | `cf.${string}`;
type SortOrder = 'ascend' | 'descend';

function sortOrderOf(sort: CustomerSort, field: SortField): SortOrder | null {
  if (sort === field) return 'ascend';
  if (sort === `-${field}`) return 'descend';
  return null;
}

function toSort(field: SortField, order: SortOrder): CustomerSort {
  return (order === 'ascend' ? field : `-${field}`) as CustomerSort;
}

function TagList({ tags }: { tags: string[] }) {
  if (tags.length === 0) return null;
  const shown = tags.slice(0, 3);
  return (
    <Flex gap={4} wrap>
      {shown.map((tag) => (
        <Tag key={tag} style={{ marginInlineEnd: 0 }}>
          {tag}
        </Tag>
      ))}
      {tags.length > shown.length && <Tag style={{ marginInlineEnd: 0 }}>+{tags.length - shown.length}</Tag>}
    </Flex>
  );
}

// Clicking a sorted header flips the order; it never drops back to "unsorted".
const ASC_FIRST: SortOrder[] = ['ascend', 'descend', 'ascend'];
const DESC_FIRST: SortOrder[] = ['descend', 'ascend', 'descend'];

export function CustomerTable({
  customers,
  loading,
  sort,
  onSort,
  emptyText,
  selection,
  visibleColumns,
  extraColumns,
}: {
  customers: CustomerSummary[];
  loading: boolean;
  sort: CustomerSort;
  onSort: (sort: CustomerSort) => void;
  emptyText: string;
  /** checkboxes for bulk actions (批量转交), when given */
  selection?: { selected: string[]; onChange: (ids: string[]) => void };
  /** keys of the columns to show (a saved view's); all when empty. The name always shows. */
  visibleColumns?: string[];
  /** further columns (custom fields), shown when their key is in visibleColumns */
  extraColumns?: NonNullable<TableProps<CustomerSummary>['columns']>;
}) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { search } = useLocation();
  const state = { listSearch: search };

  const columns = useMemo<TableProps<CustomerSummary>['columns']>(
    () => [
      {
        key: 'name',
        title: t('customer.fields.name'),
        dataIndex: 'name',
        sorter: true,
        sortDirections: ASC_FIRST,
        sortOrder: sortOrderOf(sort, 'name'),
        ellipsis: true,
        width: 180,
        render: (name: string, customer) => (
          <Link to={`/customers/${customer.id}`} state={state} onClick={(event) => event.stopPropagation()}>
            {name}
          </Link>
        ),
      },
      { key: 'kind', title: t('customer.fields.kind'), dataIndex: 'kind', width: 92, render: (_, c) => <KindTag kind={c.kind} /> },
      { key: 'status', title: t('customer.fields.status'), dataIndex: 'status', width: 92, render: (_, c) => <StatusTag status={c.status} /> },
      {
        key: 'phone',
        title: t('customer.fields.phones'),
        width: 125,
        render: (_, c) => c.phones[0] ?? <Typography.Text type="secondary">—</Typography.Text>,
      },
      { key: 'city', title: t('customer.fields.city'), dataIndex: 'city', width: 80, ellipsis: true, render: (city: string | null) => city ?? '—' },
      {
        key: 'owner',
        title: t('customer.fields.ownerId'),
        width: 90,
        ellipsis: true,
        render: (_, c) => c.owner?.name ?? '—',
      },
      { key: 'tags', title: t('customer.fields.tags'), dataIndex: 'tags', width: 180, render: (tags: string[]) => <TagList tags={tags} /> },
      {
        key: 'updatedAt',
        title: t('customer.fields.updatedAt'),
        dataIndex: 'updatedAt',
        width: 145,
        sorter: true,
        sortDirections: DESC_FIRST,
        sortOrder: sortOrderOf(sort, 'updatedAt'),
        render: (iso: string) => formatTime(iso),
      },
      {
        key: 'createdAt',
        title: t('customer.fields.createdAt'),
        dataIndex: 'createdAt',
        width: 145,
        sorter: true,
        sortDirections: DESC_FIRST,
        sortOrder: sortOrderOf(sort, 'createdAt'),
        render: (iso: string) => formatTime(iso),
      },
    ],
    // i18n.language: labels are re-read when the language changes
    [t, i18n.language, sort, search],
  );

  // Custom field columns sort on the server too (empty values last either way).
  const sortableExtra = useMemo(
    () =>
      (extraColumns ?? []).map((column) => ({
        ...column,
        sorter: true,
        sortDirections: ASC_FIRST,
        sortOrder: sortOrderOf(sort, String(column.key) as SortField),
      })),
    [extraColumns, sort],
  );

  const onChange: TableProps<CustomerSummary>['onChange'] = (_pagination, _filters, sorter) => {
    const one = Array.isArray(sorter) ? sorter[0] : sorter;
    const field = one?.columnKey as SortField | undefined;
    if (field && one?.order) onSort(toSort(field, one.order));
    else onSort('-updatedAt');
  };

  return (
    <Table<CustomerSummary>
      rowKey="id"
      size="middle"
      columns={
        visibleColumns?.length
          ? [...(columns ?? []), ...sortableExtra].filter((column) => column.key === 'name' || visibleColumns.includes(String(column.key)))
          : columns
      }
      dataSource={customers}
      loading={loading}
      pagination={false}
      onChange={onChange}
      showSorterTooltip={false}
      scroll={{ x: 1130 }}
      locale={{ emptyText }}
      {...(selection
        ? { rowSelection: { selectedRowKeys: selection.selected, onChange: (keys: React.Key[]) => selection.onChange(keys.map(String)), preserveSelectedRowKeys: true } }
        : {})}
      onRow={(customer) => ({
        onClick: () => void navigate(`/customers/${customer.id}`, { state }),
        style: { cursor: 'pointer' },
      })}
    />
  );
}
