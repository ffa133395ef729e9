import type { RevealBody, RevealResult } from '../../../shared/visibility.ts';
import type { DbOrTx } from '../../db/database.ts';
import { notFound } from '../../http/errors.ts';
import { type Actor, eventActor } from '../auth/actor.ts';
import { collectSensitive } from '../customers/customers.masking.ts';
import { presentCustomer } from '../customers/customers.presenter.ts';
import { findCustomer } from '../customers/customers.repository.ts';
import { recordEvent } from '../events/events.repository.ts';

/**
 * 查看: shows one masked field of a customer the actor may see, in full, and writes
 * who looked at which field (never the value) to the audit log.
 */
export async function revealField(db: DbOrTx, actor: Actor, customerId: string, input: RevealBody): Promise<RevealResult> {
  const row = await findCustomer(db, actor, customerId);
  if (!row) throw notFound('Customer');
  const values = collectSensitive(presentCustomer(row), input.field);
  await recordEvent(db, {
    workspaceId: actor.workspaceId,
    actor: eventActor(actor),
    entityType: 'customer',
    entityId: customerId,
    customerId,
    action: 'revealed',
    // an empty before, so the timeline lists what was recorded as changes
    before: {},
    after: { field: input.field },
  });
  return { field: input.field, values };
}
