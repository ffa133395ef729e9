import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { Permission, RoleKey } from '../../../shared/auth.ts';
import { createDb } from '../../db/database.ts';
import { listMigrations, migrate, MIGRATIONS_DIR } from '../../db/migrate.ts';
import { uuidv7 } from '../../lib/uuid.ts';
import { SYSTEM_ROLES } from '../auth/roles.ts';

const MINE: Permission[] = ['customers.reveal', 'customers.reassign', 'pool.manage'];

describe('migration 0005 on a workspace that existed before it', () => {
  const templateUrl = inject('templateUrl');
  const admin = createDb(new URL('/postgres', templateUrl).toString(), 1);
  const name = `${inject('testDbPrefix')}p${randomBytes(5).toString('hex')}`;
  const url = new URL(`/${name}`, templateUrl).toString();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kemai-migrations-'));
  afterAll(async () => {
    await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin);
    await admin.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gives the existing system roles the new permissions exactly as roles.ts gives new workspaces', async () => {
    await sql`create database ${sql.id(name)}`.execute(admin);
    for (const migration of listMigrations().filter((m) => m.version < 5)) fs.copyFileSync(migration.file, path.join(dir, path.basename(migration.file)));
    await migrate(url, dir);
    const db = createDb(url, 1);
    try {
      const workspaceId = uuidv7();
      await db.insertInto('workspaces').values({ id: workspaceId, name: '老公司' }).execute();
      await db
        .insertInto('roles')
        .values(
          Object.entries(SYSTEM_ROLES).map(([key, role]) => ({
            workspace_id: workspaceId,
            id: uuidv7(),
            key,
            name: role.name,
            permissions: role.permissions.filter((permission) => !MINE.includes(permission)),
            record_scope: role.recordScope,
          })),
        )
        .execute();
      await migrate(url, MIGRATIONS_DIR);
      const roles = await db.selectFrom('roles').select(['key', 'permissions']).where('workspace_id', '=', workspaceId).execute();
      expect(roles).toHaveLength(Object.keys(SYSTEM_ROLES).length);
      for (const role of roles) {
        const expected = SYSTEM_ROLES[role.key as RoleKey].permissions.filter((permission) => MINE.includes(permission)).sort();
        expect(role.permissions.filter((permission) => MINE.includes(permission as Permission)).sort(), role.key).toEqual(expected);
      }
    } finally {
      await db.destroy();
    }
  });
});
