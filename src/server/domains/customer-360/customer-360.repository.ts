import type { DbOrTx } from '../../db/database.ts';

export async function workspaceTimeZone(db: DbOrTx, workspaceId: string): Promise<string> {
  const row = await db.selectFrom('workspaces').select('time_zone').where('id', '=', workspaceId).executeTakeFirst();
  return row?.time_zone ?? 'Asia/Shanghai';
}
