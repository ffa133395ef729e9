import { describe, expect, it } from 'vitest';
import { diffRecords, presentEvent } from './events.presenter.ts';

describe('diffRecords', () => {
  it('reports changed fields in order with their before and after values', () => {
    expect(diffRecords({ name: '张伟', city: '北京', status: 'potential' }, { name: '张伟', city: '上海', status: 'current' })).toEqual([
      { field: 'city', before: '北京', after: '上海' },
      { field: 'status', before: 'potential', after: 'current' },
    ]);
  });

  it('ignores bookkeeping fields: version, updatedAt, createdAt, deletedAt, id, and the import an update came from', () => {
    expect(
      diffRecords(
        { id: 'a', version: 1, updatedAt: '2026-01-01', createdAt: '2026-01-01', deletedAt: null, name: 'x' },
        { id: 'b', version: 2, updatedAt: '2026-02-01', createdAt: '2026-02-01', deletedAt: '2026-02-01', name: 'x', importId: '01a21c1d-8877-7279-b29f-e3684a060381' },
      ),
    ).toEqual([]);
  });

  it('reports arrays that changed, compared by value, and not arrays that are equal', () => {
    expect(diffRecords({ tags: ['a'], phones: ['1'] }, { tags: ['a', 'b'], phones: ['1'] })).toEqual([
      { field: 'tags', before: ['a'], after: ['a', 'b'] },
    ]);
    expect(diffRecords({ tags: ['a', 'b'] }, { tags: ['b', 'a'] })).toEqual([{ field: 'tags', before: ['a', 'b'], after: ['b', 'a'] }]);
  });

  it('reports nested objects that changed', () => {
    expect(diffRecords({ owner: { id: '1', name: 'A' } }, { owner: { id: '2', name: 'B' } })).toEqual([
      { field: 'owner', before: { id: '1', name: 'A' }, after: { id: '2', name: 'B' } },
    ]);
  });

  it('treats a missing field as null, and reports fields that appear or disappear', () => {
    expect(diffRecords({ city: null }, {})).toEqual([]);
    expect(diffRecords({ a: 1 }, { b: 2 })).toEqual([
      { field: 'a', before: 1, after: null },
      { field: 'b', before: null, after: 2 },
    ]);
  });

  it('has no changes for a creation or a deletion (no before or no after)', () => {
    expect(diffRecords(null, { name: 'x' })).toEqual([]);
    expect(diffRecords({ name: 'x' }, null)).toEqual([]);
  });
});

describe('presentEvent', () => {
  it('turns a row into the API shape with its changes', () => {
    const occurredAt = new Date('2026-03-01T02:03:04.000Z');
    expect(
      presentEvent({
        id: 'e1',
        occurred_at: occurredAt,
        actor_type: 'user',
        actor_id: 'u1',
        actor_name: '管理员',
        entity_type: 'customer',
        entity_id: 'c1',
        action: 'updated',
        before: { city: '北京', version: 1 },
        after: { city: '上海', version: 2 },
      }),
    ).toEqual({
      id: 'e1',
      occurredAt: '2026-03-01T02:03:04.000Z',
      actor: { type: 'user', id: 'u1', name: '管理员' },
      entityType: 'customer',
      entityId: 'c1',
      action: 'updated',
      changes: [{ field: 'city', before: '北京', after: '上海' }],
      before: { city: '北京', version: 1 },
      after: { city: '上海', version: 2 },
    });
  });
});
