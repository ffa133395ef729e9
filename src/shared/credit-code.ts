/**
 * 统一社会信用代码 (unified social credit code), GB 32100-2015: 18 characters
 * from a 31-character set (digits and upper-case letters without I, O, S, V, Z);
 * the last one is a check character over the first 17 with fixed weights.
 */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

export type CreditCodeProblem = 'length' | 'charset' | 'checksum';

/** The check character for the first 17 characters, or null when one is outside the code set. */
export function creditCodeCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_CHARSET.indexOf(first17[i] ?? '');
    if (value < 0) return null;
    sum += value * WEIGHTS[i]!;
  }
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31]!;
}

/**
 * Why a code is not a valid credit code, or null when it is. Lower case is accepted
 * (and upper-cased by normalizeCreditCode) since people type it that way.
 *
 * @example creditCodeProblem('914403001922038216') // null (华为技术有限公司)
 */
export function creditCodeProblem(raw: string): CreditCodeProblem | null {
  const code = normalizeCreditCode(raw);
  if (code.length !== 18) return 'length';
  for (const char of code) if (!CREDIT_CODE_CHARSET.includes(char)) return 'charset';
  return creditCodeCheckChar(code.slice(0, 17)) === code[17] ? null : 'checksum';
}

export function normalizeCreditCode(raw: string): string {
  return raw.replace(/[\s-]/g, '').toUpperCase();
}
