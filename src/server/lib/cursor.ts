import { AppError } from '../http/errors.ts';

/**
 * Keyset cursors: the last row's sort value and id, opaque to clients.
 *
 * @example decodeCursor(encodeCursor(['2026-01-01 10:00:00+08', 'id'])) // ['2026-01-01 10:00:00+08', 'id']
 */
export function encodeCursor(values: [string, string]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string): [string, string] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === 2 && values.every((value) => typeof value === 'string')) {
      return values as [string, string];
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError('validation_failed', 'cursor: not a cursor this API issued', {
    errors: [{ path: 'cursor', code: 'invalid_cursor', message: 'Not a cursor this API issued' }],
  });
}
