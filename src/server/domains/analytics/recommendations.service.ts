import type { CustomerRecommendations, ProductAssociationList, ProductAssociationQuery } from '../../../shared/analytics.ts';
import type { DbOrTx } from '../../db/database.ts';
import { notFound } from '../../http/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { findCustomer } from '../customers/customers.repository.ts';
import { workspaceTimeZone } from './analytics.repository.ts';
import { presentAssociation, presentRecommendation } from './recommendations.presenter.ts';
import * as repo from './recommendations.repository.ts';

/** A customer's next products to offer, from the last refresh's rules and their orders: 404 unless the actor may see the customer. */
export async function getCustomerRecommendations(db: DbOrTx, actor: Actor, customerId: string): Promise<CustomerRecommendations> {
  const customer = await findCustomer(db, actor, customerId);
  if (!customer || customer.deleted_at) throw notFound('Customer');
  const run = await repo.findRun(db, actor.workspaceId);
  if (!run) return { customerId, status: 'not_computed', asOf: null, lookbackMonths: null, items: [] };
  const window = {
    workspaceId: actor.workspaceId,
    customerId,
    timeZone: await workspaceTimeZone(db, actor.workspaceId),
    asOf: run.as_of,
    lookbackMonths: run.lookback_months,
  };
  const rows = await repo.customerRecommendations(db, window);
  const items = rows.map((row, index) => presentRecommendation(row, index + 1));
  let status: CustomerRecommendations['status'] = 'ready';
  if (items.length === 0) status = (await repo.boughtProductsInWindow(db, window)) ? 'nothing_new' : 'no_recent_products';
  return { customerId, status, asOf: run.as_of, lookbackMonths: run.lookback_months, items };
}

/** The strongest association rules of the last refresh, for analysts. */
export async function listProductAssociations(db: DbOrTx, actor: Actor, query: ProductAssociationQuery): Promise<ProductAssociationList> {
  const [run, rows] = await Promise.all([repo.findRun(db, actor.workspaceId), repo.listAssociations(db, actor.workspaceId, query)]);
  return {
    asOf: run?.as_of ?? null,
    lookbackMonths: run?.lookback_months ?? null,
    baskets: run?.baskets ?? 0,
    sampleEvery: run?.sample_every ?? null,
    minPairCustomers: run?.min_pair_customers ?? null,
    minLift: run?.min_lift ?? null,
    items: rows.map(presentAssociation),
  };
}
