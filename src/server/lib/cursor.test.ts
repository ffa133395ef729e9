import { describe, expect, it } from 'vitest';
import { AppError } from '../http/errors.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';

function decodeError(cursor: string): AppError {
  try {
    decodeCursor(cursor);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error(`decodeCursor accepted ${JSON.stringify(cursor)}`);
}

describe('cursors', () => {
  it('round-trips the sort value and id, including non-ASCII text', () => {
    for (const values of [
      ['2026-01-01 10:00:00+08', '0193a1b2-7c3d-7e4f-8a5b-6c7d8e9f0a1b'],
      ['张伟', 'x'],
      ['', ''],
    ] as Array<[string, string]>) {
      const cursor = encodeCursor(values);
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/); // URL-safe, no padding
      expect(decodeCursor(cursor)).toEqual(values);
    }
  });

  it('answers anything it did not issue with a 400 validation_failed naming the cursor', () => {
    const notIssued = [
      'garbage',
      '',
      '!!!',
      Buffer.from('{"a":1}').toString('base64url'),
      Buffer.from('["only one"]').toString('base64url'),
      Buffer.from('["a","b","c"]').toString('base64url'),
      Buffer.from('["a",2]').toString('base64url'),
      Buffer.from('null').toString('base64url'),
    ];
    for (const cursor of notIssued) {
      const error = decodeError(cursor);
      expect(error.code, cursor).toBe('validation_failed');
      expect(error.status).toBe(400);
      expect(error.errors).toEqual([expect.objectContaining({ path: 'cursor', code: 'invalid_cursor' })]);
    }
  });
});
