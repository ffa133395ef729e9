import { randomBytes } from 'node:crypto';
import { type InsertType, type SelectType, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../testing/harness.ts';
import { createDb, type Db } from './database.ts';
import { listMigrations, migrate } from './migrate.ts';
import type { Database } from './schema.ts';

/**
 * schema.ts's types vanish at runtime, so the expected columns are written out
 * here, and the compiler checks this list against schema.ts: every table and
 * every column must be present (no more, no fewer), each with the PostgreSQL
 * type its TypeScript type maps to, ` null` when the column type admits null,
 * and ` default` when an insert may omit it although it is NOT NULL (so the
 * database must supply a default). The test then compares it with the database.
 */
type PgType<T> = [T] extends [Date]
  ? 'timestamptz'
  : [T] extends [readonly string[]]
    ? 'text[]' | 'date[]'
    : [T] extends [readonly number[]]
      ? 'int4[]' | 'int8[]'
      : [T] extends [boolean]
      ? 'bool'
      : [T] extends [number]
        ? 'int4' | 'int8' | 'float8'
        : [T] extends [string]
          ? 'uuid' | 'text' | 'bpchar' | 'date'
          : [T] extends [Record<string, unknown> | readonly unknown[]]
            ? 'jsonb'
            : never;

type ColumnSpec<C> = null extends SelectType<C>
  ? `${PgType<NonNullable<SelectType<C>>>} null`
  : undefined extends InsertType<C>
    ? `${PgType<SelectType<C>>} default`
    : PgType<SelectType<C>>;

type Expected = { [T in keyof Database]: { [C in keyof Database[T]]-?: ColumnSpec<Database[T][C]> } };

const EXPECTED = {
  workspaces: { id: 'uuid', name: 'text', time_zone: 'text default', created_at: 'timestamptz default' },
  roles: {
    workspace_id: 'uuid',
    id: 'uuid',
    key: 'text',
    name: 'text',
    permissions: 'text[] default',
    record_scope: 'text',
    created_at: 'timestamptz default',
  },
  users: {
    workspace_id: 'uuid',
    id: 'uuid',
    email: 'text',
    name: 'text',
    password_hash: 'text',
    role_id: 'uuid',
    team_id: 'uuid null',
    active: 'bool default',
    version: 'int4 default',
    created_at: 'timestamptz default',
    updated_at: 'timestamptz default',
  },
  teams: {
    workspace_id: 'uuid',
    id: 'uuid',
    name: 'text',
    manager_id: 'uuid null',
    version: 'int4 default',
    created_at: 'timestamptz default',
    updated_at: 'timestamptz default',
  },
  sessions: {
    workspace_id: 'uuid',
    id: 'uuid',
    token_hash: 'text',
    user_id: 'uuid',
    csrf_token: 'text',
    created_at: 'timestamptz default',
    expires_at: 'timestamptz',
  },
  api_keys: {
    workspace_id: 'uuid',
    id: 'uuid',
    name: 'text',
    prefix: 'text',
    key_hash: 'text',
    user_id: 'uuid',
    role_id: 'uuid',
    created_at: 'timestamptz default',
    last_used_at: 'timestamptz null',
    revoked_at: 'timestamptz null',
  },
  events: {
    workspace_id: 'uuid',
    id: 'uuid',
    occurred_at: 'timestamptz default',
    actor_type: 'text',
    actor_id: 'uuid null',
    entity_type: 'text',
    entity_id: 'uuid',
    customer_id: 'uuid null',
    action: 'text',
    before: 'jsonb null',
    after: 'jsonb null',
  },
  customers: {
    workspace_id: 'uuid',
    id: 'uuid',
    kind: 'text',
    name: 'text',
    name_pinyin: 'text default',
    name_initials: 'text default',
    phones: 'text[] default',
    emails: 'text[] default',
    contact_search: 'text default',
    city: 'text null',
    address: 'text null',
    tags: 'text[] default',
    status: 'text default',
    owner_id: 'uuid null',
    profile: 'jsonb default',
    relationship_type: 'text null',
    value_class: 'text null',
    key_account: 'bool default',
    lifecycle_stage: 'text null',
    custom_fields: 'jsonb default',
    version: 'int4 default',
    created_at: 'timestamptz default',
    updated_at: 'timestamptz default',
    deleted_at: 'timestamptz null',
    owner_since: 'timestamptz null',
    last_follow_up_at: 'timestamptz null',
    import_id: 'uuid null',
    import_row_no: 'int4 null',
  },
  product_categories: { workspace_id: 'uuid', id: 'uuid', name: 'text', parent_id: 'uuid null', created_at: 'timestamptz default' },
  products: {
    workspace_id: 'uuid',
    id: 'uuid',
    sku: 'text',
    name: 'text',
    category_id: 'uuid null',
    unit_price: 'int8',
    currency: 'bpchar default',
    active: 'bool default',
    version: 'int4 default',
    created_at: 'timestamptz default',
    updated_at: 'timestamptz default',
    deleted_at: 'timestamptz null',
  },
  orders: {
    workspace_id: 'uuid',
    id: 'uuid',
    order_no: 'text',
    customer_id: 'uuid',
    ordered_at: 'timestamptz',
    channel: 'text default',
    status: 'text default',
    currency: 'bpchar default',
    amount: 'int8',
    owner_id: 'uuid null',
    note: 'text null',
    version: 'int4 default',
    created_at: 'timestamptz default',
    updated_at: 'timestamptz default',
  },
  order_lines: {
    workspace_id: 'uuid',
    order_id: 'uuid',
    line_no: 'int4',
    product_id: 'uuid null',
    description: 'text',
    quantity: 'int4',
    unit_price: 'int8',
    amount: 'int8',
  },
  lifecycle_stages: { workspace_id: 'uuid', key: 'text', name_zh: 'text', name_en: 'text', position: 'int4', retired_at: 'timestamptz null' },
  customer_lifecycle_history: {
    workspace_id: 'uuid',
    id: 'uuid',
    customer_id: 'uuid',
    occurred_at: 'timestamptz default',
    from_stage: 'text null',
    to_stage: 'text',
    actor_type: 'text',
    actor_id: 'uuid null',
    reason: 'text null',
  },
  custom_field_definitions: {
    workspace_id: 'uuid',
    id: 'uuid',
    key: 'text',
    label_zh: 'text',
    label_en: 'text',
    type: 'text',
    options: 'jsonb default',
    required: 'bool default',
    position: 'int4 default',
    archived_at: 'timestamptz null',
    version: 'int4 default',
    created_at: 'timestamptz default',
    updated_at: 'timestamptz default',
  },
  customer_relations: {
    workspace_id: 'uuid',
    id: 'uuid',
    from_customer_id: 'uuid',
    to_customer_id: 'uuid',
    type: 'text',
    note: 'text null',
    created_at: 'timestamptz default',
  },
  customer_contacts: {
    workspace_id: 'uuid',
    organization_id: 'uuid',
    person_id: 'uuid',
    role: 'text',
    title: 'text null',
    is_primary: 'bool default',
    created_at: 'timestamptz default',
  },
  saved_views: {
    workspace_id: 'uuid',
    id: 'uuid',
    owner_id: 'uuid',
    name: 'text',
    query: 'jsonb default',
    columns: 'text[] default',
    sort: 'text null',
    shared_team_id: 'uuid null',
    created_at: 'timestamptz default',
    updated_at: 'timestamptz default',
    version: 'int4 default',
  },
  customer_collaborators: { workspace_id: 'uuid', customer_id: 'uuid', user_id: 'uuid', added_at: 'timestamptz default' },
  customer_follow_ups: {
    workspace_id: 'uuid',
    id: 'uuid',
    customer_id: 'uuid',
    user_id: 'uuid null',
    channel: 'text',
    note: 'text',
    occurred_at: 'timestamptz default',
  },
  pool_rules: {
    workspace_id: 'uuid',
    id: 'uuid',
    enabled: 'bool default',
    no_follow_up_days: 'int4 null',
    no_deal_days: 'int4 null',
    warn_days: 'int4 default',
    daily_claim_limit: 'int4 null',
    version: 'int4 default',
    updated_at: 'timestamptz default',
  },
  notifications: {
    workspace_id: 'uuid',
    id: 'uuid',
    user_id: 'uuid',
    kind: 'text',
    customer_id: 'uuid null',
    message: 'text',
    data: 'jsonb default',
    dedupe_key: 'text null',
    created_at: 'timestamptz default',
    read_at: 'timestamptz null',
  },
  customer_merges: {
    workspace_id: 'uuid',
    id: 'uuid',
    survivor_id: 'uuid',
    loser_id: 'uuid',
    survivor_before: 'jsonb',
    loser_before: 'jsonb',
    survivor_after: 'jsonb',
    choices: 'jsonb default',
    merged_by: 'uuid null',
    merged_at: 'timestamptz default',
    undone_by: 'uuid null',
    undone_at: 'timestamptz null',
  },
  customer_merge_rows: {
    workspace_id: 'uuid',
    merge_id: 'uuid',
    position: 'int4',
    table_name: 'text',
    column_name: 'text',
    action: 'text',
    row_data: 'jsonb',
  },
  imports: {
    workspace_id: 'uuid',
    id: 'uuid',
    kind: 'text',
    file_name: 'text',
    file_format: 'text',
    encoding: 'text null',
    file_size: 'int8 default',
    headers: 'text[] default',
    mapping: 'jsonb default',
    policy: 'text default',
    status: 'text default',
    total_rows: 'int4 null',
    rows_done: 'int4 default',
    created_count: 'int4 default',
    updated_count: 'int4 default',
    skipped_count: 'int4 default',
    error_count: 'int4 default',
    failure: 'text null',
    created_by: 'uuid',
    created_at: 'timestamptz default',
    started_at: 'timestamptz null',
    finished_at: 'timestamptz null',
    undone_by: 'uuid null',
    undone_at: 'timestamptz null',
  },
  import_errors: {
    workspace_id: 'uuid',
    import_id: 'uuid',
    row_no: 'int4',
    position: 'int4',
    severity: 'text default',
    column_name: 'text null',
    reason: 'text',
  },
  import_changes: {
    workspace_id: 'uuid',
    import_id: 'uuid',
    entity_type: 'text',
    entity_id: 'uuid',
    action: 'text',
    before: 'jsonb null',
  },
  analytics_settings: {
    workspace_id: 'uuid',
    id: 'uuid',
    rfm_method: 'text default',
    rfm_thresholds: 'jsonb default',
    segment_high_min: 'int4 default',
    abc_a_share: 'float8 default',
    abc_b_share: 'float8 default',
    key_account_share: 'float8 default',
    clv_horizon_weeks: 'int4 default',
    clv_discount_monthly: 'float8 default',
    churn_threshold: 'float8 default',
    churn_warn_tiers: 'text[] default',
    currency: 'bpchar default',
    version: 'int4 default',
    updated_at: 'timestamptz default',
    credit_scorecard: 'jsonb default',
    selection_matrix: 'jsonb default',
  },
  analytics_refreshes: {
    workspace_id: 'uuid',
    id: 'uuid',
    status: 'text default',
    trigger: 'text',
    requested_by: 'uuid null',
    as_of: 'date',
    step: 'text null',
    progress: 'int4 default',
    error: 'text null',
    customers: 'int4 null',
    queued_at: 'timestamptz default',
    started_at: 'timestamptz null',
    finished_at: 'timestamptz null',
  },
  clv_model_fits: {
    workspace_id: 'uuid',
    refresh_id: 'uuid',
    as_of: 'date',
    status: 'text',
    reason: 'text null',
    customers: 'int4',
    repeat_buyers: 'int4',
    bgnbd: 'jsonb null',
    gamma_gamma: 'jsonb null',
    horizon_weeks: 'int4',
    discount_monthly: 'float8',
    fitted_at: 'timestamptz default',
  },
  customer_scores: {
    workspace_id: 'uuid',
    customer_id: 'uuid',
    refresh_id: 'uuid',
    as_of: 'date',
    first_order_on: 'date',
    last_order_on: 'date',
    orders: 'int4',
    purchase_days: 'int4',
    recency_days: 'int4',
    monetary: 'int8',
    r_score: 'int4',
    f_score: 'int4',
    m_score: 'int4',
    segment: 'text',
    cumulative_share: 'float8',
    abc_tier: 'text',
    key_account: 'bool',
    tx_weeks: 'float8',
    age_weeks: 'float8',
    repeat_mean_spend: 'float8',
    p_alive: 'float8 null',
    expected_purchases: 'float8 null',
    expected_spend: 'float8 null',
    clv: 'float8 null',
    mean_gap_days: 'float8 null',
    spend_recent: 'int8',
    spend_previous: 'int8',
    churn_risk: 'float8 null',
    computed_at: 'timestamptz default',
  },
  customer_score_history: {
    workspace_id: 'uuid',
    as_of: 'date',
    customer_id: 'uuid',
    r_score: 'int4',
    f_score: 'int4',
    m_score: 'int4',
    segment: 'text',
    abc_tier: 'text',
    monetary: 'int8',
    clv: 'float8 null',
    churn_risk: 'float8 null',
  },
  revenue_monthly: { workspace_id: 'uuid', month: 'date', owner_key: 'uuid', orders: 'int4', customers: 'int4', revenue: 'int8' },
  dashboard_rollups: { workspace_id: 'uuid', owner_key: 'uuid', dimension: 'text', bucket: 'text', customers: 'int4', monetary: 'int8', key_accounts: 'int4' },
  customer_cohorts: { workspace_id: 'uuid', cohort_month: 'date', month_offset: 'int4', owner_key: 'uuid', customers: 'int4', revenue: 'int8' },
  customer_selection: {
    workspace_id: 'uuid',
    customer_id: 'uuid',
    refresh_id: 'uuid',
    value_metric: 'text',
    value_amount: 'float8',
    value_pct: 'float8',
    fit: 'float8 null',
    credit_score: 'float8 null',
    factor_scores: 'jsonb default',
  },
  churn_warnings: {
    workspace_id: 'uuid',
    id: 'uuid',
    customer_id: 'uuid',
    refresh_id: 'uuid',
    owner_id: 'uuid null',
    status: 'text default',
    risk: 'float8',
    clv: 'float8 null',
    reasons: 'jsonb default',
    version: 'int4 default',
    created_at: 'timestamptz default',
    updated_at: 'timestamptz default',
    acknowledged_at: 'timestamptz null',
    resolved_at: 'timestamptz null',
  },
  customer_contact_keys: { workspace_id: 'uuid', key: 'text', customer_id: 'uuid', name_echo_length: 'int4 default' },
  recommendation_runs: {
    workspace_id: 'uuid',
    refresh_id: 'uuid',
    as_of: 'date',
    lookback_months: 'int4',
    min_pair_customers: 'int4',
    min_lift: 'float8',
    baskets: 'int4',
    sample_every: 'int4',
    rules: 'int4',
    computed_at: 'timestamptz default',
  },
  product_associations: {
    workspace_id: 'uuid',
    antecedent_id: 'uuid',
    consequent_id: 'uuid',
    pair_customers: 'int4',
    antecedent_customers: 'int4',
    consequent_customers: 'int4',
    support: 'float8',
    confidence: 'float8',
    lift: 'float8',
    rank: 'int4',
  },
  customer_purchase_stats: {
    workspace_id: 'uuid',
    customer_id: 'uuid',
    owner_key: 'uuid',
    first_day: 'date',
    last_day: 'date',
    purchase_days: 'int4',
    orders: 'int4',
    monetary: 'int8',
    first_day_amount: 'int8',
    spend_recent: 'int8',
    spend_previous: 'int8',
    months: 'date[]',
    month_orders: 'int4[]',
    month_amounts: 'int8[]',
  },
  analytics_purchase_state: { workspace_id: 'uuid', as_of: 'date', time_zone: 'text', currency: 'bpchar', updated_at: 'timestamptz default' },
  analytics_changed_customers: { workspace_id: 'uuid', id: 'int8 default', customer_id: 'uuid' },
  schema_migrations: { version: 'int4', name: 'text', applied_at: 'timestamptz default' },
} as const satisfies Expected;

/** Tables outside the workspace partitioning. */
const GLOBAL_TABLES = ['workspaces', 'schema_migrations'];

let db: Db;
beforeAll(async () => {
  ({ db } = await createTestDatabase());
});

async function actualColumns(): Promise<Record<string, Record<string, string>>> {
  const { rows } = await sql<{ table_name: string; column_name: string; udt_name: string; is_nullable: 'YES' | 'NO'; column_default: string | null }>`
    select c.table_name, c.column_name, c.udt_name, c.is_nullable, c.column_default
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
    order by c.table_name, c.ordinal_position`.execute(db);
  const tables: Record<string, Record<string, string>> = {};
  for (const row of rows) {
    const type = row.udt_name.startsWith('_') ? `${row.udt_name.slice(1)}[]` : row.udt_name;
    const spec = row.is_nullable === 'YES' ? `${type} null` : row.column_default !== null ? `${type} default` : type;
    (tables[row.table_name] ??= {})[row.column_name] = spec;
  }
  return tables;
}

describe('schema.ts against the migrated database', () => {
  it('has exactly the tables of the database', async () => {
    expect(Object.keys(await actualColumns()).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.keys(EXPECTED) as Array<keyof Database>)('has exactly the columns of %s, with matching types, nullability and defaults', async (table) => {
    const actual = (await actualColumns())[table] ?? {};
    const expected: Record<string, string> = EXPECTED[table];
    expect(Object.keys(actual).sort(), 'column names').toEqual(Object.keys(expected).sort());
    expect(actual).toEqual(expected);
  });
});

describe('workspace partitioning', () => {
  it('gives every business table a primary key starting with workspace_id, and the others a primary key', async () => {
    const { rows } = await sql<{ table: string; columns: string[] }>`
      select c.relname as table, array_agg(a.attname::text order by k.ord) as columns
      from pg_index i
      join pg_class c on c.oid = i.indrelid
      join pg_namespace n on n.oid = c.relnamespace
      cross join lateral unnest(i.indkey::int2[]) with ordinality as k(attnum, ord)
      join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
      where i.indisprimary and n.nspname = current_schema()
      group by c.relname`.execute(db);
    const primaryKeys = Object.fromEntries(rows.map((row) => [row.table, row.columns]));
    for (const table of Object.keys(EXPECTED)) {
      expect(primaryKeys[table], `${table} has a primary key`).toBeDefined();
      if (GLOBAL_TABLES.includes(table)) continue;
      expect(primaryKeys[table]![0], `${table}'s primary key ${primaryKeys[table]!.join(', ')}`).toBe('workspace_id');
      // Entities are (workspace_id, id); child rows such as order lines key by their parent instead.
      expect(primaryKeys[table]!.length, table).toBeGreaterThanOrEqual(2);
    }
  });

  it('starts every foreign key between business tables with workspace_id on both sides', async () => {
    const { rows } = await sql<{ name: string; table: string; referenced: string; columns: string[]; referenced_columns: string[] }>`
      select con.conname as name, c.relname as table, rc.relname as referenced,
        array(select a.attname::text from unnest(con.conkey) with ordinality k(attnum, ord)
              join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum order by k.ord) as columns,
        array(select a.attname::text from unnest(con.confkey) with ordinality k(attnum, ord)
              join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum order by k.ord) as referenced_columns
      from pg_constraint con
      join pg_class c on c.oid = con.conrelid
      join pg_class rc on rc.oid = con.confrelid
      join pg_namespace n on n.oid = c.relnamespace
      where con.contype = 'f' and n.nspname = current_schema()`.execute(db);
    const between = rows.filter((row) => !GLOBAL_TABLES.includes(row.referenced));
    expect(between.length).toBeGreaterThan(0);
    for (const fk of between) {
      expect(fk.columns[0], fk.name).toBe('workspace_id');
      expect(fk.referenced_columns[0], fk.name).toBe('workspace_id');
    }
  });
});

describe('migrate', () => {
  const templateUrl = inject('templateUrl');
  const admin = createDb(new URL('/postgres', templateUrl).toString(), 1);
  const created: string[] = [];
  afterAll(async () => {
    for (const name of created) await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin);
    await admin.destroy();
  });

  async function emptyDatabase() {
    const name = `${inject('testDbPrefix')}m${randomBytes(5).toString('hex')}`;
    await sql`create database ${sql.id(name)}`.execute(admin);
    created.push(name);
    return new URL(`/${name}`, templateUrl).toString();
  }

  const allVersions = listMigrations().map((migration) => migration.version);

  it('applies every migration to an empty database, then nothing the second time', async () => {
    const url = await emptyDatabase();
    expect(await migrate(url)).toEqual(allVersions);
    expect(await migrate(url)).toEqual([]);
    const fresh = createDb(url, 1);
    try {
      const applied = await fresh.selectFrom('schema_migrations').select('version').orderBy('version').execute();
      expect(applied.map((row) => row.version)).toEqual(allVersions);
    } finally {
      await fresh.destroy();
    }
  });

  it('applies each migration once when two processes migrate at the same time', async () => {
    const url = await emptyDatabase();
    const results = await Promise.all([migrate(url), migrate(url)]);
    expect(results.map((versions) => versions.length).sort()).toEqual([0, allVersions.length]);
    expect(await migrate(url)).toEqual([]);
  });
});
