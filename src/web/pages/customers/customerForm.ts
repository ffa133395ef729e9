import type { FormRule as Rule } from 'antd';
import type { TFunction } from 'i18next';
import { z } from 'zod';
import type { CreateCustomerInput, Customer, CustomerKind, CustomerStatus } from '../../../shared/customers.ts';
import { normalizePhone } from '../../../shared/phone.ts';
import type { CustomerPatch } from '../../api/customers.ts';
import type { RelationshipType, ValueClass } from '../../../shared/customer-profile.ts';
import type { CustomFieldDefinition } from '../../../shared/custom-fields.ts';
import {
  customFieldChanges,
  customFieldsFromForm,
  profileChanges,
  profileFromForm,
  profileToForm,
  type ProfileFormValues,
} from './profileForm.ts';

export interface CustomerFormValues {
  kind: CustomerKind;
  name: string;
  phones: string[];
  emails: string[];
  city: string | null;
  address: string | null;
  tags: string[];
  status: CustomerStatus;
  ownerId: string | null;
  relationshipType: RelationshipType | null;
  valueClass: ValueClass | null;
  keyAccount: boolean;
  /** both kinds' profile fields; the chosen kind's are sent (see profileForm.ts) */
  profile: ProfileFormValues;
  /** custom field values as the inputs hold them (money in yuan) */
  customFields: Record<string, unknown>;
}

/** The form's fields, also the first path segment of the server's validation errors. */
export const CUSTOMER_FORM_FIELDS = [
  'kind',
  'name',
  'phones',
  'emails',
  'city',
  'address',
  'tags',
  'status',
  'ownerId',
  'relationshipType',
  'valueClass',
  'keyAccount',
] as const;

export const EMPTY_CUSTOMER: CustomerFormValues = {
  kind: 'person',
  name: '',
  phones: [],
  emails: [],
  city: null,
  address: null,
  tags: [],
  status: 'potential',
  ownerId: null,
  relationshipType: null,
  valueClass: null,
  keyAccount: false,
  profile: profileToForm(null),
  customFields: {},
};

export function toFormValues(customer: Customer): CustomerFormValues {
  return {
    kind: customer.kind,
    name: customer.name,
    phones: [...customer.phones],
    emails: [...customer.emails],
    city: customer.city,
    address: customer.address,
    tags: [...customer.tags],
    status: customer.status,
    ownerId: customer.ownerId,
    relationshipType: customer.relationshipType,
    valueClass: customer.valueClass,
    keyAccount: customer.keyAccount,
    profile: profileToForm(customer),
    customFields: {},
  };
}

const list = (values: string[] | undefined) => (values ?? []).map((v) => v.trim()).filter(Boolean);
const text = (value: string | null | undefined) => (value ?? '').trim() || null;

/** Trimmed values, empty text as null, blank list entries dropped. */
function normalize(values: CustomerFormValues): CustomerFormValues {
  return {
    kind: values.kind,
    name: values.name.trim(),
    phones: list(values.phones),
    emails: list(values.emails),
    city: text(values.city),
    address: text(values.address),
    tags: list(values.tags),
    status: values.status,
    ownerId: values.ownerId ?? null,
    relationshipType: values.relationshipType ?? null,
    valueClass: values.valueClass ?? null,
    keyAccount: Boolean(values.keyAccount),
    profile: values.profile,
    customFields: values.customFields,
  };
}

export function toCreateBody(values: CustomerFormValues, definitions: CustomFieldDefinition[] = []): CreateCustomerInput {
  const { city, address, ownerId, profile, customFields, relationshipType, valueClass, ...rest } = normalize(values);
  const fields = Object.fromEntries(Object.entries(customFieldsFromForm(definitions, customFields)).filter(([, value]) => value !== null));
  return {
    ...rest,
    profile: profileFromForm(profile, values.kind),
    customFields: fields,
    ...(relationshipType ? { relationshipType } : {}),
    ...(valueClass ? { valueClass } : {}),
    ...(city ? { city } : {}),
    ...(address ? { address } : {}),
    ...(ownerId ? { ownerId } : {}),
  };
}

/** Only what changed against the record as loaded, with its version for the concurrency check. */
export function toPatchBody(values: CustomerFormValues, base: Customer, definitions: CustomFieldDefinition[] = []): CustomerPatch {
  const next = normalize(values);
  const before = normalize(toFormValues(base));
  const patch: CustomerPatch = { version: base.version };
  for (const field of CUSTOMER_FORM_FIELDS) {
    if (JSON.stringify(next[field]) !== JSON.stringify(before[field])) {
      Object.assign(patch, { [field]: next[field] });
    }
  }
  const profile = profileChanges(values.profile, values.kind, base);
  if (profile) patch.profile = profile;
  const customFields = customFieldChanges(customFieldsFromForm(definitions, values.customFields, base.customFields), base.customFields);
  if (customFields) patch.customFields = customFields;
  return patch;
}

const emailSchema = z.email().max(254);

/** Client-side rules matching the shared schema; the server's errors are shown as well. */
export function customerRules(t: TFunction) {
  const maxLen = (max: number): Rule => ({ max, message: t('customer.form.tooLong', { max }) });
  const listRule = (max: number, itemOk: (item: string) => boolean, itemMessage: 'invalidPhone' | 'invalidEmail' | 'tooLong', itemMax?: number): Rule => ({
    validator: async (_rule, value: string[] | undefined) => {
      const items = list(value);
      if (items.length > max) throw new Error(t('customer.form.tooMany', { max }));
      const bad = items.find((item) => !itemOk(item));
      if (bad !== undefined) {
        throw new Error(
          itemMessage === 'tooLong' ? `${bad}: ${t('customer.form.tooLong', { max: itemMax ?? 0 })}` : t(`customer.form.${itemMessage}`, { value: bad }),
        );
      }
    },
  });
  return {
    name: [{ required: true, whitespace: true, message: t('customer.form.nameRequired') }, maxLen(200)] satisfies Rule[],
    phones: [listRule(10, (p) => p.length <= 40 && normalizePhone(p) !== null, 'invalidPhone')] satisfies Rule[],
    emails: [listRule(10, (e) => emailSchema.safeParse(e).success, 'invalidEmail')] satisfies Rule[],
    city: [maxLen(60)] satisfies Rule[],
    address: [maxLen(300)] satisfies Rule[],
    tags: [listRule(30, (tag) => tag.length <= 40, 'tooLong', 40)] satisfies Rule[],
  };
}
