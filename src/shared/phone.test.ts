import { describe, expect, it } from 'vitest';
import { normalizePhone } from './phone.ts';

describe('normalizePhone', () => {
  it('keeps a plain Chinese mobile number as its 11 digits', () => {
    expect(normalizePhone('13812345678')).toBe('13812345678');
    expect(normalizePhone('19912345678')).toBe('19912345678');
  });

  it('drops spaces, dashes, dots and surrounding blanks', () => {
    expect(normalizePhone('138 1234 5678')).toBe('13812345678');
    expect(normalizePhone('138-1234-5678')).toBe('13812345678');
    expect(normalizePhone('138.1234.5678')).toBe('13812345678');
    expect(normalizePhone('  13812345678  ')).toBe('13812345678');
  });

  it('stores a Chinese mobile in international form (+86 or 0086) as the local 11 digits', () => {
    expect(normalizePhone('+86 138-1234-5678')).toBe('13812345678');
    expect(normalizePhone('+8613812345678')).toBe('13812345678');
    expect(normalizePhone('0086 13812345678')).toBe('13812345678');
  });

  it('keeps landlines with their area code, whatever the punctuation', () => {
    expect(normalizePhone('(010) 6552 8888')).toBe('01065528888');
    expect(normalizePhone('010-65528888')).toBe('01065528888');
    expect(normalizePhone('0571-8888 9999')).toBe('057188889999');
    expect(normalizePhone('95588')).toBe('95588');
  });

  it('keeps other international numbers with a leading +', () => {
    expect(normalizePhone('+1 415 555 2671')).toBe('+14155552671');
    expect(normalizePhone('0044 20 7946 0958')).toBe('+442079460958');
  });

  it('rejects letters and other symbols', () => {
    expect(normalizePhone('abc')).toBeNull();
    expect(normalizePhone('13812a45678')).toBeNull();
    expect(normalizePhone('138#1234#5678')).toBeNull();
    expect(normalizePhone('')).toBeNull();
  });

  it('rejects numbers that are too short or too long', () => {
    expect(normalizePhone('1234')).toBeNull();
    expect(normalizePhone('12')).toBeNull();
    expect(normalizePhone('1234567890123456')).toBeNull();
    expect(normalizePhone('+1 23')).toBeNull();
  });

  it('rejects 11-digit numbers starting with 1 that no Chinese mobile network issues', () => {
    expect(normalizePhone('12345678901')).toBeNull();
    expect(normalizePhone('10012345678')).toBeNull();
    expect(normalizePhone('11912345678')).toBeNull();
  });
});
