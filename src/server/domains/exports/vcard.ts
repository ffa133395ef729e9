/**
 * vCard 4.0 (RFC 6350) for one customer. Text values escape backslash, comma,
 * semicolon and newline (§3.4); lines end with CRLF and are folded at 75
 * octets without splitting a UTF-8 character (§3.2).
 */
export interface VCardInput {
  id: string;
  kind: 'person' | 'organization';
  name: string;
  phones: string[];
  emails: string[];
  city: string | null;
  address: string | null;
  /** the organisations a person is a contact of (ORG) */
  organizations: string[];
  updatedAt: string;
}

export function escapeText(value: string): string {
  return value.replace(/[\\,;\n]|\r\n?/g, (char) => (char === '\\' ? '\\\\' : char === ',' ? '\\,' : char === ';' ? '\\;' : '\\n'));
}

/** Folds a content line into chunks of at most 75 octets, continuation lines starting with one space. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    // The first line carries 75 octets; continuation lines 74 plus the leading space.
    const limit = out.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

const COMPOUND_SURNAMES = ['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '令狐', '慕容', '公孙', '尉迟', '长孙', '宇文', '司徒', '夏侯', '端木', '轩辕', '独孤', '南宫', '西门', '百里', '呼延', '澹台'];

/** Family and given name: 张伟 → 张 / 伟, 欧阳锋 → 欧阳 / 锋, "John Smith" → Smith / John. */
export function splitName(name: string): { family: string; given: string } {
  const trimmed = name.trim();
  if (/^[\u4e00-\u9fff]{2,4}$/.test(trimmed)) {
    const surname = COMPOUND_SURNAMES.find((s) => trimmed.startsWith(s) && trimmed.length > s.length) ?? trimmed.slice(0, 1);
    return { family: surname, given: trimmed.slice(surname.length) };
  }
  const words = trimmed.split(/\s+/);
  if (words.length > 1) return { family: words.at(-1)!, given: words.slice(0, -1).join(' ') };
  return { family: trimmed, given: '' };
}

const isMobile = (phone: string) => /^1[3-9]\d{9}$/.test(phone) || /^1[3-9]\d\*+\d{4}$/.test(phone);

export function toVCard(card: VCardInput): string {
  const lines = ['BEGIN:VCARD', 'VERSION:4.0'];
  lines.push(`UID:urn:uuid:${card.id}`);
  lines.push(`KIND:${card.kind === 'organization' ? 'org' : 'individual'}`);
  lines.push(`FN:${escapeText(card.name)}`);
  if (card.kind === 'person') {
    const { family, given } = splitName(card.name);
    lines.push(`N:${escapeText(family)};${escapeText(given)};;;`);
    for (const org of card.organizations) lines.push(`ORG:${escapeText(org)}`);
  } else {
    lines.push(`ORG:${escapeText(card.name)}`);
  }
  for (const phone of card.phones) lines.push(`TEL;VALUE=uri;TYPE=${isMobile(phone) ? 'cell' : 'voice'}:tel:${phone.replace(/[^\d+*]/g, '')}`);
  for (const email of card.emails) lines.push(`EMAIL:${escapeText(email)}`);
  if (card.address || card.city) {
    // ADR: post office box; extended address; street; locality; region; postal code; country
    lines.push(`ADR:;;${escapeText(card.address ?? '')};${escapeText(card.city ?? '')};;;`);
  }
  lines.push(`REV:${card.updatedAt.replace(/[-:]/g, '').replace(/\.\d+/, '')}`);
  lines.push('END:VCARD');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
