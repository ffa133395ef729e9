import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar, creditCodeProblem, normalizeCreditCode } from './credit-code.ts';

// Codes as printed on business licences (public registry data).
const REAL = [
  '914403001922038216', // 华为技术有限公司
  '9144030071526726XG', // 深圳市腾讯计算机系统有限公司
  '91330100716105852F', // 阿里巴巴(中国)有限公司
  '91110108551385082Q', // 北京 (海淀) 企业
];

describe('unified social credit code (GB 32100-2015)', () => {
  it.each(REAL)('accepts the real code %s', (code) => {
    expect(creditCodeProblem(code)).toBeNull();
  });

  it('computes the check character, including letters and 0 (sum divisible by 31)', () => {
    expect(creditCodeCheckChar('9144030071526726X')).toBe('G');
    expect(creditCodeCheckChar('91330100716105852')).toBe('F');
    // 17 zeros sum to 0: 31 - 0 = 31 wraps to 0.
    expect(creditCodeCheckChar('00000000000000000')).toBe('0');
  });

  it.each(REAL)('rejects %s with any other check character', (code) => {
    for (const wrong of '0123456789ABCDEFGHJKLMNPQRTUWXY'.replace(code[17]!, '')) {
      expect(creditCodeProblem(code.slice(0, 17) + wrong)).toBe('checksum');
    }
  });

  it('rejects a changed body digit and swapped digits', () => {
    expect(creditCodeProblem('914403001922038226')).toBe('checksum');
    expect(creditCodeProblem('914430001922038216')).toBe('checksum');
  });

  it('names wrong lengths and characters outside the code set (I, O, S, V, Z)', () => {
    expect(creditCodeProblem('91440300192203821')).toBe('length');
    expect(creditCodeProblem('9144030019220382166')).toBe('length');
    expect(creditCodeProblem('')).toBe('length');
    expect(creditCodeProblem('9144030019220382IS')).toBe('charset');
    expect(creditCodeProblem('91440300192203821O')).toBe('charset');
  });

  it('accepts lower case and spaces, normalised to the printed form', () => {
    expect(normalizeCreditCode(' 9144 0300 7152 6726xg ')).toBe('9144030071526726XG');
    expect(creditCodeProblem('9144030071526726xg')).toBeNull();
  });
});
