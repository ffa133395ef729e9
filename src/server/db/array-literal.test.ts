import { describe, expect, it } from 'vitest';
import { arrayLiteral } from './array-literal.ts';

describe('arrayLiteral', () => {
  it('quotes every text element and escapes only quotes and backslashes', () => {
    expect(arrayLiteral([])).toBe('{}');
    expect(arrayLiteral(['a', 'b c', '{x},y', 'NULL', ''])).toBe('{"a","b c","{x},y","NULL",""}');
    expect(arrayLiteral(['say "hi"', 'C:\\dir\\'])).toBe('{"say \\"hi\\"","C:\\\\dir\\\\"}');
  });

  it('writes null as NULL and numbers bare', () => {
    expect(arrayLiteral([null, 5, 'x'])).toBe('{NULL,5,"x"}');
  });

  it('nests: a literal as an element is quoted and escaped like any text', () => {
    expect(arrayLiteral([arrayLiteral(['a"b']), arrayLiteral([])])).toBe('{"{\\"a\\\\\\"b\\"}","{}"}');
  });
});
