import { describe, expect, it } from 'vitest';
import { poolVerdict } from './pool.rules.ts';

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);
const rules = { noFollowUpDays: 30, noDealDays: 90, warnDays: 3 };

describe('poolVerdict', () => {
  it('does nothing while both clocks have time left beyond the warning window', () => {
    expect(poolVerdict(rules, { ownerSince: d('2026-01-01'), lastFollowUpAt: null, lastDealAt: null }, d('2026-01-27'))).toEqual({ action: 'none' });
  });

  it('warns K days before N days without a follow-up, and returns when they are up', () => {
    const clock = { ownerSince: d('2026-01-01'), lastFollowUpAt: null, lastDealAt: null };
    expect(poolVerdict(rules, clock, d('2026-01-28'))).toEqual({ action: 'warn', reason: 'no_follow_up', days: 30, since: d('2026-01-01'), dueAt: d('2026-01-31') });
    expect(poolVerdict(rules, clock, d('2026-01-31'))).toMatchObject({ action: 'return', reason: 'no_follow_up' });
  });

  it('starts the follow-up clock at the later of the last follow-up and the day the owner got the customer', () => {
    const followedUp = { ownerSince: d('2026-01-01'), lastFollowUpAt: d('2026-01-20'), lastDealAt: null };
    expect(poolVerdict(rules, followedUp, d('2026-02-10'))).toEqual({ action: 'none' });
    const oldFollowUp = { ownerSince: d('2026-03-01'), lastFollowUpAt: d('2026-01-20'), lastDealAt: null };
    expect(poolVerdict(rules, oldFollowUp, d('2026-03-20'))).toEqual({ action: 'none' });
  });

  it('returns for M days without a deal even when followed up, and a recent order resets that clock', () => {
    const noDeal = { ownerSince: d('2026-01-01'), lastFollowUpAt: d('2026-03-30'), lastDealAt: d('2025-06-01') };
    expect(poolVerdict(rules, noDeal, d('2026-04-01'))).toMatchObject({ action: 'return', reason: 'no_deal', days: 90, dueAt: d('2026-04-01') });
    expect(poolVerdict(rules, { ...noDeal, lastDealAt: d('2026-03-01') }, d('2026-04-01'))).toEqual({ action: 'none' });
  });

  it('lets the clock that runs out first decide, and ignores a rule that is off', () => {
    const clock = { ownerSince: d('2026-01-01'), lastFollowUpAt: null, lastDealAt: null };
    expect(poolVerdict({ ...rules, noFollowUpDays: 100 }, clock, d('2026-04-02'))).toMatchObject({ action: 'return', reason: 'no_deal' });
    expect(poolVerdict({ ...rules, noFollowUpDays: null }, clock, d('2026-02-15'))).toEqual({ action: 'none' });
    expect(poolVerdict({ noFollowUpDays: null, noDealDays: null, warnDays: 3 }, clock, d('2030-01-01'))).toEqual({ action: 'none' });
  });

  it('with K = 0 never warns, only returns', () => {
    const clock = { ownerSince: d('2026-01-01'), lastFollowUpAt: null, lastDealAt: null };
    expect(poolVerdict({ ...rules, warnDays: 0 }, clock, d('2026-01-30'))).toEqual({ action: 'none' });
    expect(poolVerdict({ ...rules, warnDays: 0 }, clock, d('2026-01-31'))).toMatchObject({ action: 'return' });
  });
});
