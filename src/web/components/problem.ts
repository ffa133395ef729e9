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
