import { creditCodeProblem, normalizeCreditCode } from '../../../shared/credit-code.ts';
import type { CustomerKind, CustomerStatus } from '../../../shared/customers.ts';
import { toMinorUnits } from '../../../shared/money.ts';
import { normalizePhone } from '../../../shared/phone.ts';

/**
 * Cell parsers shared by the customer and order importers: each returns the
 * value to store or a reason (in Chinese: it goes into the error file users read).
 */
export type Parsed<T> = { value: T } | { error: string };

const LIST_SEPARATORS = /[,;，；、|\n]+/;

/** Whether the text has more than `max` characters (code points); spread only when its UTF-16 length allows it. */
export const longerThan = (text: string, max: number) => text.length > max && [...text].length > max;

export function splitList(text: string): string[] {
  if (!text) return [];
  return text
    .split(LIST_SEPARATORS)
    .map((part) => part.trim())
    .filter(Boolean);
}

export function parsePhones(text: string): Parsed<string[]> {
  if (!text) return { value: [] };
  const phones: string[] = [];
  for (const part of splitList(text.replace(/\//g, ','))) {
    const phone = normalizePhone(part);
    if (phone === null) return { error: `电话号码无效：${part}` };
    if (!phones.includes(phone)) phones.push(phone);
  }
  if (phones.length > 10) return { error: '电话号码最多 10 个' };
  return { value: phones };
}

const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]{2,}$/;

export function parseEmails(text: string): Parsed<string[]> {
  if (!text) return { value: [] };
  const emails: string[] = [];
  for (const part of splitList(text.replace(/\s+/g, ','))) {
    const email = part.toLowerCase();
    if (email.length > 254 || !EMAIL.test(email)) return { error: `邮箱格式不正确：${part}` };
    if (!emails.includes(email)) emails.push(email);
  }
  if (emails.length > 10) return { error: '邮箱最多 10 个' };
  return { value: emails };
}

export function parseTags(text: string): Parsed<string[]> {
  const tags = [...new Set(splitList(text))];
  const long = tags.find((tag) => longerThan(tag, 40));
  if (long) return { error: `标签过长（最多 40 字）：${long}` };
  if (tags.length > 30) return { error: '标签最多 30 个' };
  return { value: tags };
}

export function parseText(text: string, max: number, label: string): Parsed<string | null> {
  if (longerThan(text, max)) return { error: `${label}过长（最多 ${max} 字）` };
  return { value: text || null };
}

const KINDS: Record<string, CustomerKind> = {
  个人: 'person',
  个人客户: 'person',
  自然人: 'person',
  person: 'person',
  individual: 'person',
  企业: 'organization',
  企业客户: 'organization',
  公司: 'organization',
  单位: 'organization',
  组织: 'organization',
  机构: 'organization',
  organization: 'organization',
  organisation: 'organization',
  company: 'organization',
  org: 'organization',
};

export function parseKind(text: string): Parsed<CustomerKind | null> {
  if (!text) return { value: null };
  const kind = KINDS[text.toLowerCase()];
  return kind ? { value: kind } : { error: `客户类型无法识别：${text}（个人 / 企业）` };
}

const STATUSES: Record<string, CustomerStatus> = {
  潜在: 'potential',
  潜在客户: 'potential',
  potential: 'potential',
  现实: 'current',
  现实客户: 'current',
  成交: 'current',
  成交客户: 'current',
  current: 'current',
  流失: 'lost',
  流失客户: 'lost',
  lost: 'lost',
  非客户: 'non_customer',
  non_customer: 'non_customer',
  'non-customer': 'non_customer',
};

export function parseStatus(text: string): Parsed<CustomerStatus | null> {
  if (!text) return { value: null };
  const status = STATUSES[text.toLowerCase()];
  return status ? { value: status } : { error: `客户状态无法识别：${text}（潜在 / 现实 / 流失 / 非客户）` };
}

export function parseCreditCode(text: string): Parsed<string | null> {
  if (!text) return { value: null };
  const problem = creditCodeProblem(text);
  if (problem === 'length') return { error: `统一社会信用代码应为 18 位：${text}` };
  if (problem === 'charset') return { error: `统一社会信用代码含无效字符：${text}` };
  if (problem === 'checksum') return { error: `统一社会信用代码校验位错误：${text}` };
  return { value: normalizeCreditCode(text) };
}

/** A date or date-time as written in China or ISO, or an Excel serial day number; interpreted in the workspace's UTC offset. */
export function parseDate(text: string, utcOffset = '+08:00'): Parsed<Date> {
  const trimmed = text.trim();
  if (/^\d{5}(\.\d+)?$/.test(trimmed)) {
    // Excel serial date (days since 1899-12-30)
    const date = new Date(Date.UTC(1899, 11, 30) + Number(trimmed) * 86_400_000);
    return { value: new Date(`${date.toISOString().slice(0, 19)}${utcOffset}`) };
  }
  const match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(trimmed);
  if (!match) return { error: `日期无法识别：${text}（如 2026-03-01）` };
  const [, y, m, d, hh = '0', mm = '0', ss = '0', zone] = match;
  const pad = (value: string) => value.padStart(2, '0');
  const iso = `${y}-${pad(m!)}-${pad(d!)}T${pad(hh)}:${pad(mm)}:${pad(ss)}${zone ?? utcOffset}`;
  const date = new Date(iso);
  const calendar = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  const real = calendar.getUTCMonth() === Number(m) - 1 && calendar.getUTCDate() === Number(d);
  if (Number.isNaN(date.getTime()) || !real || Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) {
    return { error: `日期无效：${text}` };
  }
  return { value: date };
}

export function parseAmount(text: string, currency: string): Parsed<number | null> {
  if (!text) return { value: null };
  const amount = toMinorUnits(text, currency);
  return amount === null ? { error: `金额无效：${text}（如 1299.50）` } : { value: amount };
}
