import type { DbOrTx } from '../db/database.ts';
import { recordEvent } from '../domains/events/events.repository.ts';
import { insertTeam, updateTeam } from '../domains/teams/teams.repository.ts';
import { createUser } from '../domains/users/users.service.ts';
import { uuidv7 } from '../lib/uuid.ts';

export interface SalesTeamSpec {
  name: string;
  manager: { name: string; email: string };
  reps: Array<{ name: string; email: string }>;
}

/**
 * A sales team made the way Kemai makes one: the team, its manager (sales
 * manager role) and reps (sales rep role) through the users service, and the
 * team's audit event. Returns the manager's and the reps' user ids.
 */
export async function createSalesTeam(tx: DbOrTx, workspaceId: string, spec: SalesTeamSpec, password: string) {
  const teamId = uuidv7();
  await insertTeam(tx, { workspace_id: workspaceId, id: teamId, name: spec.name, manager_id: null });
  const user = (person: { name: string; email: string }, role: 'sales_manager' | 'sales_rep') =>
    createUser(tx, workspaceId, null, { ...person, password, role, teamId });
  const manager = await user(spec.manager, 'sales_manager');
  await updateTeam(tx, workspaceId, teamId, { manager_id: manager.id });
  const reps = [];
  for (const rep of spec.reps) reps.push(await user(rep, 'sales_rep'));
  await recordEvent(tx, {
    workspaceId,
    actor: { type: 'system', id: null },
    entityType: 'team',
    entityId: teamId,
    action: 'created',
    before: null,
    after: { id: teamId, name: spec.name, managerId: manager.id },
  });
  return { teamId, managerId: manager.id, repIds: reps.map((rep) => rep.id) };
}
