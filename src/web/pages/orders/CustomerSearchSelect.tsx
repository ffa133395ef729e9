import { useState, type CSSProperties } from 'react';
import { Flex, Select, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { CustomerList } from '../../../shared/customers.ts';
import { api } from '../../api/client.ts';
import { useDebounced } from '../../components/hooks.ts';

/** A customer picked by searching GET /api/customers?q= (name, pinyin, phone). */
export function CustomerSearchSelect({
  id,
  value,
  onChange,
  initial,
  placeholder,
  style,
}: {
  id?: string;
  value?: string;
  onChange?: (v: string | undefined) => void;
  initial?: { id: string; name: string };
  placeholder?: string;
  style?: CSSProperties;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 250);
  const found = useQuery({
    queryKey: ['customers', 'list', { q, limit: 20, picker: true }],
    queryFn: ({ signal }) => api.get<CustomerList>('/api/customers', { q, limit: 20 }, signal),
    enabled: q.length > 0,
    placeholderData: (previous) => previous,
  });
  const options = (found.data?.items ?? []).map((customer) => ({
    value: customer.id,
    label: customer.name,
    extra: [customer.phones[0], customer.city].filter(Boolean).join(' · '),
  }));
  if (initial && !options.some((option) => option.value === initial.id)) options.unshift({ value: initial.id, label: initial.name, extra: '' });
  return (
    <Select
      id={id}
      value={value}
      onChange={(next) => onChange?.(next)}
      showSearch={{ filterOption: false, onSearch: setText }}
      allowClear
      placeholder={placeholder ?? t('order.form.customerPlaceholder')}
      style={style}
      loading={found.isFetching}
      notFoundContent={q ? t('order.form.noCustomer') : t('order.form.typeToSearch')}
      options={options}
      optionRender={(option) => (
        <Flex justify="space-between" gap={8}>
          <span>{option.data.label}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {option.data.extra}
          </Typography.Text>
        </Flex>
      )}
    />
  );
}
