import { pinyin } from 'pinyin-pro';
import { normalizePhone } from '../../../shared/phone.ts';

/**
 * Full pinyin and initials of a name, lower-case letters and digits only, so
 * 张伟 is found by "zhangwei", "zhang wei" and "zw". Latin words keep their
 * letters in the full form and their first letter in the initials.
 *
 * @example namePinyin('张伟') // { full: 'zhangwei', initials: 'zw' }
 */
export function namePinyin(name: string): NamePinyin {
  return namePinyinByCharacter(name) ?? namePinyinOfWords(name);
}

/** A Han character's reading when it has only one (tones aside), else null: such a character reads the same in any word. */
const singleReadings = new Map<string, string | null>();

function singleReading(character: string): string | null {
  let reading = singleReadings.get(character);
  if (reading === undefined) {
    const readings = /^[\u4e00-\u9fff]$/.test(character) ? pinyin(character, { toneType: 'none', type: 'array', multiple: true }) : [];
    reading = readings.length === 1 && /^[a-z]+$/.test(readings[0]!) ? readings[0]! : null;
    singleReadings.set(character, reading);
  }
  return reading;
}

/**
 * namePinyin() of a name whose Han characters each have one reading, from a table of characters instead of
 * pinyin-pro's segmentation (≈ 1 µs a name instead of 15–30), with runs of ASCII between them as pinyin-pro leaves
 * them (nonZh 'consecutive'); null for any other name, which only the segmentation reads right: polyphones (重庆, the
 * surname 曾, 股份), and characters that are neither ASCII nor common Han (〇 has a reading, ＆ has none).
 */
export function namePinyinByCharacter(name: string): NamePinyin | null {
  let full = '';
  let initials = '';
  let run = '';
  const endRun = () => {
    full += run;
    initials += run
      .split(/\s+/)
      .map((word) => word.charAt(0))
      .join('');
    run = '';
  };
  for (const character of name) {
    if (character <= '\x7f') {
      run += character;
      continue;
    }
    const reading = singleReading(character);
    if (reading === null) return null;
    if (run) endRun();
    full += reading;
    initials += reading.charAt(0);
  }
  if (run) endRun();
  return { full: keepLettersAndDigits(full), initials: keepLettersAndDigits(initials) };
}

const keepLettersAndDigits = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

/** namePinyin() through pinyin-pro's segmentation of the whole name. */
export function namePinyinOfWords(name: string): NamePinyin {
  const options = { toneType: 'none', type: 'array', surname: 'head', nonZh: 'consecutive' } as const;
  const syllables = pinyin(name, options);
  // Initials from the same syllables (first letter of each; of each word in a Latin run): one pinyin-pro pass
  // instead of a second one with pattern 'first', which gave the same result on 48k generated names and the
  // polyphone surnames, at a third of the cost (it is most of a bulk import's Node.js time).
  const initials = syllables
    .map((part) => (/[\u4e00-\u9fff]/.test(part) ? '' : part.split(/\s+/).map((word) => word.charAt(0)).join('')))
    .join('');
  return { full: keepLettersAndDigits(syllables.join('')), initials: keepLettersAndDigits(initials) };
}

export interface NamePinyin {
  full: string;
  initials: string;
}

/**
 * namePinyin() of the names used lately: a name read by pinyin-pro's segmentation (about half of them, see
 * namePinyinByCharacter) costs ~15 µs, and names repeat (a generated million-row import has 221,601 different names;
 * a cache of 50,000 emptied when full worked out 480,435 of them, this one of 150,000 275,458). Two generations of
 * half the limit each: a name used in this one or the last is found, and a full generation becomes the last, the one
 * before forgotten. (A strict LRU map, deleting and re-adding each name found, spent 4 s of a million-row import
 * rehashing itself.)
 */
export class NamePinyinCache {
  #recent = new Map<string, NamePinyin>();
  #older = new Map<string, NamePinyin>();
  readonly #generation: number;

  constructor(limit: number) {
    this.#generation = Math.max(1, Math.floor(limit / 2));
  }

  of(name: string): NamePinyin {
    let value = this.#recent.get(name);
    if (value) return value;
    value = this.#older.get(name) ?? namePinyin(name);
    if (this.#recent.size >= this.#generation) {
      this.#older = this.#recent;
      this.#recent = new Map();
    }
    this.#recent.set(name, value);
    return value;
  }
}

/** The string a phone-suffix or e-mail search runs against: ' 13812345678 a@b.cn '. */
export function contactSearchText(phones: string[], emails: string[]): string {
  const parts = [...phones, ...emails];
  return parts.length ? ` ${parts.join(' ')} ` : '';
}

/**
 * The keys of customer_contact_keys (written by its triggers; a phone's by phone_contact_key(), migration 0028): a
 * phone's digits last to first, so that a phone suffix is a prefix of its key, and an e-mail as it is.
 */
export function phoneKey(phone: string): string {
  // A stored phone is '+' and digits (normalizePhone): one UTF-16 unit a character, reversed unit by unit.
  let key = 'p:';
  for (let i = phone.length - 1; i >= 0; i--) key += phone[i];
  return key;
}
export const emailKey = (email: string) => `e:${email}`;

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** What one search box input means: which of name, pinyin and contact details to look in, and for what. */
export interface SearchPlan {
  /** lower-cased substring of the name (bigram-indexed when 2+ characters) */
  name?: string;
  /** prefix of the full pinyin or the initials */
  pinyin?: string;
  /** the last digits of a phone number (a whole number is its own suffix) */
  phoneSuffix?: string;
  /** the start of an e-mail address */
  emailPrefix?: string;
  /** the start of an e-mail address's domain (what follows the @) */
  emailDomain?: string;
}

export function planSearch(raw: string): SearchPlan {
  const q = raw.trim().toLowerCase();
  if (!q) return {};
  if (/^[+\d\s\-()]+$/.test(q)) {
    const digits = normalizePhone(q) ?? q.replace(/\D/g, '');
    // Four or more digits: a phone number or its tail ("5678" finds 138****5678).
    if (digits.length >= 4) return { phoneSuffix: digits };
    return { name: q };
  }
  // '@corp' asks for everyone at a domain starting with corp ('@' alone: anyone with an e-mail address);
  // 'li.na@corp' for an address starting with that.
  if (q.startsWith('@')) return { emailDomain: q.slice(1) };
  if (q.includes('@')) return { emailPrefix: q };
  if (/^[a-z\s']+$/.test(q)) {
    const letters = q.replace(/[\s']/g, '');
    // From 3 letters also an e-mail's start ("zhanglei" finds zhanglei.88@…); an address has no spaces.
    const emailPrefix = letters.length >= 3 && !/\s/.test(q) ? { emailPrefix: q } : {};
    return { pinyin: letters, name: q, ...emailPrefix };
  }
  return { name: q };
}
