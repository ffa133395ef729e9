import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { Button, Card, Flex, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { usePermissions } from '../../api/auth.ts';
import { useCustomerList } from '../../api/customers.ts';
import { ErrorResult } from '../../components/ErrorResult.tsx';
import { useIsMobile } from '../../components/hooks.ts';
import { CursorPager } from './CursorPager.tsx';
import { CustomerExportButton } from './CustomerExportButton.tsx';
import { CustomerFilterBar } from './CustomerFilterBar.tsx';
import { SavedViewsButton } from './SavedViewsButton.tsx';
import { useListColumns } from './ListColumnsButton.tsx';
import { CustomerFormDrawer } from './CustomerFormDrawer.tsx';
import { CustomerMobileList } from './CustomerMobileList.tsx';
import { CustomerTable } from './CustomerTable.tsx';
import { BulkReassignBar } from './BulkReassignBar.tsx';
import { useCustomerFilters, type CustomerFilters } from './listParams.ts';

/** Cursors of the pages visited so far under the current filters; a filter change starts over. */
function useCursorStack(filters: CustomerFilters) {
  const key = JSON.stringify(filters);
  const [state, setState] = useState<{ key: string; cursors: (string | undefined)[] }>({ key, cursors: [undefined] });
  const cursors = state.key === key ? state.cursors : [undefined];
  return {
    cursor: cursors[cursors.length - 1],
    page: cursors.length,
    push: (next: string) => setState({ key, cursors: [...cursors, next] }),
    pop: () => setState({ key, cursors: cursors.length > 1 ? cursors.slice(0, -1) : cursors }),
  };
}

const EXTRA_FILTERS = new Set(['relationshipType', 'valueClass', 'keyAccount', 'lifecycleStage']);

/** `cf.<key>` query parameters of the API from the list's custom field filters. */
const customFieldParams = (filters: CustomerFilters) => Object.fromEntries(Object.entries(filters.customFields).map(([key, value]) => [`cf.${key}`, value]));

export function CustomerListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { search } = useLocation();
  const isMobile = useIsMobile();
  const { can } = usePermissions();
  const filterState = useCustomerFilters();
  const { filters, update, active } = filterState;
  const pages = useCursorStack(filters);
  const [creating, setCreating] = useState(false);
  const listColumns = useListColumns();
  const [selected, setSelected] = useState<string[]>([]);

  const list = useCustomerList({
    ...(filters.q ? { q: filters.q } : {}),
    ...(filters.kind ? { kind: filters.kind } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.ownerId ? { ownerId: filters.ownerId } : {}),
    ...(filters.city ? { city: filters.city } : {}),
    ...(filters.tag ? { tag: filters.tag } : {}),
    // Classification filters (from a saved view or a link) pass straight through.
    ...Object.fromEntries([...new URLSearchParams(search)].filter(([key]) => EXTRA_FILTERS.has(key))),
    ...customFieldParams(filters),
    sort: filters.sort,
    limit: filters.limit,
    ...(pages.cursor ? { cursor: pages.cursor } : {}),
  });

  const customers = list.data?.items ?? [];
  const emptyText = active ? t('customer.list.noMatch') : t('customer.list.empty');
  const nextCursor = list.data?.nextCursor ?? null;

  const goto = (step: () => void) => {
    step();
    window.scrollTo({ top: 0 });
  };

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('customer.list.title')}
        </Typography.Title>
        <Flex gap={8}>
          <CustomerExportButton
            compact={isMobile}
            filters={{
              ...(filters.q ? { q: filters.q } : {}),
              ...(filters.kind ? { kind: filters.kind } : {}),
              ...(filters.status ? { status: filters.status } : {}),
              ...(filters.ownerId ? { ownerId: filters.ownerId } : {}),
              ...(filters.city ? { city: filters.city } : {}),
              ...(filters.tag ? { tag: filters.tag } : {}),
              customFields: filters.customFields,
              sort: filters.sort,
            }}
          />
          {can('customers.write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('customer.list.new')}
            </Button>
          )}
        </Flex>
      </Flex>
      <Card styles={{ body: { padding: isMobile ? 12 : 24 } }}>
        <Flex vertical gap={16}>
          <Flex gap={8} align="start">
            <div style={{ flex: 1, minWidth: 0 }}>
              <CustomerFilterBar state={filterState} compact={isMobile} />
            </div>
            <SavedViewsButton />
            {!isMobile && listColumns.button}
          </Flex>
          <BulkReassignBar selected={selected} onDone={() => setSelected([])} />
          {list.isError && !list.data ? (
            <ErrorResult error={list.error} onRetry={() => void list.refetch()} />
          ) : isMobile ? (
            <CustomerMobileList customers={customers} loading={list.isFetching} emptyText={emptyText} />
          ) : (
            <CustomerTable
              customers={customers}
              loading={list.isFetching}
              sort={filters.sort}
              onSort={(sort) => update({ sort })}
              emptyText={emptyText}
              {...(can('customers.reassign') ? { selection: { selected, onChange: setSelected } } : {})}
              visibleColumns={listColumns.visible}
              extraColumns={listColumns.extraColumns}
            />
          )}
        </Flex>
        <CursorPager
          page={pages.page}
          hasPrev={pages.page > 1}
          hasNext={nextCursor !== null}
          onPrev={() => goto(pages.pop)}
          onNext={() => nextCursor && goto(() => pages.push(nextCursor))}
          pageSize={filters.limit}
          onPageSize={(limit) => update({ limit })}
          disabled={list.isFetching}
        />
      </Card>
      <CustomerFormDrawer
        open={creating}
        customer={null}
        onClose={() => setCreating(false)}
        onSaved={(customer) => {
          setCreating(false);
          void navigate(`/customers/${customer.id}`, { state: { listSearch: search } });
        }}
      />
    </Flex>
  );
}
