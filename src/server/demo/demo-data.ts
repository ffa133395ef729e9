import type { Db, DbOrTx } from '../db/database.ts';
import { contactSearchText } from '../domains/customers/customers.search.ts';
import { insertCustomers } from '../domains/customers/customers.repository.ts';
import { recordEvent, recordEvents } from '../domains/events/events.repository.ts';
import { insertTeam, updateTeam } from '../domains/teams/teams.repository.ts';
import { createUser } from '../domains/users/users.service.ts';
import { uuidv7 } from '../lib/uuid.ts';
import { generateCustomers } from './customer-generator.ts';

export const DEMO_PASSWORD = 'kemai-demo-2026';
const DEMO_CUSTOMERS = 3000;
const SYSTEM = { type: 'system' as const, id: null };

const DEMO_TEAMS = [
  { name: '华东销售部', manager: ['王建国', 'wang.jianguo'], reps: [['李娜', 'li.na'], ['陈静', 'chen.jing'], ['刘洋', 'liu.yang']] },
  { name: '华北销售部', manager: ['赵志强', 'zhao.zhiqiang'], reps: [['孙丽', 'sun.li'], ['周杰', 'zhou.jie'], ['吴敏', 'wu.min']] },
] as const;

async function demoTeam(tx: DbOrTx, workspaceId: string, spec: (typeof DEMO_TEAMS)[number]) {
  const teamId = uuidv7();
  await insertTeam(tx, { workspace_id: workspaceId, id: teamId, name: spec.name, manager_id: null });
  const user = (name: string, login: string, role: 'sales_manager' | 'sales_rep') =>
    createUser(tx, workspaceId, null, { email: `${login}@demo.kemai.local`, name, password: DEMO_PASSWORD, role, teamId });
  const manager = await user(spec.manager[0], spec.manager[1], 'sales_manager');
  await updateTeam(tx, workspaceId, teamId, { manager_id: manager.id });
  const reps = [];
  for (const [name, login] of spec.reps) reps.push(await user(name, login, 'sales_rep'));
  await recordEvent(tx, {
    workspaceId,
    actor: SYSTEM,
    entityType: 'team',
    entityId: teamId,
    action: 'created',
    before: null,
    after: { id: teamId, name: spec.name, managerId: manager.id },
  });
  return [manager.id, ...reps.map((rep) => rep.id)];
}

/** Loads the demo company: two sales teams, a service agent, an analyst and a few thousand customers. */
export async function loadDemoData(db: Db, workspaceId: string, adminId: string) {
  return db.transaction().execute(async (tx) => {
    const ownerIds: string[] = [];
    for (const team of DEMO_TEAMS) ownerIds.push(...(await demoTeam(tx, workspaceId, team)));
    const agent = await createUser(tx, workspaceId, null, { email: 'zheng.hui@demo.kemai.local', name: '郑慧', password: DEMO_PASSWORD, role: 'service_agent' });
    await createUser(tx, workspaceId, null, { email: 'he.yu@demo.kemai.local', name: '何宇', password: DEMO_PASSWORD, role: 'analyst' });
    ownerIds.push(adminId, agent.id);

    let batch: Array<Parameters<typeof insertDemoCustomers>[2][number]> = [];
    for (const customer of generateCustomers({ seed: 2026, count: DEMO_CUSTOMERS, ownerIds })) {
      batch.push(customer);
      if (batch.length === 500) {
        await insertDemoCustomers(tx, workspaceId, batch);
        batch = [];
      }
    }
    if (batch.length) await insertDemoCustomers(tx, workspaceId, batch);
    return { customers: DEMO_CUSTOMERS, users: ownerIds.length, teams: DEMO_TEAMS.length, password: DEMO_PASSWORD };
  });
}

async function insertDemoCustomers(tx: DbOrTx, workspaceId: string, customers: Array<ReturnType<typeof generateCustomers> extends Generator<infer T> ? T : never>) {
  const rows = customers.map((customer) => ({
    workspace_id: workspaceId,
    id: uuidv7(customer.createdAt.getTime()),
    kind: customer.kind,
    name: customer.name,
    name_pinyin: customer.namePinyin,
    name_initials: customer.nameInitials,
    phones: customer.phones,
    emails: customer.emails,
    contact_search: contactSearchText(customer.phones, customer.emails),
    city: customer.city,
    address: customer.address,
    tags: customer.tags,
    status: customer.status,
    owner_id: customer.ownerId,
    created_at: customer.createdAt,
    updated_at: customer.updatedAt,
  }));
  await insertCustomers(tx, rows);
  await recordEvents(
    tx,
    rows.map((row) => ({
      workspaceId,
      actor: SYSTEM,
      entityType: 'customer',
      entityId: row.id,
      customerId: row.id,
      action: 'created',
      occurredAt: row.created_at,
      before: null,
      after: { name: row.name, kind: row.kind, source: 'demo' },
    })),
  );
}
