import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { uuidv7 } from '../lib/uuid.ts';
import { listEntityEvents } from '../domains/events/events.repository.ts';
import { withDatabase } from '../testing/harness.ts';
import { createDb } from './database.ts';
import { listMigrations, migrate } from './migrate.ts';

describe('migration 0031: imported customers carry their import', () => {
  const admin = createDb(withDatabase(inject('templateUrl'), 'postgres'), 1);
  const name = `${inject('testDbPrefix')}m31_${randomBytes(4).toString('hex')}`;
  const url = withDatabase(inject('templateUrl'), name);
  const db = createDb(url, 2);
  const before = fs.mkdtempSync(path.join(os.tmpdir(), 'kemai-0030-'));
  afterAll(async () => {
    await db.destroy();
    await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin);
    await admin.destroy();
    fs.rmSync(before, { recursive: true, force: true });
  });

  it("moves a created customer's change row onto the customer, keeps updated ones, and makes no second entry for an old import", async () => {
    await sql`create database ${sql.id(name)}`.execute(admin);
    for (const migration of listMigrations().filter((m) => m.version <= 30)) {
      fs.copyFileSync(migration.file, path.join(before, path.basename(migration.file)));
    }
    await migrate(url, before);

    const workspaceId = uuidv7();
    const userId = uuidv7();
    const [newImport, oldImport] = [uuidv7(), uuidv7()];
    const [created, oldCreated, updated] = [uuidv7(), uuidv7(), uuidv7()];
    await db.transaction().execute(async (tx) => {
      await sql`insert into workspaces (id, name) values (${workspaceId}, 'M31')`.execute(tx);
      const roleId = uuidv7();
      await sql`insert into roles (workspace_id, id, key, name, record_scope) values (${workspaceId}, ${roleId}, 'admin', '管理员', 'all')`.execute(tx);
      await sql`insert into users (workspace_id, id, email, name, password_hash, role_id)
        values (${workspaceId}, ${userId}, 'm31@example.com', '导入人', 'x', ${roleId})`.execute(tx);
      for (const [id, fileName] of [[newImport, 'new.csv'], [oldImport, 'old.csv']] as const) {
        await sql`insert into imports (workspace_id, id, kind, file_name, file_format, created_by, status)
          values (${workspaceId}, ${id}, 'customers', ${fileName}, 'csv', ${userId}, 'completed')`.execute(tx);
      }
      for (const [id, customerName] of [[created, '新导入'], [oldCreated, '旧导入'], [updated, '被更新']] as const) {
        await sql`insert into customers (workspace_id, id, kind, name, owner_id) values (${workspaceId}, ${id}, 'person', ${customerName}, ${userId})`.execute(tx);
      }
      await sql`insert into import_changes (workspace_id, import_id, entity_type, entity_id, action, row_no, changed_at) values
        (${workspaceId}, ${newImport}, 'customer', ${created}, 'created', 7, now()),
        (${workspaceId}, ${oldImport}, 'customer', ${oldCreated}, 'created', 3, null),
        (${workspaceId}, ${newImport}, 'customer', ${updated}, 'updated', null, now())`.execute(tx);
    });

    expect(await migrate(url)).toEqual(listMigrations().filter((m) => m.version > 30).map((m) => m.version));

    const customers = await db
      .selectFrom('customers')
      .select(['name', 'import_id', 'import_row_no'])
      .where('workspace_id', '=', workspaceId)
      .orderBy('name')
      .execute();
    expect(customers).toEqual([
      { name: '新导入', import_id: newImport, import_row_no: 7 },
      { name: '旧导入', import_id: oldImport, import_row_no: null },
      { name: '被更新', import_id: null, import_row_no: null },
    ]);
    const changes = await db.selectFrom('import_changes').select(['entity_id', 'action']).where('workspace_id', '=', workspaceId).execute();
    expect(changes).toEqual([{ entity_id: updated, action: 'updated' }]);

    // The timeline: the new import's customer gets its "imported" entry from its own row; the old import's customer
    // (which has an event of its own from that import) gets none made up.
    const entries = await listEntityEvents(db, workspaceId, 'customer', created, 10);
    expect(entries).toMatchObject([
      { id: created, action: 'imported', actor_id: userId, actor_name: '导入人', after: { importId: newImport, fileName: 'new.csv', rowNo: 7 } },
    ]);
    expect(await listEntityEvents(db, workspaceId, 'customer', oldCreated, 10)).toEqual([]);
  });
});
