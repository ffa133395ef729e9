import type { FieldIssue, Problem } from '../../shared/common.ts';

/** An HTTP error from the API, with the RFC 9457 problem the server sent (or one made up from the status). */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(status: number, problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }

  get code(): string {
    return this.problem.code;
  }

  get errors(): FieldIssue[] {
    return this.problem.errors ?? [];
  }

  get current(): unknown {
    return this.problem.current;
  }
}

export function isApiError(error: unknown, status?: number): error is ApiError {
  return error instanceof ApiError && (status === undefined || error.status === status);
}

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** Kept in memory only: it comes with the login result and with GET /api/auth/me. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** For requests that cannot go through `request` (file uploads with a raw body). */
export function currentCsrfToken(): string | null {
  return csrfToken;
}

/** Called on a 401 from any request but the login itself (the session is gone). */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

type Query = Record<string, string | number | null | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Do not treat a 401 as "session expired" (the login form handles it itself). */
  skipAuthRedirect?: boolean;
}

function buildUrl(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export async function toProblem(response: Response): Promise<Problem> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const body = (await response.json()) as Partial<Problem> | null;
      if (body && typeof body === 'object') {
        return {
          type: body.type ?? 'about:blank',
          title: body.title ?? response.statusText ?? `HTTP ${response.status}`,
          status: body.status ?? response.status,
          code: body.code ?? `http_${response.status}`,
          ...(body.detail !== undefined ? { detail: body.detail } : {}),
          ...(Array.isArray(body.errors) ? { errors: body.errors } : {}),
          ...('current' in body ? { current: body.current } : {}),
        };
      }
    } catch {
      // fall through to a generic problem
    }
  }
  return {
    type: 'about:blank',
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
    code: `http_${response.status}`,
  };
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, { type: 'about:blank', title: 'Network error', status: 0, code: 'network_error' });
  }

  if (!response.ok) {
    const problem = await toProblem(response);
    if (response.status === 401 && !options.skipAuthRedirect) onUnauthorized?.();
    throw new ApiError(response.status, problem);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) =>
    request<T>('GET', path, { ...(query ? { query } : {}), ...(signal ? { signal } : {}) }),
  post: <T>(path: string, body?: unknown, options: Omit<RequestOptions, 'body'> = {}) =>
    request<T>('POST', path, { ...options, body }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
};
