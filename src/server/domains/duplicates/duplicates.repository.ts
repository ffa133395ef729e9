import { sql } from 'kysely';
import { DUPLICATE_REASONS, type DuplicateGroupReason, type DuplicateReason, REASON_SCORES } from '../../../shared/duplicates.ts';
import type { DbOrTx } from '../../db/database.ts';
import type { Actor } from '../auth/actor.ts';
import { visibleCustomerIds } from '../customers/customers.repository.ts';
import { emailKey, phoneKey } from '../customers/customers.search.ts';

/** What a record is compared on, already normalised (phones as stored, e-mails lower-case). */
export interface DuplicateProbe {
  name: string;
  namePinyin: string;
  nameInitials: string;
  phones: string[];
  emails: string[];
  city: string | null;
  organizationIds: string[];
  creditCode: string | null;
  excludeId?: string | undefined;
}

/** How many candidates each kind of match may bring: the form shows a handful, not a list. */
const PER_REASON = 20;

/**
 * Likely duplicates of one record across the whole workspace (visible or not;
 * the service decides what the caller may see). Each arm uses an index:
 * the phone/e-mail keys of migration 0010, btrees on name, pinyin, initials and credit code.
 */
export async function findMatches(db: DbOrTx, workspaceId: string, probe: DuplicateProbe) {
  const exclude = probe.excludeId ?? '00000000-0000-0000-0000-000000000000';
  const base = sql`c.workspace_id = ${workspaceId} and c.deleted_at is null and c.id <> ${exclude}::uuid`;
  const arms = [];
  // Phones and e-mails through customer_contact_keys' primary key: one btree probe each.
  const byKey = (reason: 'phone' | 'email', keys: string[]) =>
    sql`(select c.id, ${reason}::text as reason from customers c where ${base}
          and c.id in (select k.customer_id from customer_contact_keys k where k.workspace_id = ${workspaceId} and k.key = any(${keys}::text[]))
          limit ${PER_REASON})`;
  if (probe.phones.length) arms.push(byKey('phone', probe.phones.map(phoneKey)));
  if (probe.emails.length) arms.push(byKey('email', probe.emails.map(emailKey)));
  if (probe.creditCode) {
    arms.push(sql`(select c.id, 'credit_code' as reason from customers c where ${base} and c.profile ->> 'creditCode' = ${probe.creditCode} limit ${PER_REASON})`);
  }
  if (probe.name && probe.organizationIds.length) {
    arms.push(sql`(select c.id, 'name_org' as reason from customers c where ${base} and c.name = ${probe.name}
      and exists (select 1 from customer_contacts cc where cc.workspace_id = c.workspace_id and cc.person_id = c.id
                  and cc.organization_id = any(${probe.organizationIds}::uuid[])) limit ${PER_REASON})`);
  }
  if (probe.name && probe.city) {
    arms.push(sql`(select c.id, 'name_city' as reason from customers c where ${base} and c.name = ${probe.name} and c.city = ${probe.city} limit ${PER_REASON})`);
  }
  // Near names: written with other characters but read the same (张伟 / 张玮), or the same initials in the same city.
  if (probe.namePinyin.length >= 4) {
    arms.push(sql`(select c.id, 'pinyin' as reason from customers c where ${base} and c.name_pinyin = ${probe.namePinyin} and c.name <> ${probe.name} and c.name_pinyin <> '' limit ${PER_REASON})`);
  }
  if (probe.nameInitials.length >= 2 && probe.city) {
    arms.push(sql`(select c.id, 'initials_city' as reason from customers c where ${base} and c.name_initials = ${probe.nameInitials}
      and c.city = ${probe.city} and c.name_pinyin <> ${probe.namePinyin} limit ${PER_REASON})`);
  }
  if (arms.length === 0) return [];
  const result = await sql<{ id: string; reason: DuplicateReason }>`${sql.join(arms, sql` union all `)}`.execute(db);
  return result.rows;
}

const candidateColumns = [
  'customers.id',
  'customers.kind',
  'customers.name',
  'customers.phones',
  'customers.emails',
  'customers.city',
  'customers.status',
  'customers.owner_id',
  'owner.name as owner_name',
  'customers.updated_at',
  sql<string | null>`customers.profile ->> 'creditCode'`.as('credit_code'),
] as const;

/** The records among `ids` the actor may see, with what the candidate cards show. */
export function findVisibleCandidates(db: DbOrTx, actor: Actor, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('customers')
    .leftJoin('users as owner', (join) =>
      join.onRef('owner.workspace_id', '=', 'customers.workspace_id').onRef('owner.id', '=', 'customers.owner_id'),
    )
    .select(candidateColumns)
    .where('customers.workspace_id', '=', actor.workspaceId)
    .where('customers.id', 'in', ids)
    .where('customers.id', 'in', visibleCustomerIds(db, actor))
    .execute();
}
export type CandidateRow = Awaited<ReturnType<typeof findVisibleCandidates>>[number];

const scoreCase = sql.raw(
  `case reason ${DUPLICATE_REASONS.map((reason) => `when '${reason}' then ${REASON_SCORES[reason]}`).join(' ')} else 0 end`,
);

/**
 * Candidate groups across the records the actor may see, best first, computed
 * set-wise in one statement: records sharing a phone, an e-mail, a credit
 * code, a name within a city or an organisation, or a pinyin reading. Groups
 * with identical members are one group with several reasons. Keys shared by
 * more than `maxGroupSize` records (a switchboard number) are no duplicates and are left out.
 */
export async function findGroups(
  db: DbOrTx,
  actor: Actor,
  page: { reason?: DuplicateGroupReason | undefined; limit: number; offset: number; maxGroupSize: number; maxScanned: number },
) {
  const columns = sql`c.workspace_id, c.id, c.name, c.city, c.phones, c.emails, c.name_pinyin, c.profile ->> 'creditCode' as credit_code`;
  // The work per request is capped: the most recently changed customers, through customers_updated_idx.
  const visible =
    actor.role.recordScope === 'all'
      ? sql`select ${columns} from customers c where c.workspace_id = ${actor.workspaceId} and c.deleted_at is null
              order by c.updated_at desc, c.id desc limit ${page.maxScanned}`
      : sql`select ${columns} from customers c where c.workspace_id = ${actor.workspaceId} and c.deleted_at is null
              and c.id in (${visibleCustomerIds(db, actor)}) order by c.updated_at desc, c.id desc limit ${page.maxScanned}`;
  const max = page.maxGroupSize;
  const want = (reason: DuplicateGroupReason) => page.reason === undefined || page.reason === reason;
  const arms = [];
  if (want('phone')) {
    arms.push(sql`select 'phone', p, array_agg(v.id order by v.id)
      from visible v cross join lateral unnest(v.phones) as p group by p having count(*) between 2 and ${max}`);
  }
  if (want('email')) {
    arms.push(sql`select 'email', e, array_agg(v.id order by v.id)
      from visible v cross join lateral unnest(v.emails) as e group by e having count(*) between 2 and ${max}`);
  }
  if (want('credit_code')) {
    arms.push(sql`select 'credit_code', v.credit_code, array_agg(v.id order by v.id)
      from visible v where v.credit_code is not null group by v.credit_code having count(*) between 2 and ${max}`);
  }
  if (want('name_city')) {
    arms.push(sql`select 'name_city', v.name || ' · ' || v.city, array_agg(v.id order by v.id)
      from visible v where v.city is not null group by v.name, v.city having count(*) between 2 and ${max}`);
  }
  if (want('name_org')) {
    arms.push(sql`select 'name_org', v.name || ' · ' || min(org.name), array_agg(v.id order by v.id)
      from visible v
      join customer_contacts cc on cc.workspace_id = v.workspace_id and cc.person_id = v.id
      join customers org on org.workspace_id = cc.workspace_id and org.id = cc.organization_id
      group by cc.organization_id, v.name having count(*) between 2 and ${max}`);
  }
  if (want('pinyin')) {
    arms.push(sql`select 'pinyin', v.name_pinyin, array_agg(v.id order by v.id)
      from visible v where char_length(v.name_pinyin) >= 5 group by v.name_pinyin
      having count(distinct v.name) > 1 and count(*) between 2 and ${max}`);
  }
  const result = await sql<{ reason: DuplicateReason; reasons: DuplicateReason[]; value: string; ids: string[]; score: number }>`
    with visible as materialized (${visible}),
    -- Named here, not by the first arm: with a reason filter the phone arm, which named them, may be left out.
    keys (reason, value, ids) as (${sql.join(arms, sql` union all `)}),
    scored as (select reason, value, ids, ${scoreCase} as score from keys),
    grouped as (
      select ids,
             (array_agg(reason order by score desc, value))[1] as reason,
             array_agg(distinct reason) as reasons,
             (array_agg(value order by score desc, value))[1] as value,
             least(100, max(score) + 5 * (count(distinct reason) - 1))::int as score
      from scored group by ids
    )
    select reason, reasons, value, ids, score from grouped
    order by score desc, cardinality(ids) desc, value, ids
    limit ${page.limit} offset ${page.offset}`.execute(db);
  return result.rows;
}
