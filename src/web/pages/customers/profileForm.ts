import type { Customer, CustomerKind } from '../../../shared/customers.ts';
import {
  emptyOrganizationProfile,
  emptyPersonProfile,
  ORGANIZATION_PROFILE_KEYS,
  PERSON_PROFILE_KEYS,
  type ProfileInputRaw,
} from '../../../shared/customer-profile.ts';
import type { CustomFieldDefinition, CustomFieldValue, CustomFieldValues } from '../../../shared/custom-fields.ts';

/**
 * The profile and custom-field parts of the customer form. The form holds the
 * fields of both kinds (so switching kind loses nothing typed); what is sent is
 * the part of the chosen kind, and on edit only what changed.
 */
export type ProfileFormValues = Record<string, unknown>;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function profileToForm(customer: Customer | null): ProfileFormValues {
  const { kind: _p, ...person } = emptyPersonProfile();
  const { kind: _o, ...organization } = emptyOrganizationProfile();
  const values: ProfileFormValues = structuredClone({ ...person, ...organization });
  if (customer) {
    const { kind: _k, ...profile } = customer.profile;
    Object.assign(values, structuredClone(profile));
  }
  return values;
}

const blankToNull = (value: unknown): unknown => {
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (value === undefined) return null;
  if (Array.isArray(value)) return value.map((item) => (isObject(item) ? cleanObject(item) : typeof item === 'string' ? item.trim() : item)).filter((item) => item !== '');
  if (isObject(value)) return cleanObject(value);
  return value;
};
const cleanObject = (value: Record<string, unknown>) => Object.fromEntries(Object.entries(value).map(([k, v]) => [k, blankToNull(v)]));

/** The profile fields of the kind, blanks as null, a lunar birthday only when month and day are given. */
export function profileFromForm(values: ProfileFormValues | undefined, kind: CustomerKind): ProfileInputRaw {
  const keys: readonly string[] = kind === 'person' ? PERSON_PROFILE_KEYS : ORGANIZATION_PROFILE_KEYS;
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = blankToNull(values?.[key]);
  if (kind === 'person') {
    const lunar = out.lunarBirthday as { month?: number | null; day?: number | null; leap?: boolean | null } | null;
    out.lunarBirthday = lunar && lunar.month && lunar.day ? { month: lunar.month, day: lunar.day, leap: Boolean(lunar.leap) } : null;
    out.addresses = ((out.addresses as Array<Record<string, unknown>> | null) ?? []).filter((a) => a && a.address);
  } else {
    const credit = (out.credit ?? {}) as Record<string, { score?: number | null; note?: string | null }>;
    out.credit = Object.fromEntries(Object.entries(credit).map(([c, s]) => [c, { score: s?.score ? s.score : null, note: s?.note ?? null }]));
  }
  return out as ProfileInputRaw;
}

/** The changed profile fields against the stored profile (whole groups; the server merges them). */
export function profileChanges(values: ProfileFormValues | undefined, kind: CustomerKind, base: Customer): ProfileInputRaw | undefined {
  const next = profileFromForm(values, kind) as Record<string, unknown>;
  if (kind !== base.kind) return next as ProfileInputRaw;
  const before = profileFromForm(profileToForm(base), kind) as Record<string, unknown>;
  const changed = Object.fromEntries(Object.entries(next).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(before[key])));
  return Object.keys(changed).length ? (changed as ProfileInputRaw) : undefined;
}

/** Stored values → form values: money in yuan for the input, the rest as they are. */
export function customFieldsToForm(definitions: CustomFieldDefinition[], values: CustomFieldValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const definition of definitions) {
    const value = values[definition.key];
    if (value === undefined || value === null) continue;
    out[definition.key] = definition.type === 'money' && isObject(value) ? (value.amount as number) / 100 : value;
  }
  return out;
}

/** Form values → API values, empty ones as null; money back to minor units, keeping the stored currency. */
export function customFieldsFromForm(definitions: CustomFieldDefinition[], form: Record<string, unknown> | undefined, stored: CustomFieldValues = {}): Record<string, CustomFieldValue> {
  const out: Record<string, CustomFieldValue> = {};
  for (const definition of definitions) {
    const raw = form?.[definition.key];
    let value: CustomFieldValue = null;
    if (raw === undefined || raw === null || raw === '' || (Array.isArray(raw) && raw.length === 0)) value = null;
    else if (definition.type === 'money') {
      const currency = isObject(stored[definition.key]) ? ((stored[definition.key] as { currency: string }).currency ?? 'CNY') : 'CNY';
      value = { amount: Math.round(Number(raw) * 100), currency };
    } else if (typeof raw === 'string') value = raw.trim() || null;
    else value = raw as CustomFieldValue;
    out[definition.key] = value;
  }
  return out;
}

/** Only the custom fields that differ from the stored values. */
export function customFieldChanges(next: Record<string, CustomFieldValue>, stored: CustomFieldValues): Record<string, CustomFieldValue> | undefined {
  const changed = Object.fromEntries(Object.entries(next).filter(([key, value]) => JSON.stringify(value ?? null) !== JSON.stringify(stored[key] ?? null)));
  return Object.keys(changed).length ? changed : undefined;
}
