import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { Button, Checkbox, Flex, Popover, type TableProps } from 'antd';
import { InsertRowRightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CustomerSummary } from '../../../shared/customers.ts';
import { useCustomFieldDefinitions } from '../../api/customerProfile.ts';
import { useCustomFieldFormatter } from './CustomerProfileSections.tsx';

/** The list's built-in columns besides the name, in table order. */
export const BASE_COLUMNS = ['kind', 'status', 'phone', 'city', 'owner', 'tags', 'updatedAt', 'createdAt'] as const;
const BASE_LABELS: Record<(typeof BASE_COLUMNS)[number], string> = {
  kind: 'customer.fields.kind',
  status: 'customer.fields.status',
  phone: 'customer.fields.phones',
  city: 'customer.fields.city',
  owner: 'customer.fields.ownerId',
  tags: 'customer.fields.tags',
  updatedAt: 'customer.fields.updatedAt',
  createdAt: 'customer.fields.createdAt',
};

/**
 * Which columns the customer list shows: `cols=kind,city,cf.level` in the URL
 * (so saved views and links keep them), every built-in one when absent; custom
 * fields become columns too.
 */
export function useListColumns() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const definitions = useCustomFieldDefinitions();
  const format = useCustomFieldFormatter();
  const visible = useMemo(() => (params.get('cols') ?? '').split(',').filter(Boolean), [params]);

  const extraColumns = useMemo<NonNullable<TableProps<CustomerSummary>['columns']>>(
    () =>
      (definitions.data ?? []).map((definition) => ({
        key: `cf.${definition.key}`,
        title: i18n.language === 'en' ? definition.labelEn : definition.labelZh,
        width: 120,
        ellipsis: true,
        render: (_: unknown, customer: CustomerSummary) => format(definition, customer.customFields[definition.key]),
      })),
    [definitions.data, i18n.language, format],
  );

  const options = [
    ...BASE_COLUMNS.map((key) => ({ value: key, label: t(BASE_LABELS[key] as never) as string })),
    ...(definitions.data ?? []).map((d) => ({ value: `cf.${d.key}`, label: i18n.language === 'en' ? d.labelEn : d.labelZh })),
  ];
  const setVisible = (next: string[]) =>
    setParams((previous) => {
      const out = new URLSearchParams(previous);
      const all = BASE_COLUMNS.every((key) => next.includes(key)) && !next.some((key) => key.startsWith('cf.'));
      if (all || next.length === 0) out.delete('cols');
      else out.set('cols', next.join(','));
      return out;
    });

  const button = (
    <Popover
      trigger="click"
      placement="bottomRight"
      content={
        <Checkbox.Group value={visible.length ? visible : [...BASE_COLUMNS]} onChange={(values) => setVisible(values.map(String))}>
          <Flex vertical gap={4}>
            {options.map((option) => (
              <Checkbox key={option.value} value={option.value}>
                {option.label}
              </Checkbox>
            ))}
          </Flex>
        </Checkbox.Group>
      }
    >
      <Button icon={<InsertRowRightOutlined />} aria-label={t('profile360.views.columns')} />
    </Popover>
  );
  return { visible, extraColumns, button };
}
