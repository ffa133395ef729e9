import type { FieldIssue } from './common.ts';
import { CurrencySchema, type CustomFieldDefinition, type CustomFieldValue, type CustomFieldValues } from './custom-fields.ts';

type Definition = Pick<CustomFieldDefinition, 'key' | 'type' | 'options' | 'required' | 'archivedAt'>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (value: string) => DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
const isEmpty = (value: unknown) => value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

/** The value as stored for the field's type, or the reason it does not fit. */
export function coerceCustomFieldValue(definition: Definition, value: unknown): { value: CustomFieldValue } | { error: { code: string; message: string } } {
  const fail = (code: string, message: string) => ({ error: { code, message } });
  if (isEmpty(value)) return { value: null };
  switch (definition.type) {
    case 'text':
      if (typeof value !== 'string') return fail('invalid_type', 'Expected text');
      if (value.trim().length > 2000) return fail('too_big', 'At most 2000 characters');
      return { value: value.trim() || null };
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail('invalid_type', 'Expected a number');
      return { value };
    case 'money': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('invalid_type', 'Expected { amount, currency } in minor units');
      const { amount, currency } = value as { amount?: unknown; currency?: unknown };
      if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) return fail('invalid_money', 'amount must be an integer number of minor units (fen)');
      if (!CurrencySchema.safeParse(currency).success) return fail('invalid_currency', 'currency must be an ISO 4217 code such as CNY');
      return { value: { amount, currency: currency as string } };
    }
    case 'date':
      if (typeof value !== 'string' || !isDate(value)) return fail('invalid_date', 'Expected a date YYYY-MM-DD');
      return { value };
    case 'boolean':
      if (typeof value !== 'boolean') return fail('invalid_type', 'Expected true or false');
      return { value };
    case 'single_select':
      if (typeof value !== 'string') return fail('invalid_type', 'Expected one option value');
      if (!definition.options.some((option) => option.value === value)) return fail('invalid_option', `Not an option: ${value}`);
      return { value };
    case 'multi_select': {
      if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) return fail('invalid_type', 'Expected a list of option values');
      const bad = value.find((item) => !definition.options.some((option) => option.value === item));
      if (bad !== undefined) return fail('invalid_option', `Not an option: ${bad}`);
      // Stored in the registry's option order, without repeats.
      return { value: definition.options.map((option) => option.value).filter((option) => value.includes(option)) };
    }
  }
}

/**
 * Checks custom field values against the registry. `current` holds the stored
 * values (empty on create): given keys replace them, null removes one. Unknown
 * and archived keys are errors; a required field may not be left empty (on
 * create: every required field; on update: those sent). Issue
 * paths are `customFields.<key>`.
 */
export function validateCustomFieldValues(
  definitions: Definition[],
  input: Record<string, unknown>,
  current: CustomFieldValues = {},
  options: { creating: boolean },
): { values: CustomFieldValues; issues: FieldIssue[] } {
  const byKey = new Map(definitions.map((definition) => [definition.key, definition]));
  const values: CustomFieldValues = { ...current };
  const issues: FieldIssue[] = [];
  for (const [key, raw] of Object.entries(input)) {
    const definition = byKey.get(key);
    if (!definition || definition.archivedAt) {
      issues.push({ path: `customFields.${key}`, code: 'unknown_field', message: 'No active custom field has this key' });
      continue;
    }
    const result = coerceCustomFieldValue(definition, raw);
    if ('error' in result) issues.push({ path: `customFields.${key}`, ...result.error });
    else if (result.value === null) delete values[key];
    else values[key] = result.value;
  }
  for (const definition of definitions) {
    if (!definition.required || definition.archivedAt) continue;
    // An update checks only the fields it sends, so a field made required later does not block other edits.
    if (!options.creating && !Object.hasOwn(input, definition.key)) continue;
    const path = `customFields.${definition.key}`;
    if (isEmpty(values[definition.key]) && !issues.some((issue) => issue.path === path)) {
      issues.push({ path, code: 'required', message: 'This field is required' });
    }
  }
  return { values, issues };
}

/** A list filter on one custom field, as the repository turns it into SQL. */
export type CustomFieldFilter =
  | { kind: 'text_contains'; key: string; value: string }
  | { kind: 'equals_text'; key: string; value: string }
  | { kind: 'range'; key: string; cast: 'numeric' | 'date'; path: 'value' | 'amount'; min: string | null; max: string | null }
  | { kind: 'boolean'; key: string; value: boolean }
  | { kind: 'has_option'; key: string; value: string }
  | { kind: 'empty'; key: string; empty: boolean };

/**
 * Reads `cf.<key>=…` from a list URL for the field's type: text matches a part
 * (case-insensitive), or the whole text exactly when written `=text`; number, money (minor units) and date take `v`, `min..max`,
 * `min..` or `..max`; single select an option, multi select an option it contains;
 * boolean true/false. `!` alone means "empty", `*` "has a value".
 */
export function parseCustomFieldFilter(definition: Definition, raw: string): CustomFieldFilter | { error: string } {
  const key = definition.key;
  if (raw === '!') return { kind: 'empty', key, empty: true };
  if (raw === '*') return { kind: 'empty', key, empty: false };
  switch (definition.type) {
    case 'text': {
      const exact = raw.startsWith('=');
      const value = (exact ? raw.slice(1) : raw).trim();
      if (!value) return { error: 'Empty filter' };
      return exact ? { kind: 'equals_text', key, value } : { kind: 'text_contains', key, value };
    }
    case 'single_select':
      return definition.options.some((option) => option.value === raw) ? { kind: 'equals_text', key, value: raw } : { error: `Not an option: ${raw}` };
    case 'multi_select':
      return definition.options.some((option) => option.value === raw) ? { kind: 'has_option', key, value: raw } : { error: `Not an option: ${raw}` };
    case 'boolean':
      return raw === 'true' || raw === 'false' ? { kind: 'boolean', key, value: raw === 'true' } : { error: 'Expected true or false' };
    case 'number':
    case 'money':
    case 'date': {
      const [minRaw, maxRaw] = raw.includes('..') ? raw.split('..', 2) : [raw, raw];
      const ok = (part: string) =>
        definition.type === 'date' ? isDate(part) : definition.type === 'money' ? /^-?\d{1,15}$/.test(part) : /^-?\d+(\.\d+)?$/.test(part);
      const min = minRaw?.trim() || null;
      const max = maxRaw?.trim() || null;
      if ((min === null && max === null) || (min !== null && !ok(min)) || (max !== null && !ok(max))) {
        return {
          error:
            definition.type === 'date'
              ? 'Expected YYYY-MM-DD or a range from..to'
              : definition.type === 'money'
                ? 'Expected minor units (integer) or a range min..max'
                : 'Expected a number or a range min..max',
        };
      }
      return {
        kind: 'range',
        key,
        cast: definition.type === 'date' ? 'date' : 'numeric',
        path: definition.type === 'money' ? 'amount' : 'value',
        min,
        max,
      };
    }
  }
}
