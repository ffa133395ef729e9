import { describe, expect, it } from 'vitest';
import { type CapturedQuery, planFromCaptures } from './sql-capture.ts';

const WORKSPACE = '01a216e3-0028-7f4d-ae81-ca53347c48c0';
const CUSTOMER = '01a216e3-0028-7f4d-ae81-ca53347c48c1';
const OTHER = '01a216e3-0028-7f4d-ae81-ca53347c48c2';

/** What a create captures: a new customer id and a new event id per call, and "now". */
function createCapture(customerId: string, eventId: string, now: Date): CapturedQuery[] {
  return [
    { sql: 'begin', parameters: [] },
    { sql: 'insert into customers (workspace_id, id, name) values ($1, $2, $3)', parameters: [WORKSPACE, customerId, '张伟'] },
    { sql: 'insert into events (workspace_id, id, occurred_at, after) values ($1, $2, $3, $4)', parameters: [WORKSPACE, eventId, now, JSON.stringify({ id: customerId })] },
    { sql: 'commit', parameters: [] },
  ];
}

describe('planFromCaptures', () => {
  const first = createCapture('01a216e3-0028-7f4d-ae81-000000000001', '01a216e3-0028-7f4d-ae81-000000000002', new Date(1000));
  const second = createCapture('01a216e3-0028-7f4d-ae81-000000000003', '01a216e3-0028-7f4d-ae81-000000000004', new Date(2000));

  it('replays the captured SQL, making up afresh what differed between the captures', () => {
    const plan = planFromCaptures(first, second);
    const a = plan();
    const b = plan();
    expect(a.map((query) => query.sql)).toEqual(first.map((query) => query.sql));
    const [, insertA, eventA] = a;
    const [, insertB] = b;
    expect(insertA!.parameters[0]).toBe(WORKSPACE);
    expect(insertA!.parameters[2]).toBe('张伟');
    expect(insertA!.parameters[1]).not.toBe(first[1]!.parameters[1]);
    expect(insertA!.parameters[1]).not.toBe(insertB!.parameters[1]);
    // the same made-up id everywhere within one request, JSON included
    expect(JSON.parse(eventA!.parameters[3] as string)).toEqual({ id: insertA!.parameters[1] });
    expect(eventA!.parameters[1]).not.toBe(first[2]!.parameters[1]);
    expect((eventA!.parameters[2] as Date).getTime()).toBeGreaterThan(2000);
  });

  it('swaps the subject customer and, in UPDATEs only, its version', () => {
    const update = (version: number): CapturedQuery[] => [
      { sql: 'select * from customers where id = $1 for update', parameters: [CUSTOMER] },
      { sql: 'update customers set address = $1 where id = $2 and version = $3', parameters: ['上海', CUSTOMER, version] },
      { sql: 'select * from customers where id = $1 limit $2', parameters: [CUSTOMER, 3] },
    ];
    const plan = planFromCaptures(update(3), update(3));
    const replay = plan({ from: { id: CUSTOMER, version: 3 }, to: { id: OTHER, version: 7 } });
    expect(replay[0]!.parameters).toEqual([OTHER]);
    expect(replay[1]!.parameters).toEqual(['上海', OTHER, 7]);
    expect(replay[2]!.parameters).toEqual([OTHER, 3]);
  });

  it('refuses captures that ran different SQL', () => {
    expect(() => planFromCaptures(first, first.slice(0, 3))).toThrow(/different SQL/);
  });
});
