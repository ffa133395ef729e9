import type { SensitiveField } from '../../../shared/visibility.ts';
import type { Actor } from '../auth/actor.ts';

/**
 * Masking of personal data (分级访问: phones, e-mails, ID numbers, addresses) for
 * roles without `customers.view_sensitive`. It works by key, wherever the key
 * appears in a customer (top level, the profile, an event's before/after), so a
 * field another module adds under one of these names is masked without more code.
 */
const FIELD_OF_KEY: Record<string, SensitiveField> = {
  phones: 'phones',
  phone: 'phones',
  mobile: 'phones',
  tel: 'phones',
  telephone: 'phones',
  emails: 'emails',
  email: 'emails',
  idNumber: 'idNumber',
  idNumbers: 'idNumber',
  idCard: 'idNumber',
  address: 'address',
  addresses: 'address',
};

/** Parts of a structured address that stay visible: where, not which door. */
const ADDRESS_KEEP = new Set(['province', 'city', 'country', 'countryCode', 'type', 'kind', 'label', 'primary', 'isPrimary']);
const STARS = '****';

/** 13812345678 → 138****5678; short numbers keep their last two digits. */
export function maskPhone(phone: string): string {
  if (phone.length >= 8) return `${phone.slice(0, 3)}${STARS}${phone.slice(-4)}`;
  return `${'*'.repeat(Math.max(phone.length - 2, 1))}${phone.slice(-2)}`;
}

/** zhang.wei@example.com → z***@example.com */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return STARS;
  return `${email.slice(0, 1)}***${email.slice(at)}`;
}

/** 110101199003071234 → 110***********1234 (the length of an ID number is no secret). */
export function maskIdNumber(id: string): string {
  if (id.length <= 7) return '*'.repeat(id.length);
  return `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}`;
}

// 省/自治区 then 市/自治州/地区/盟, or a municipality such as 北京市: the administrative prefix.
const CITY_PREFIX = /^(?:[^\s\d]{2,8}?(?:省|自治区|特别行政区))?[^\s\d]{2,10}?(?:市|自治州|地区|盟)/u;

/** 北京市朝阳区建国路88号 → 北京市****: the city stays, the rest is hidden. */
export function maskAddress(address: string): string {
  const prefix = CITY_PREFIX.exec(address)?.[0];
  if (prefix && prefix.length < address.length) return `${prefix}${STARS}`;
  // An English or free-form address: keep its last comma-separated part when it names a place ("…, Hangzhou").
  const parts = address.split(/\s*,\s*/);
  if (parts.length > 1 && /^[\p{L} ]{2,40}$/u.test(parts.at(-1)!)) return `${STARS}, ${parts.at(-1)}`;
  return STARS;
}

function maskValue(field: SensitiveField, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map((item) => maskValue(field, item));
  if (typeof value === 'string') {
    if (value === '') return value;
    if (field === 'phones') return maskPhone(value);
    if (field === 'emails') return maskEmail(value);
    if (field === 'idNumber') return maskIdNumber(value);
    return maskAddress(value);
  }
  if (typeof value === 'object') {
    // A structured address keeps where (province, city) and hides which door; other objects are masked field by field.
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => {
        if (field !== 'address') return [key, maskValue(field, inner)];
        if (ADDRESS_KEEP.has(key)) return [key, inner];
        return [key, maskValue(field, inner)];
      }),
    );
  }
  return value;
}

/** A copy of any JSON-like value with every sensitive field masked. */
export function maskSensitive<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => maskSensitive(item)) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const field = FIELD_OF_KEY[key];
    out[key] = field ? maskValue(field, inner) : maskSensitive(inner);
  }
  return out as T;
}

/** Whether the actor sees personal data in full. */
export function seesSensitive(actor: Actor): boolean {
  return actor.role.permissions.includes('customers.view_sensitive');
}

/** The value as this actor may see it: unchanged for roles that see sensitive data, masked for the others. */
export function maskFor<T>(actor: Actor, value: T): T {
  return seesSensitive(actor) ? value : maskSensitive(value);
}

/** Every value of one sensitive field found anywhere in the record, in full (for an explicit reveal). */
export function collectSensitive(value: unknown, field: SensitiveField): string[] {
  const found: string[] = [];
  const take = (inner: unknown): void => {
    if (inner === null || inner === undefined || inner === '') return;
    if (Array.isArray(inner)) inner.forEach(take);
    else if (typeof inner === 'object') {
      const parts = Object.values(inner).filter((part): part is string => typeof part === 'string' && part !== '');
      if (parts.length) found.push(parts.join(' '));
    } else found.push(String(inner));
  };
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') {
      for (const [key, inner] of Object.entries(node)) {
        if (FIELD_OF_KEY[key] === field) take(inner);
        else walk(inner);
      }
    }
  };
  walk(value);
  return [...new Set(found)];
}

/** An audit event as this actor may see it: its before/after and the changes masked like the customer itself. */
export function maskEventFor<E extends { before: Record<string, unknown> | null; after: Record<string, unknown> | null; changes: Array<{ field: string; before: unknown; after: unknown }> }>(
  actor: Actor,
  event: E,
): E {
  if (seesSensitive(actor)) return event;
  return {
    ...event,
    before: maskSensitive(event.before),
    after: maskSensitive(event.after),
    changes: event.changes.map((change) => ({
      ...change,
      before: maskSensitive({ [change.field]: change.before })[change.field],
      after: maskSensitive({ [change.field]: change.after })[change.field],
    })),
  };
}
