import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, splitName, toVCard } from './vcard.ts';

describe('vCard 4.0', () => {
  it('escapes backslash, comma, semicolon and newlines in text values', () => {
    expect(escapeText('a\\b,c;d\ne\r\nf')).toBe('a\\\\b\\,c\\;d\\ne\\nf');
  });

  it('folds lines at 75 octets without splitting a UTF-8 character', () => {
    const line = `NOTE:${'客'.repeat(60)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    for (const part of parts) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
    expect(parts.slice(1).every((part) => part.startsWith(' '))).toBe(true);
    expect(parts.map((part, i) => (i ? part.slice(1) : part)).join('')).toBe(line);
    expect(foldLine('SHORT:x')).toBe('SHORT:x');
  });

  it('splits Chinese names into family and given name, compound surnames included', () => {
    expect(splitName('张伟')).toEqual({ family: '张', given: '伟' });
    expect(splitName('欧阳锋')).toEqual({ family: '欧阳', given: '锋' });
    expect(splitName('John Smith')).toEqual({ family: 'Smith', given: 'John' });
  });

  it('writes a person with FN, N, cell TEL, EMAIL, ADR and ORG, CRLF-terminated', () => {
    const card = toVCard({
      id: '0193a1b2-7c3d-7e4f-8a5b-6c7d8e9f0a1b',
      kind: 'person',
      name: '张伟',
      phones: ['13812345678', '01065528888'],
      emails: ['zw@example.com'],
      city: '北京',
      address: '朝阳区建国路88号, 3层; B座',
      organizations: ['客脉科技'],
      updatedAt: '2026-03-01T02:03:04.567Z',
    });
    expect(card.split('\r\n')).toEqual([
      'BEGIN:VCARD',
      'VERSION:4.0',
      'UID:urn:uuid:0193a1b2-7c3d-7e4f-8a5b-6c7d8e9f0a1b',
      'KIND:individual',
      'FN:张伟',
      'N:张;伟;;;',
      'ORG:客脉科技',
      'TEL;VALUE=uri;TYPE=cell:tel:13812345678',
      'TEL;VALUE=uri;TYPE=voice:tel:01065528888',
      'EMAIL:zw@example.com',
      'ADR:;;朝阳区建国路88号\\, 3层\\; B座;北京;;;',
      'REV:20260301T020304Z',
      'END:VCARD',
      '',
    ]);
  });
});
