import { useCallback, useEffect, useRef, useState } from 'react';
import { Badge, Button, Flex, Input, Select } from 'antd';
import { FilterOutlined, SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { CUSTOMER_KINDS, CUSTOMER_STATUSES } from '../../../shared/customers.ts';
import { useUsers } from '../../api/admin.ts';
import { useDebounced } from '../../components/hooks.ts';
import type { useCustomerFilters } from './listParams.ts';
import { CustomFieldFilters } from './CustomFieldFilters.tsx';

type FilterState = ReturnType<typeof useCustomerFilters>;

/** A text input that commits to the URL on Enter/blur (city, tag) rather than on every key. */
function CommitInput({ value, placeholder, onCommit, width }: { value: string; placeholder: string; onCommit: (v: string) => void; width: number | string }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const commit = () => {
    if (text.trim() !== value) onCommit(text.trim());
  };
  return (
    <Input
      value={text}
      placeholder={placeholder}
      allowClear
      style={{ width }}
      onChange={(event) => {
        setText(event.target.value);
        // Clearing with the × commits at once.
        if (event.type === 'click' && event.target.value === '') onCommit('');
      }}
      onPressEnter={commit}
      onBlur={commit}
    />
  );
}

function SearchBox({ value, onSearch, width }: { value: string; onSearch: (q: string) => void; width: number | string }) {
  const { t } = useTranslation();
  const [text, setText] = useState(value);
  const debounced = useDebounced(text, 300);
  const pushed = useRef(value);

  useEffect(() => {
    const q = debounced.trim();
    if (q !== pushed.current) {
      pushed.current = q;
      onSearch(q);
    }
  }, [debounced, onSearch]);

  // Back/forward or "reset" changed the URL: show what it says.
  useEffect(() => {
    if (value !== pushed.current) {
      pushed.current = value;
      setText(value);
    }
  }, [value]);

  return (
    <Input
      id="customer-search"
      value={text}
      onChange={(event) => setText(event.target.value)}
      placeholder={t('customer.list.searchPlaceholder')}
      prefix={<SearchOutlined />}
      allowClear
      style={{ width, maxWidth: '100%' }}
      aria-label={t('customer.list.searchPlaceholder')}
    />
  );
}

export function CustomerFilterBar({ state, compact }: { state: FilterState; compact: boolean }) {
  const { t } = useTranslation();
  const { filters, update, reset, active } = state;
  const users = useUsers();
  const [showFilters, setShowFilters] = useState(false);
  const selectWidth = compact ? '100%' : 140;
  const onSearch = useCallback((q: string) => update({ q }, { replace: true }), [update]);
  const filterCount =
    [filters.kind, filters.status, filters.ownerId, filters.city, filters.tag].filter(Boolean).length + Object.keys(filters.customFields).length;
  const onCustomField = useCallback((key: string, value: string | null) => update({ customFields: { [key]: value } }), [update]);

  const fields = (
    <>
      <Select
        aria-label={t('customer.fields.kind')}
        value={filters.kind ?? null}
        placeholder={t('customer.list.allKinds')}
        allowClear
        style={{ width: selectWidth }}
        options={CUSTOMER_KINDS.map((kind) => ({ value: kind, label: t(`customer.kind.${kind}`) }))}
        onChange={(kind) => update({ kind: kind ?? null })}
      />
      <Select
        aria-label={t('customer.fields.status')}
        value={filters.status ?? null}
        placeholder={t('customer.list.allStatuses')}
        allowClear
        style={{ width: selectWidth }}
        options={CUSTOMER_STATUSES.map((status) => ({ value: status, label: t(`customer.status.${status}`) }))}
        onChange={(status) => update({ status: status ?? null })}
      />
      {!users.isError && (
        <Select
          aria-label={t('customer.fields.ownerId')}
          value={filters.ownerId ?? null}
          placeholder={t('customer.list.allOwners')}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          loading={users.isPending}
          style={{ width: compact ? '100%' : 160 }}
          options={(users.data ?? []).map((user) => ({ value: user.id, label: user.name }))}
          onChange={(ownerId) => update({ ownerId: ownerId ?? null })}
        />
      )}
      <CommitInput value={filters.city} placeholder={t('customer.list.cityPlaceholder')} width={compact ? '100%' : 120} onCommit={(city) => update({ city })} />
      <CommitInput value={filters.tag} placeholder={t('customer.list.tagPlaceholder')} width={compact ? '100%' : 120} onCommit={(tag) => update({ tag })} />
      <CustomFieldFilters values={filters.customFields} onChange={onCustomField} compact={compact} />
    </>
  );
  const resetButton = active && (
    <Button type="link" onClick={reset}>
      {t('customer.list.resetFilters')}
    </Button>
  );

  if (!compact) {
    return (
      <Flex wrap gap={8} align="center">
        <SearchBox value={filters.q} onSearch={onSearch} width={280} />
        {fields}
        {resetButton}
      </Flex>
    );
  }
  // Phones: the search box, and the other filters behind a toggle.
  return (
    <Flex vertical gap={8}>
      <Flex gap={8}>
        <div style={{ flex: 1, minWidth: 0 }}>
          <SearchBox value={filters.q} onSearch={onSearch} width="100%" />
        </div>
        <Badge count={filterCount} size="small">
          <Button icon={<FilterOutlined />} type={showFilters ? 'primary' : 'default'} onClick={() => setShowFilters((open) => !open)}>
            {t('customer.list.filters')}
          </Button>
        </Badge>
      </Flex>
      {showFilters && (
        <Flex vertical gap={8}>
          {fields}
          {resetButton}
        </Flex>
      )}
    </Flex>
  );
}
