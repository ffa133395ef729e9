import type { PoolReturnReason } from '../../../shared/pool.ts';

const DAY_MS = 86_400_000;

export interface PoolRuleSettings {
  noFollowUpDays: number | null;
  noDealDays: number | null;
  warnDays: number;
}

/** What the rules look at for one owned customer. */
export interface PoolClock {
  /** when the current owner got the customer (falls back to its creation) */
  ownerSince: Date;
  lastFollowUpAt: Date | null;
  /** the latest non-cancelled order */
  lastDealAt: Date | null;
}

export type PoolVerdict =
  | { action: 'none' }
  | { action: 'warn' | 'return'; reason: PoolReturnReason; days: number; since: Date; dueAt: Date };

const later = (a: Date, b: Date | null) => (b && b > a ? b : a);

/**
 * Applies the rules to one customer at `now`: return it to the pool once a clock has
 * run out, warn the owner `warnDays` before. Each clock starts at the later of its
 * event (follow-up, deal) and the day the current owner got the customer. When both
 * rules apply, the one that runs out first decides.
 *
 * @example poolVerdict({ noFollowUpDays: 30, noDealDays: null, warnDays: 3 },
 *   { ownerSince: new Date('2026-01-01'), lastFollowUpAt: null, lastDealAt: null }, new Date('2026-01-29'))
 *   // → { action: 'warn', reason: 'no_follow_up', days: 30, dueAt: 2026-01-31 … }
 */
export function poolVerdict(rules: PoolRuleSettings, clock: PoolClock, now: Date): PoolVerdict {
  const clocks: Array<{ reason: PoolReturnReason; days: number; since: Date }> = [];
  if (rules.noFollowUpDays !== null) clocks.push({ reason: 'no_follow_up', days: rules.noFollowUpDays, since: later(clock.ownerSince, clock.lastFollowUpAt) });
  if (rules.noDealDays !== null) clocks.push({ reason: 'no_deal', days: rules.noDealDays, since: later(clock.ownerSince, clock.lastDealAt) });
  if (clocks.length === 0) return { action: 'none' };
  const first = clocks
    .map((entry) => ({ ...entry, dueAt: new Date(entry.since.getTime() + entry.days * DAY_MS) }))
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())[0]!;
  if (first.dueAt <= now) return { action: 'return', ...first };
  if (first.dueAt.getTime() - rules.warnDays * DAY_MS <= now.getTime()) return { action: 'warn', ...first };
  return { action: 'none' };
}

/** The earliest `since` a clock may have for its customer to be warned or returned at `now` (a coarse SQL pre-filter). */
export function watchFrom(days: number, warnDays: number, now: Date): Date {
  return new Date(now.getTime() - Math.max(days - warnDays, 0) * DAY_MS);
}
