import { useEffect, useState } from 'react';
import { Badge, Button, Flex, Input, InputNumber, Popover, Select, Space, Tag, Typography } from 'antd';
import { FunnelPlotOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CustomFieldDefinition } from '../../../shared/custom-fields.ts';
import { useCustomFieldDefinitions } from '../../api/customerProfile.ts';
import { formatMoney } from './CustomerProfileSections.tsx';

/**
 * Custom field filters of the customer list, each with an input fitting its
 * type, written as the API's `cf.<key>` values: text "part" or "=whole text";
 * number, money (minor units) and date as "min..max" (either end open); an
 * option; true/false; "!" empty and "*" has a value.
 */

type Change = (key: string, value: string | null) => void;

export interface RangeValue {
  min: string | null;
  max: string | null;
}

/** "a..b", "a..", "..b" or a single value (both ends the same). */
export function parseRange(raw: string | undefined): RangeValue {
  if (!raw) return { min: null, max: null };
  if (!raw.includes('..')) return { min: raw, max: raw };
  const [min, max] = raw.split('..', 2);
  return { min: min || null, max: max || null };
}

export function formatRange(range: RangeValue): string | null {
  if (range.min === null && range.max === null) return null;
  return `${range.min ?? ''}..${range.max ?? ''}`;
}

/** Yuan typed in the input ↔ fen in the URL, as the API compares money. */
const yuanToFen = (yuan: number | null) => (yuan === null ? null : String(Math.round(yuan * 100)));
const fenToYuan = (fen: string | null) => (fen === null || fen === '' || Number.isNaN(Number(fen)) ? null : Number(fen) / 100);

function useLabel() {
  const { i18n } = useTranslation();
  return (item: { labelZh: string; labelEn: string }) => (i18n.language === 'en' ? item.labelEn : item.labelZh);
}

/** Two ends of a range, committed together on Enter or when focus leaves them. */
function RangeInputs({ definition, value, onChange }: { definition: CustomFieldDefinition; value: string | undefined; onChange: Change }) {
  const { t } = useTranslation();
  const label = useLabel()(definition);
  const stored = parseRange(value);
  const toInput = (end: string | null) => (definition.type === 'money' ? fenToYuan(end) : end === null ? null : definition.type === 'number' ? Number(end) : end);
  const [min, setMin] = useState<number | string | null>(toInput(stored.min));
  const [max, setMax] = useState<number | string | null>(toInput(stored.max));
  useEffect(() => {
    setMin(toInput(parseRange(value).min));
    setMax(toInput(parseRange(value).max));
    // Only when the URL changes (back/forward, a view applied): not while typing.
  }, [value]);

  const toUrl = (end: number | string | null): string | null => {
    if (end === null || end === '') return null;
    if (definition.type === 'money') return yuanToFen(Number(end));
    return String(end);
  };
  const commit = () => {
    const next = formatRange({ min: toUrl(min), max: toUrl(max) });
    if (next !== (value ?? null)) onChange(definition.key, next);
  };
  const onKey = (event: React.KeyboardEvent) => {
    if (event.key === 'Enter') commit();
  };

  if (definition.type === 'date') {
    return (
      <Space.Compact block>
        <Input type="date" value={(min as string) ?? ''} aria-label={`${label} ${t('customer.cfFilter.from')}`} onChange={(e) => setMin(e.target.value || null)} onBlur={commit} onKeyDown={onKey} />
        <Input type="date" value={(max as string) ?? ''} aria-label={`${label} ${t('customer.cfFilter.to')}`} onChange={(e) => setMax(e.target.value || null)} onBlur={commit} onKeyDown={onKey} />
      </Space.Compact>
    );
  }
  const money = definition.type === 'money';
  return (
    <Space.Compact block>
      <InputNumber<number>
        value={min as number | null}
        precision={money ? 2 : undefined}
        placeholder={t('customer.cfFilter.min')}
        aria-label={`${label} ${t('customer.cfFilter.min')}`}
        prefix={money ? '¥' : undefined}
        style={{ width: '50%' }}
        onChange={(v) => setMin(v)}
        onBlur={commit}
        onKeyDown={onKey}
      />
      <InputNumber<number>
        value={max as number | null}
        precision={money ? 2 : undefined}
        placeholder={t('customer.cfFilter.max')}
        aria-label={`${label} ${t('customer.cfFilter.max')}`}
        prefix={money ? '¥' : undefined}
        style={{ width: '50%' }}
        onChange={(v) => setMax(v)}
        onBlur={commit}
        onKeyDown={onKey}
      />
    </Space.Compact>
  );
}

/** Contains / equals, and the text; committed on Enter or blur, the mode at once. */
function TextFilter({ definition, value, onChange }: { definition: CustomFieldDefinition; value: string | undefined; onChange: Change }) {
  const { t } = useTranslation();
  const label = useLabel()(definition);
  const exactStored = value?.startsWith('=') ?? false;
  const [exact, setExact] = useState(exactStored);
  const [text, setText] = useState(exactStored ? value!.slice(1) : (value ?? ''));
  useEffect(() => {
    const isExact = value?.startsWith('=') ?? false;
    setExact(isExact);
    setText(isExact ? value!.slice(1) : (value ?? ''));
  }, [value]);
  const toUrl = (isExact: boolean, typed: string) => (typed.trim() ? `${isExact ? '=' : ''}${typed.trim()}` : null);
  const commit = (isExact = exact, typed = text) => {
    const next = toUrl(isExact, typed);
    if (next !== (value ?? null)) onChange(definition.key, next);
  };
  return (
    <Space.Compact block>
      <Select
        value={exact ? 'equals' : 'contains'}
        aria-label={`${label} ${t('customer.cfFilter.match')}`}
        style={{ width: 96 }}
        options={[
          { value: 'contains', label: t('customer.cfFilter.contains') },
          { value: 'equals', label: t('customer.cfFilter.equals') },
        ]}
        onChange={(mode) => {
          setExact(mode === 'equals');
          commit(mode === 'equals');
        }}
      />
      <Input
        value={text}
        allowClear
        aria-label={label}
        onChange={(event) => {
          setText(event.target.value);
          if (event.type === 'click' && event.target.value === '') commit(exact, '');
        }}
        onPressEnter={() => commit()}
        onBlur={() => commit()}
      />
    </Space.Compact>
  );
}

function ChoiceFilter({ definition, value, onChange }: { definition: CustomFieldDefinition; value: string | undefined; onChange: Change }) {
  const { t } = useTranslation();
  const labelOf = useLabel();
  const choices =
    definition.type === 'boolean'
      ? [
          { value: 'true', label: t('profile360.yes') },
          { value: 'false', label: t('profile360.no') },
        ]
      : definition.options.map((option) => ({ value: option.value, label: labelOf(option) }));
  return (
    <Select
      value={value ?? null}
      allowClear
      aria-label={labelOf(definition)}
      placeholder={definition.type === 'multi_select' ? t('customer.cfFilter.hasOption') : t('customer.cfFilter.any')}
      style={{ width: '100%' }}
      options={[...choices, { value: '!', label: t('customer.cfFilter.empty') }, { value: '*', label: t('customer.cfFilter.notEmpty') }]}
      onChange={(next: string | undefined) => onChange(definition.key, next ?? null)}
    />
  );
}

export function CustomFieldFilterInput({ definition, value, onChange }: { definition: CustomFieldDefinition; value: string | undefined; onChange: Change }) {
  switch (definition.type) {
    case 'text':
      return <TextFilter definition={definition} value={value} onChange={onChange} />;
    case 'number':
    case 'money':
    case 'date':
      return <RangeInputs definition={definition} value={value} onChange={onChange} />;
    default:
      return <ChoiceFilter definition={definition} value={value} onChange={onChange} />;
  }
}

/** A short reading of one filter, for its chip above the list. */
function useDescribe() {
  const { t, i18n } = useTranslation();
  const labelOf = useLabel();
  return (definition: CustomFieldDefinition, raw: string): string => {
    if (raw === '!') return t('customer.cfFilter.empty');
    if (raw === '*') return t('customer.cfFilter.notEmpty');
    switch (definition.type) {
      case 'text':
        return raw.startsWith('=') ? `= ${raw.slice(1)}` : `${t('customer.cfFilter.contains')} ${raw}`;
      case 'boolean':
        return raw === 'true' ? t('profile360.yes') : t('profile360.no');
      case 'single_select':
      case 'multi_select': {
        const option = definition.options.find((o) => o.value === raw);
        return option ? labelOf(option) : raw;
      }
      default: {
        const { min, max } = parseRange(raw);
        const show = (end: string | null) => (end === null ? '' : definition.type === 'money' ? formatMoney(Number(end), 'CNY', i18n.language) : end);
        if (min !== null && min === max) return show(min);
        if (min === null) return `≤ ${show(max)}`;
        if (max === null) return `≥ ${show(min)}`;
        return `${show(min)} – ${show(max)}`;
      }
    }
  };
}

/**
 * 字段筛选: a button opening one input per custom field, and a closable chip per
 * filter in use (also those a saved view or a link brought in).
 */
export function CustomFieldFilters({ values, onChange, compact }: { values: Record<string, string>; onChange: Change; compact: boolean }) {
  const { t } = useTranslation();
  const labelOf = useLabel();
  const describe = useDescribe();
  const definitions = useCustomFieldDefinitions();
  const fields = definitions.data ?? [];
  if (fields.length === 0) return null;
  const inUse = fields.filter((definition) => values[definition.key] !== undefined);

  const content = (
    <Flex vertical gap={10} style={{ width: 340, maxWidth: '85vw', maxHeight: '60vh', overflowY: 'auto' }} data-testid="custom-field-filters">
      {fields.map((definition) => (
        <Flex key={definition.key} vertical gap={2}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {labelOf(definition)}
          </Typography.Text>
          <CustomFieldFilterInput definition={definition} value={values[definition.key]} onChange={onChange} />
        </Flex>
      ))}
    </Flex>
  );

  return (
    <>
      <Popover trigger="click" placement="bottomLeft" content={content} destroyOnHidden>
        <Badge count={inUse.length} size="small">
          <Button icon={<FunnelPlotOutlined />} block={compact}>
            {t('customer.cfFilter.button')}
          </Button>
        </Badge>
      </Popover>
      {inUse.map((definition) => (
        <Tag key={definition.key} closable onClose={() => onChange(definition.key, null)} data-testid="custom-field-filter-chip" style={{ marginInlineEnd: 0 }}>
          {labelOf(definition)}: {describe(definition, values[definition.key]!)}
        </Tag>
      ))}
    </>
  );
}
