import { describe, expect, it } from 'vitest';
import { generateCustomerRecords } from '../src/server/demo/customer-generator.ts';
import { COPY_COLUMNS, type CopyTable, copyLines, copyText, copyTextArray, NULL } from './copy-rows.ts';

describe('COPY text format', () => {
  it('escapes backslash, tab, newline and carriage return, and leaves other text alone', () => {
    expect(copyText('张伟')).toBe('张伟');
    expect(copyText('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
  });

  it('writes text arrays as quoted array literals, escaped for COPY', () => {
    expect(copyTextArray([])).toBe('{}');
    expect(copyTextArray(['VIP', '老客户'])).toBe('{"VIP","老客户"}');
    // the array literal's own escapes (\" and \\) get COPY's backslash doubling on top
    expect(copyTextArray(['say "hi"', 'a\\b'])).toBe('{"say \\\\"hi\\\\"","a\\\\\\\\b"}');
  });
});

describe('copyLines', () => {
  const workspaceId = '01a216e3-0028-7f4d-ae81-ca53347c48c0';
  const records = [...generateCustomerRecords({ seed: 3, count: 200, ownerIds: ['01a216e3-0028-7f4d-ae81-ca53347c48c1'] })];

  it('writes one line per row with every column of the table', () => {
    for (const record of records) {
      const lines = copyLines(workspaceId, record);
      const expected: Record<CopyTable, number> = {
        customers: 1,
        orders: record.orders.length,
        order_lines: record.orders.reduce((sum, order) => sum + order.lines.length, 0),
        events: record.events.length,
      };
      for (const table of Object.keys(COPY_COLUMNS) as CopyTable[]) {
        const rows = lines[table].split('\n').slice(0, -1);
        expect(rows).toHaveLength(expected[table]);
        for (const row of rows) {
          expect(row.split('\t')).toHaveLength(COPY_COLUMNS[table].length);
          expect(row.startsWith(`${workspaceId}\t`)).toBe(true);
        }
      }
    }
  });

  it('writes the derived contact_search and NULL for the unowned', () => {
    const unowned = records.find((record) => record.customer.ownerId === null)!;
    const columns = copyLines(workspaceId, unowned).customers.trimEnd().split('\t');
    const column = (name: string) => columns[COPY_COLUMNS.customers.indexOf(name as never)];
    expect(column('owner_id')).toBe(NULL);
    expect(column('contact_search')).toBe(` ${[...unowned.customer.phones, ...unowned.customer.emails].join(' ')} `);
    expect(column('name_pinyin')).toBe(unowned.customer.namePinyin);
  });
});
