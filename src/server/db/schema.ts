import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * The database as Kysely sees it. Kept in step with migrations/*.sql by
 * schema.int.test.ts, which compares these columns with information_schema.
 */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json = ColumnType<Record<string, unknown>, string | Record<string, unknown> | undefined, string | Record<string, unknown>>;
type NullableJson = ColumnType<
  Record<string, unknown> | null,
  string | Record<string, unknown> | null | undefined,
  string | Record<string, unknown> | null
>;

export interface WorkspacesTable {
  id: string;
  name: string;
  time_zone: Generated<string>;
  created_at: Timestamp;
}

export interface RolesTable {
  workspace_id: string;
  id: string;
  key: string;
  name: string;
  permissions: Generated<string[]>;
  record_scope: 'own' | 'team' | 'all';
  created_at: Timestamp;
}

export interface UsersTable {
  workspace_id: string;
  id: string;
  email: string;
  name: string;
  password_hash: string;
  role_id: string;
  team_id: string | null;
  active: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TeamsTable {
  workspace_id: string;
  id: string;
  name: string;
  manager_id: string | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionsTable {
  workspace_id: string;
  id: string;
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: Timestamp;
  /** no database default: every insert sets it */
  expires_at: ColumnType<Date, Date | string, Date | string>;
}

export interface ApiKeysTable {
  workspace_id: string;
  id: string;
  name: string;
  prefix: string;
  key_hash: string;
  user_id: string;
  role_id: string;
  created_at: Timestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface EventsTable {
  workspace_id: string;
  id: string;
  occurred_at: Timestamp;
  actor_type: 'user' | 'api_key' | 'system';
  actor_id: string | null;
  entity_type: string;
  entity_id: string;
  customer_id: string | null;
  action: string;
  before: NullableJson;
  after: NullableJson;
}

export interface CustomersTable {
  workspace_id: string;
  id: string;
  kind: 'person' | 'organization';
  name: string;
  name_pinyin: Generated<string>;
  name_initials: Generated<string>;
  phones: Generated<string[]>;
  emails: Generated<string[]>;
  contact_search: Generated<string>;
  city: string | null;
  address: string | null;
  tags: Generated<string[]>;
  status: Generated<'potential' | 'current' | 'lost' | 'non_customer'>;
  owner_id: string | null;
  profile: Json;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: NullableTimestamp;
}

export interface ProductCategoriesTable {
  workspace_id: string;
  id: string;
  name: string;
  parent_id: string | null;
  created_at: Timestamp;
}

export interface ProductsTable {
  workspace_id: string;
  id: string;
  sku: string;
  name: string;
  category_id: string | null;
  /** minor units of `currency` */
  unit_price: number;
  currency: Generated<string>;
  active: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: NullableTimestamp;
}

export type OrderChannel = 'direct' | 'store' | 'online' | 'phone' | 'wechat' | 'distributor' | 'other';
export type OrderStatus = 'pending' | 'paid' | 'shipped' | 'completed' | 'cancelled' | 'refunded';

export interface OrdersTable {
  workspace_id: string;
  id: string;
  order_no: string;
  customer_id: string;
  ordered_at: ColumnType<Date, Date | string, Date | string>;
  channel: Generated<OrderChannel>;
  status: Generated<OrderStatus>;
  currency: Generated<string>;
  /** minor units of `currency` (int8, parsed as number) */
  amount: number;
  owner_id: string | null;
  note: string | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OrderLinesTable {
  workspace_id: string;
  order_id: string;
  line_no: number;
  product_id: string | null;
  description: string;
  quantity: number;
  unit_price: number;
  amount: number;
}

/** Calendar days (date columns) travel as 'YYYY-MM-DD' strings: database.ts parses them so. */
type Day = string;
/** A jsonb array (reasons), written as JSON text. */
type JsonList = ColumnType<Array<Record<string, unknown>>, string | undefined, string>;

export interface AnalyticsSettingsTable {
  workspace_id: string;
  id: string;
  rfm_method: Generated<'quintiles' | 'thresholds'>;
  rfm_thresholds: Json;
  segment_high_min: Generated<number>;
  abc_a_share: Generated<number>;
  abc_b_share: Generated<number>;
  key_account_share: Generated<number>;
  clv_horizon_weeks: Generated<number>;
  clv_discount_monthly: Generated<number>;
  churn_threshold: Generated<number>;
  churn_warn_tiers: Generated<string[]>;
  currency: Generated<string>;
  version: Generated<number>;
  updated_at: Timestamp;
}

export type AnalyticsRefreshStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface AnalyticsRefreshesTable {
  workspace_id: string;
  id: string;
  status: Generated<AnalyticsRefreshStatus>;
  trigger: 'manual' | 'schedule';
  requested_by: string | null;
  as_of: Day;
  step: string | null;
  progress: Generated<number>;
  error: string | null;
  customers: number | null;
  queued_at: Timestamp;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
}

export interface ClvModelFitsTable {
  workspace_id: string;
  refresh_id: string;
  as_of: Day;
  status: 'fitted' | 'insufficient_data' | 'failed';
  reason: string | null;
  customers: number;
  repeat_buyers: number;
  bgnbd: NullableJson;
  gamma_gamma: NullableJson;
  horizon_weeks: number;
  discount_monthly: number;
  fitted_at: Timestamp;
}

export interface CustomerScoresTable {
  workspace_id: string;
  customer_id: string;
  refresh_id: string;
  as_of: Day;
  first_order_on: Day;
  last_order_on: Day;
  orders: number;
  purchase_days: number;
  recency_days: number;
  monetary: number;
  r_score: number;
  f_score: number;
  m_score: number;
  segment: string;
  cumulative_share: number;
  abc_tier: 'A' | 'B' | 'C';
  key_account: boolean;
  tx_weeks: number;
  age_weeks: number;
  repeat_mean_spend: number;
  p_alive: number | null;
  expected_purchases: number | null;
  expected_spend: number | null;
  clv: number | null;
  mean_gap_days: number | null;
  spend_recent: number;
  spend_previous: number;
  churn_risk: number | null;
  churn_reasons: JsonList;
  computed_at: Timestamp;
}

export interface CustomerScoreHistoryTable {
  workspace_id: string;
  as_of: Day;
  customer_id: string;
  r_score: number;
  f_score: number;
  m_score: number;
  segment: string;
  abc_tier: string;
  monetary: number;
  clv: number | null;
  churn_risk: number | null;
}

export interface RevenueMonthlyTable {
  workspace_id: string;
  month: Day;
  owner_key: string;
  orders: number;
  customers: number;
  revenue: number;
}

export type ChurnWarningStatus = 'open' | 'acknowledged' | 'resolved';

export interface ChurnWarningsTable {
  workspace_id: string;
  id: string;
  customer_id: string;
  refresh_id: string;
  owner_id: string | null;
  status: Generated<ChurnWarningStatus>;
  risk: number;
  clv: number | null;
  reasons: JsonList;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  acknowledged_at: NullableTimestamp;
  resolved_at: NullableTimestamp;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: Timestamp;
}

export interface Database {
  workspaces: WorkspacesTable;
  roles: RolesTable;
  users: UsersTable;
  teams: TeamsTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  events: EventsTable;
  customers: CustomersTable;
  product_categories: ProductCategoriesTable;
  products: ProductsTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  analytics_settings: AnalyticsSettingsTable;
  analytics_refreshes: AnalyticsRefreshesTable;
  clv_model_fits: ClvModelFitsTable;
  customer_scores: CustomerScoresTable;
  customer_score_history: CustomerScoreHistoryTable;
  revenue_monthly: RevenueMonthlyTable;
  churn_warnings: ChurnWarningsTable;
  schema_migrations: SchemaMigrationsTable;
}

export type CustomerRow = Selectable<CustomersTable>;
export type NewCustomerRow = Insertable<CustomersTable>;
export type CustomerRowUpdate = Updateable<CustomersTable>;
export type UserRow = Selectable<UsersTable>;
export type RoleRow = Selectable<RolesTable>;
export type TeamRow = Selectable<TeamsTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
export type EventRow = Selectable<EventsTable>;
