/**
 * Normalises a phone number to the digits a person would dial, so that
 * "138 1234 5678", "138-1234-5678" and "+86 13812345678" are one number.
 * Returns null when what is left cannot be a phone number.
 *
 * @example normalizePhone('+86 138-1234-5678') // '13812345678'
 * @example normalizePhone('(010) 6552 8888')   // '01065528888'
 */
export function normalizePhone(raw: string): string | null {
  const trimmed = raw.trim();
  if (!/^[+\d\s\-().]+$/.test(trimmed)) return null;
  const international = trimmed.startsWith('+') || trimmed.startsWith('00');
  let digits = trimmed.replace(/\D/g, '');
  if (trimmed.startsWith('00')) digits = digits.slice(2);
  // A Chinese mobile number written in international form is stored as the local 11 digits.
  if (international && /^861[3-9]\d{9}$/.test(digits)) return digits.slice(2);
  if (international) return digits.length >= 7 && digits.length <= 15 ? `+${digits}` : null;
  if (/^1\d{10}$/.test(digits)) return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
  return digits.length >= 5 && digits.length <= 15 ? digits : null;
}
