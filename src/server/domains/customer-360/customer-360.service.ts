import type { Customer360 } from '../../../shared/customer-360.ts';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../auth/actor.ts';
import { listContacts, listRelations } from '../customer-links/customer-links.service.ts';
import * as customers from '../customers/customers.service.ts';
import { listDefinitions } from '../custom-fields/custom-fields.service.ts';
import { listHistory, listStages } from '../lifecycle/lifecycle.service.ts';
import { orderSummaryOfVisibleCustomer } from '../orders/orders.service.ts';
import { todayIn } from '../../lib/dates.ts';
import { nextLunarBirthday, nextSolarBirthday } from './birthdays.ts';
import { workspaceTimeZone } from './customer-360.repository.ts';

/**
 * The customer 360 payload in a fixed number of queries whatever the number of
 * relations or contacts: the customer first (scope check, 404), then the rest
 * side by side. Related customers the actor may not see carry no name.
 */
export async function getCustomer360(db: Db, actor: Actor, id: string): Promise<Customer360> {
  const customer = await customers.getCustomer(db, actor, id);
  const [relations, contacts, history, stages, definitions, timeZone, orders] = await Promise.all([
    listRelations(db, actor, id),
    listContacts(db, actor, id),
    listHistory(db, actor.workspaceId, id),
    listStages(db, actor.workspaceId),
    listDefinitions(db, actor.workspaceId),
    workspaceTimeZone(db, actor.workspaceId),
    actor.role.permissions.includes('orders.read') ? orderSummaryOfVisibleCustomer(db, actor, id) : Promise.resolve(null),
  ]);
  const today = todayIn(timeZone);
  const profile = customer.profile;
  return {
    customer,
    relations,
    contacts,
    lifecycle: { stages, history },
    customFieldDefinitions: definitions,
    birthdays: {
      nextSolar: profile.kind === 'person' && profile.birthday ? nextSolarBirthday(profile.birthday, today) : null,
      nextLunar: profile.kind === 'person' && profile.lunarBirthday ? nextLunarBirthday(profile.lunarBirthday, today) : null,
    },
    orders,
  };
}
