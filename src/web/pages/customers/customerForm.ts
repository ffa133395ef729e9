import type { FormRule as Rule } from 'antd';
import type { TFunction } from 'i18next';
import { z } from 'zod';
import type { CreateCustomerInput, Customer, CustomerKind, CustomerStatus } from '../../../shared/customers.ts';
import { normalizePhone } from '../../../shared/phone.ts';
import type { CustomerPatch } from '../../api/customers.ts';

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
}

/** The form's fields, also the first path segment of the server's validation errors. */
export const CUSTOMER_FORM_FIELDS = ['kind', 'name', 'phones', 'emails', 'city', 'address', 'tags', 'status', 'ownerId'] as const;

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
  };
}

export function toCreateBody(values: CustomerFormValues): CreateCustomerInput {
  const { city, address, ownerId, ...rest } = normalize(values);
  return {
    ...rest,
    ...(city ? { city } : {}),
    ...(address ? { address } : {}),
    ...(ownerId ? { ownerId } : {}),
  };
}

/** Only what changed against the record as loaded, with its version for the concurrency check. */
export function toPatchBody(values: CustomerFormValues, base: Customer): CustomerPatch {
  const next = normalize(values);
  const before = normalize(toFormValues(base));
  const patch: CustomerPatch = { version: base.version };
  for (const field of CUSTOMER_FORM_FIELDS) {
    if (JSON.stringify(next[field]) !== JSON.stringify(before[field])) {
      Object.assign(patch, { [field]: next[field] });
    }
  }
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
