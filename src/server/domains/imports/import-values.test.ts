import { describe, expect, it } from 'vitest';
import { longerThan, parseAmount, parseCreditCode, parseDate, parseEmails, parseKind, parsePhones, parseStatus, parseTags, parseText, splitList } from './import-values.ts';

describe('import cell parsers', () => {
  it('measures text in characters, a character outside the BMP (two UTF-16 units) counting once', () => {
    expect(longerThan('𠀀'.repeat(60), 60)).toBe(false);
    expect(longerThan('𠀀'.repeat(61), 60)).toBe(true);
    expect(parseText('𠀀'.repeat(60), 60, '城市')).toEqual({ value: '𠀀'.repeat(60) });
    expect(parseText('上'.repeat(61), 60, '城市')).toEqual({ error: '城市过长（最多 60 字）' });
  });

  it('splits lists on Chinese and Latin separators', () => {
    expect(splitList('VIP，老客户、展会;线上|转介绍')).toEqual(['VIP', '老客户', '展会', '线上', '转介绍']);
  });

  it('normalises phones and rejects what cannot be one, naming it', () => {
    expect(parsePhones('+86 138-1234-5678 / 010 6552 8888')).toEqual({ value: ['13812345678', '01065528888'] });
    expect(parsePhones('12')).toEqual({ error: '电话号码无效：12' });
    expect(parsePhones('')).toEqual({ value: [] });
  });

  it('lower-cases e-mails and rejects malformed ones', () => {
    expect(parseEmails('A@Example.com; b@example.cn')).toEqual({ value: ['a@example.com', 'b@example.cn'] });
    expect(parseEmails('no-at-sign')).toEqual({ error: '邮箱格式不正确：no-at-sign' });
  });

  it('reads kinds and statuses in Chinese and English', () => {
    expect(parseKind('企业')).toEqual({ value: 'organization' });
    expect(parseKind('Person')).toEqual({ value: 'person' });
    expect(parseKind('外星人')).toHaveProperty('error');
    expect(parseStatus('现实客户')).toEqual({ value: 'current' });
    expect(parseStatus('')).toEqual({ value: null });
    expect(parseStatus('maybe')).toHaveProperty('error');
  });

  it('validates the credit code checksum', () => {
    expect(parseCreditCode('914403001922038216')).toEqual({ value: '914403001922038216' });
    expect(parseCreditCode('914403001922038210')).toEqual({ error: '统一社会信用代码校验位错误：914403001922038210' });
    expect(parseCreditCode('123')).toEqual({ error: '统一社会信用代码应为 18 位：123' });
  });

  it('parses dates as written in China, ISO and Excel serials, in the workspace offset, and rejects impossible ones', () => {
    expect(parseDate('2026-03-01')).toEqual({ value: new Date('2026-02-28T16:00:00.000Z') });
    expect(parseDate('2026/3/2 10:30')).toEqual({ value: new Date('2026-03-02T02:30:00.000Z') });
    expect(parseDate('2026年3月2日')).toEqual({ value: new Date('2026-03-01T16:00:00.000Z') });
    expect(parseDate('46082')).toEqual({ value: new Date('2026-02-28T16:00:00.000Z') });
    expect(parseDate('2026-02-30')).toEqual({ error: '日期无效：2026-02-30' });
    expect(parseDate('yesterday')).toHaveProperty('error');
  });

  it('turns yuan into fen exactly, and refuses a third decimal', () => {
    expect(parseAmount('1,299.50', 'CNY')).toEqual({ value: 129_950 });
    expect(parseAmount('¥0.1', 'CNY')).toEqual({ value: 10 });
    expect(parseAmount('10.123', 'CNY')).toHaveProperty('error');
    expect(parseAmount('', 'CNY')).toEqual({ value: null });
  });

  it('limits tags to 40 characters', () => {
    expect(parseTags('a,b,a')).toEqual({ value: ['a', 'b'] });
    expect(parseTags('x'.repeat(41))).toHaveProperty('error');
  });
});
