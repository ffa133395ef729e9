import type { FieldIssue } from '../../shared/common.ts';

/**
 * Every error Kemai answers with has a code; this one map turns codes into
 * HTTP statuses and titles, so a new code cannot be added without a status.
 */
const ERROR_CODES = {
  validation_failed: { status: 400, title: 'The request has invalid fields' },
  malformed_request: { status: 400, title: 'The request could not be read' },
  unauthenticated: { status: 401, title: 'Sign in first' },
  invalid_credentials: { status: 401, title: 'Wrong e-mail or password' },
  csrf_failed: { status: 403, title: 'Missing or wrong CSRF token' },
  forbidden: { status: 403, title: 'Your role does not allow this' },
  not_found: { status: 404, title: 'Not found' },
  version_conflict: { status: 409, title: 'The record was changed by someone else' },
  conflict: { status: 409, title: 'Conflicts with an existing record' },
  limit_reached: { status: 409, title: 'A limit has been reached' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported content type' },
  rate_limited: { status: 429, title: 'Too many attempts; wait a minute' },
  internal: { status: 500, title: 'Something went wrong on our side' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function statusOf(code: ErrorCode): number {
  return ERROR_CODES[code].status;
}

export class AppError extends Error {
  override name = 'AppError';
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors?: FieldIssue[];
  readonly current?: unknown;

  constructor(code: ErrorCode, detail?: string, extra: { errors?: FieldIssue[]; current?: unknown } = {}) {
    super(detail ?? ERROR_CODES[code].title);
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.errors = extra.errors;
    this.current = extra.current;
  }

  toProblem(instance?: string) {
    return {
      type: `https://kemai.dev/problems/${this.code.replaceAll('_', '-')}`,
      title: ERROR_CODES[this.code].title,
      status: this.status,
      code: this.code,
      detail: this.message,
      ...(instance ? { instance } : {}),
      ...(this.errors ? { errors: this.errors } : {}),
      ...(this.current !== undefined ? { current: this.current } : {}),
    };
  }
}

export const notFound = (what = 'Record') => new AppError('not_found', `${what} not found`);

/** A 400 naming one or more fields, for rules zod cannot see (unknown owner, taken e-mail...). */
export const invalidFields = (errors: FieldIssue[]) =>
  new AppError('validation_failed', errors.map((issue) => `${issue.path}: ${issue.message}`).join('; '), { errors });
