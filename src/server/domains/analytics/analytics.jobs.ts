import type { Db } from '../../db/database.ts';
import type { JobDefinition } from '../../jobs/jobs.ts';
import { todayIn } from '../../lib/dates.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import * as analytics from './analytics.repository.ts';
import { runRefresh } from './refresh.service.ts';

export type RefreshJobData = { workspaceId?: string; refreshId?: string };

/**
 * Score refresh: on demand (POST /api/analytics/refresh queues a refresh row and
 * sends its id) and nightly at 02:00 (no data: every workspace gets a refresh as of today).
 */
export const analyticsRefreshJob: JobDefinition<RefreshJobData> = {
  name: 'analytics-refresh',
  cron: '0 2 * * *',
  // 1M customers / 10M orders take about a minute; leave room on a busy machine
  expireInSeconds: analytics.REFRESH_EXPIRY_SECONDS,
  async run(db: Db, data: RefreshJobData) {
    if (data.workspaceId && data.refreshId) return runRefresh(db, data.workspaceId, data.refreshId);
    for (const workspaceId of await analytics.listWorkspaceIds(db)) {
      const refresh = await queueScheduledRefresh(db, workspaceId, new Date());
      if (refresh) await runRefresh(db, workspaceId, refresh.id);
    }
  },
};

/** The nightly refresh of one workspace, unless one is already queued or running. */
async function queueScheduledRefresh(db: Db, workspaceId: string, now: Date) {
  return db.transaction().execute(async (tx) => {
    if (await analytics.findActiveRefresh(tx, workspaceId)) return null;
    const asOf = todayIn(await analytics.workspaceTimeZone(tx, workspaceId), now);
    return analytics.insertRefresh(tx, { workspaceId, id: uuidv7(), trigger: 'schedule', requestedBy: null, asOf });
  });
}
