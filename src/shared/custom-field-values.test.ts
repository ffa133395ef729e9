import { describe, expect, it } from 'vitest';
import { coerceCustomFieldValue, parseCustomFieldFilter, validateCustomFieldValues } from './custom-field-values.ts';
import type { CustomFieldType } from './custom-fields.ts';

const def = (key: string, type: CustomFieldType, extra: { required?: boolean; archived?: boolean } = {}) => ({
  key,
  type,
  options: type.endsWith('select') ? [{ value: 'a', labelZh: '甲', labelEn: 'A' }, { value: 'b', labelZh: '乙', labelEn: 'B' }] : [],
  required: extra.required ?? false,
  archivedAt: extra.archived ? '2026-01-01T00:00:00Z' : null,
});

describe('custom field values', () => {
  it('accepts each type in its own shape and refuses the others', () => {
    const ok = (type: CustomFieldType, value: unknown) => 'value' in coerceCustomFieldValue(def('k', type), value);
    expect(ok('text', ' x ')).toBe(true);
    expect(ok('text', 1)).toBe(false);
    expect(ok('number', 1.5)).toBe(true);
    expect(ok('number', '1.5')).toBe(false);
    expect(ok('number', Number.NaN)).toBe(false);
    expect(ok('money', { amount: 100, currency: 'CNY' })).toBe(true);
    expect(ok('money', { amount: 1.5, currency: 'CNY' })).toBe(false);
    expect(ok('money', { amount: 100, currency: 'cny' })).toBe(false);
    expect(ok('money', 100)).toBe(false);
    expect(ok('date', '2024-02-29')).toBe(true);
    expect(ok('date', '2026-02-29')).toBe(false);
    expect(ok('date', '2026-2-1')).toBe(false);
    expect(ok('boolean', false)).toBe(true);
    expect(ok('boolean', 'false')).toBe(false);
    expect(ok('single_select', 'a')).toBe(true);
    expect(ok('single_select', 'c')).toBe(false);
    expect(ok('multi_select', ['b', 'a'])).toBe(true);
    expect(ok('multi_select', ['a', 'c'])).toBe(false);
    expect(ok('multi_select', 'a')).toBe(false);
  });

  it('stores multi-select values in option order without repeats, and trims text', () => {
    expect(coerceCustomFieldValue(def('k', 'multi_select'), ['b', 'a', 'b'])).toEqual({ value: ['a', 'b'] });
    expect(coerceCustomFieldValue(def('k', 'text'), '  hi ')).toEqual({ value: 'hi' });
  });

  it('merges onto the current values, removes on null, and checks required fields', () => {
    const defs = [def('n', 'number'), def('r', 'text', { required: true }), def('old', 'text', { archived: true })];
    expect(validateCustomFieldValues(defs, { n: 1 }, {}, { creating: true }).issues).toEqual([expect.objectContaining({ path: 'customFields.r', code: 'required' })]);
    expect(validateCustomFieldValues(defs, { n: null }, { n: 2, r: 'x' }, { creating: false })).toEqual({ values: { r: 'x' }, issues: [] });
    expect(validateCustomFieldValues(defs, { r: '' }, { r: 'x' }, { creating: false }).issues[0]).toMatchObject({ path: 'customFields.r', code: 'required' });
    expect(validateCustomFieldValues(defs, { old: 'x', nope: 1 }, { r: 'x' }, { creating: false }).issues.map((i) => i.path)).toEqual([
      'customFields.old',
      'customFields.nope',
    ]);
  });

  it('reads list filters per type', () => {
    expect(parseCustomFieldFilter(def('n', 'number'), '3..7')).toMatchObject({ kind: 'range', min: '3', max: '7', cast: 'numeric' });
    expect(parseCustomFieldFilter(def('n', 'number'), '..7')).toMatchObject({ min: null, max: '7' });
    expect(parseCustomFieldFilter(def('n', 'number'), 'x')).toHaveProperty('error');
    expect(parseCustomFieldFilter(def('m', 'money'), '100..')).toMatchObject({ path: 'amount', min: '100', max: null });
    expect(parseCustomFieldFilter(def('m', 'money'), '1.5')).toHaveProperty('error');
    expect(parseCustomFieldFilter(def('d', 'date'), '2026-01-01..2026-12-31')).toMatchObject({ cast: 'date' });
    expect(parseCustomFieldFilter(def('d', 'date'), '2026-13-01')).toHaveProperty('error');
    expect(parseCustomFieldFilter(def('s', 'single_select'), 'a')).toMatchObject({ kind: 'equals_text' });
    expect(parseCustomFieldFilter(def('s', 'multi_select'), 'b')).toMatchObject({ kind: 'has_option' });
    expect(parseCustomFieldFilter(def('s', 'multi_select'), 'z')).toHaveProperty('error');
    expect(parseCustomFieldFilter(def('b', 'boolean'), 'true')).toMatchObject({ kind: 'boolean', value: true });
    expect(parseCustomFieldFilter(def('t', 'text'), '!')).toMatchObject({ kind: 'empty', empty: true });
    expect(parseCustomFieldFilter(def('t', 'text'), 'ab')).toEqual({ kind: 'text_contains', key: 't', value: 'ab' });
    expect(parseCustomFieldFilter(def('t', 'text'), '= ab ')).toEqual({ kind: 'equals_text', key: 't', value: 'ab' });
    expect(parseCustomFieldFilter(def('t', 'text'), '=')).toHaveProperty('error');
  });
});
