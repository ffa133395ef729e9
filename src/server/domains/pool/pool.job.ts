import type { Db } from '../../db/database.ts';
import type { JobDefinition } from '../../jobs/jobs.ts';
import { recordEvent } from '../events/events.repository.ts';
import { insertNotification } from '../notifications/notifications.repository.ts';
import * as repo from './pool.repository.ts';
import { type PoolVerdict, poolVerdict, watchFrom } from './pool.rules.ts';

const BATCH = 500;
const SYSTEM = { type: 'system' as const, id: null };
const REASON_ZH = { no_follow_up: '未跟进', no_deal: '未成交' } as const;

export interface PoolRunSummary {
  workspaces: number;
  returned: number;
  warned: number;
}

function dateIn(timeZone: string, at: Date): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

const clockOf = (row: repo.ClockRow) => ({
  ownerSince: new Date(row.owner_since),
  lastFollowUpAt: row.last_follow_up_at,
  lastDealAt: row.last_deal_at ? new Date(row.last_deal_at) : null,
});

/**
 * Applies every workspace's pool rules at `now`: returns overdue customers to the
 * pool (an event and a notice to the former owner each) and warns owners K days
 * ahead (one notification per customer, owner and due date). Idempotent: a second
 * run at the same `now` finds nothing more to do; each customer is handled in its own
 * transaction, so a crash leaves every customer either done or untouched.
 */
export async function runPoolRules(db: Db, now: Date): Promise<PoolRunSummary> {
  const summary: PoolRunSummary = { workspaces: 0, returned: 0, warned: 0 };
  for (const rules of await repo.enabledRules(db)) {
    summary.workspaces++;
    const settings = { noFollowUpDays: rules.no_follow_up_days, noDealDays: rules.no_deal_days, warnDays: rules.warn_days };
    const bounds = {
      followUpSince: settings.noFollowUpDays === null ? null : watchFrom(settings.noFollowUpDays, settings.warnDays, now),
      dealSince: settings.noDealDays === null ? null : watchFrom(settings.noDealDays, settings.warnDays, now),
    };
    let afterId: string | null = null;
    for (;;) {
      const batch = await repo.findWatchedCustomers(db, rules.workspace_id, bounds, afterId, BATCH);
      for (const candidate of batch) {
        if (poolVerdict(settings, clockOf(candidate), now).action === 'none') continue;
        const done = await db.transaction().execute(async (tx) => {
          const row = await repo.lockClock(tx, rules.workspace_id, candidate.id);
          if (!row?.owner_id) return 'none';
          const verdict = poolVerdict(settings, clockOf(row), now);
          if (verdict.action === 'return') await returnToPool(tx, rules.workspace_id, rules.time_zone, row, verdict);
          if (verdict.action === 'warn') return (await warnOwner(tx, rules.workspace_id, rules.time_zone, row, verdict)) ? 'warn' : 'none';
          return verdict.action;
        });
        if (done === 'return') summary.returned++;
        if (done === 'warn') summary.warned++;
      }
      if (batch.length < BATCH) break;
      afterId = batch.at(-1)!.id;
    }
  }
  return summary;
}

type Due = Extract<PoolVerdict, { action: 'warn' | 'return' }>;

async function returnToPool(db: Db, workspaceId: string, timeZone: string, row: repo.ClockRow, verdict: Due) {
  const ownerId = row.owner_id!;
  await repo.setOwner(db, workspaceId, row.id, null);
  const collaborators = await repo.removeCollaborators(db, workspaceId, row.id);
  const reason = { rule: verdict.reason, days: verdict.days, since: verdict.since.toISOString() };
  await recordEvent(db, {
    workspaceId,
    actor: SYSTEM,
    entityType: 'customer',
    entityId: row.id,
    customerId: row.id,
    action: 'returned_to_pool',
    before: { ownerId, collaboratorIds: collaborators },
    after: { ownerId: null, collaboratorIds: [], reason },
  });
  await insertNotification(db, {
    workspaceId,
    userId: ownerId,
    kind: 'pool_returned',
    customerId: row.id,
    message: `客户「${row.name}」已 ${verdict.days} 天${REASON_ZH[verdict.reason]}，已退回公海`,
    data: { customerName: row.name, reason: verdict.reason, days: verdict.days, dueAt: verdict.dueAt.toISOString(), date: dateIn(timeZone, verdict.dueAt) },
    dedupeKey: `pool_returned:${row.id}:${ownerId}:${row.owner_since instanceof Date ? row.owner_since.toISOString() : String(row.owner_since)}`,
  });
}

/** Returns whether a new warning was written (false when this window was warned already). */
async function warnOwner(db: Db, workspaceId: string, timeZone: string, row: repo.ClockRow, verdict: Due): Promise<boolean> {
  const ownerId = row.owner_id!;
  const date = dateIn(timeZone, verdict.dueAt);
  const id = await insertNotification(db, {
    workspaceId,
    userId: ownerId,
    kind: 'pool_warning',
    customerId: row.id,
    message: `客户「${row.name}」将于 ${date} 退回公海（规则：${verdict.days} 天${REASON_ZH[verdict.reason]}），请及时跟进`,
    data: { customerName: row.name, reason: verdict.reason, days: verdict.days, dueAt: verdict.dueAt.toISOString(), date },
    // One warning per customer, owner, rule and due date: a new follow-up or owner opens a new window.
    dedupeKey: `pool_warning:${row.id}:${ownerId}:${verdict.reason}:${verdict.dueAt.toISOString()}`,
  });
  if (!id) return false;
  await recordEvent(db, {
    workspaceId,
    actor: SYSTEM,
    entityType: 'customer',
    entityId: row.id,
    customerId: row.id,
    action: 'pool_warning',
    // an empty before, so the timeline lists what was recorded as changes
    before: {},
    after: { ownerId, reason: { rule: verdict.reason, days: verdict.days, dueAt: verdict.dueAt.toISOString() } },
  });
  return true;
}

/** Nightly at 02:00 in the workspace's time zone; `now` may be given to replay a run. */
export const poolRulesJob: JobDefinition<{ now?: string }> = {
  name: 'pool-rules',
  cron: '0 2 * * *',
  expireInSeconds: 3600,
  async run(db, data) {
    await runPoolRules(db, data.now ? new Date(data.now) : new Date());
  },
};
