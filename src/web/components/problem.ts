import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import type { FieldIssue } from '../../shared/common.ts';
import { isApiError, type ApiError } from '../api/client.ts';
import { zhCN } from '../i18n/zh-CN.ts';

type ProblemCode = keyof typeof zhCN.problems;
type IssueCode = keyof typeof zhCN.issues;
const isProblemCode = (code: string): code is ProblemCode => code in zhCN.problems;
const isIssueCode = (code: string): code is IssueCode => code in zhCN.issues;

/** The problem's title in the user's language when the code is a known one, else the server's title. */
export function problemTitle(t: TFunction, error: ApiError): string {
  return isProblemCode(error.code) ? t(`problems.${error.code}`) : error.problem.title;
}

/** A one-line, human message for any error a request can throw. */
export function errorMessage(t: TFunction, error: unknown): string {
  if (isApiError(error)) {
    if (error.status === 0) return t('common.networkError');
    const { title, detail } = error.problem;
    // A detail that says more than the generic title is the server's specific explanation.
    if (detail && detail !== title && error.errors.length === 0) return detail;
    if (error.errors.length > 0) return error.errors.map((issue) => issueMessage(t, issue)).join('；');
    return problemTitle(t, error);
  }
  return error instanceof Error ? error.message : String(error);
}

/** One field issue in words: translated by its code where known, the server's words otherwise. */
export function issueMessage(t: TFunction, issue: FieldIssue): string {
  return isIssueCode(issue.code) ? t(`issues.${issue.code}`) : issue.message;
}

/**
 * Shows a problem's `errors` under the form fields they name (the first path segment,
 * "phones.1" → phones). Returns the issues that belong to no field of the form.
 */
export function applyFieldErrors(form: FormInstance, error: unknown, fields: readonly string[], t: TFunction): string[] {
  if (!isApiError(error)) return [];
  const byField = new Map<string, string[]>();
  const rest: string[] = [];
  for (const issue of error.errors) {
    const [field, index] = issue.path.split('.');
    if (field && fields.includes(field)) {
      const prefix = index !== undefined && /^\d+$/.test(index) ? t('common.itemPrefix', { n: Number(index) + 1 }) : '';
      byField.set(field, [...(byField.get(field) ?? []), prefix + issueMessage(t, issue)]);
    } else {
      rest.push(issue.path ? `${issue.path}: ${issueMessage(t, issue)}` : issueMessage(t, issue));
    }
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return rest;
}

type NamePath = (string | number)[];
const sameSegment = (a: string | number, b: string | number) => String(a) === String(b);
const startsWith = (path: readonly (string | number)[], prefix: readonly (string | number)[]) =>
  prefix.length <= path.length && prefix.every((segment, i) => sameSegment(segment, path[i]!));

/**
 * The form field a server issue path belongs to, among the fields the form has
 * registered: the longest registered name that begins the path ("profile.addresses.0.city"
 * → ["profile", "addresses", 0, "city"]; "customFields.budget.amount" → ["customFields", "budget"]),
 * else the first registered field inside the path (an issue on a whole group such as
 * "profile.lunarBirthday" goes to its first input). `rest` is what the field name did not cover.
 */
export function matchFieldName(path: string, registered: readonly NamePath[]): { name: NamePath; rest: string[] } | null {
  const segments = path.split('.').filter(Boolean);
  if (segments.length === 0) return null;
  let best: NamePath | null = null;
  for (const name of registered) {
    if (name.length > 0 && startsWith(segments, name) && (!best || name.length > best.length)) best = name;
  }
  if (best) return { name: best, rest: segments.slice(best.length) };
  const inside = registered.find((name) => name.length > segments.length && startsWith(name, segments));
  return inside ? { name: inside, rest: [] } : null;
}

/**
 * Shows each of a problem's `errors` under the field it names, nested paths
 * included (`profile.creditCode`, `customFields.<key>`, `phones.1`), using the
 * fields the form has mounted. Returns the fields given errors and the messages of
 * issues that match no mounted field (for an alert above the form).
 */
export function applyNestedFieldErrors(form: FormInstance, error: unknown, t: TFunction): { fields: NamePath[]; rest: string[] } {
  if (!isApiError(error)) return { fields: [], rest: [] };
  const registered = form.getFieldsError().map((field) => field.name as NamePath);
  const byField = new Map<string, { name: NamePath; errors: string[] }>();
  const rest: string[] = [];
  for (const issue of error.errors) {
    const match = matchFieldName(issue.path, registered);
    if (!match) {
      rest.push(issue.path ? `${issue.path}: ${issueMessage(t, issue)}` : issueMessage(t, issue));
      continue;
    }
    const index = match.rest[0];
    const prefix = index !== undefined && /^\d+$/.test(index) ? t('common.itemPrefix', { n: Number(index) + 1 }) : '';
    const id = match.name.join('\u0000');
    const entry = byField.get(id) ?? { name: match.name, errors: [] };
    entry.errors.push(prefix + issueMessage(t, issue));
    byField.set(id, entry);
  }
  form.setFields([...byField.values()].map(({ name, errors }) => ({ name, errors })));
  return { fields: [...byField.values()].map(({ name }) => name), rest };
}
