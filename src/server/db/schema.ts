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
  relationship_type: 'consumer' | 'intermediary' | 'internal' | 'public' | null;
  value_class: 'important' | 'ordinary' | 'small' | null;
  key_account: Generated<boolean>;
  lifecycle_stage: string | null;
  custom_fields: Json;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: NullableTimestamp;
  /** when the current owner got the customer (kept by a trigger; null in the pool) */
  owner_since: NullableTimestamp;
  last_follow_up_at: NullableTimestamp;
  /** the import that created the customer, and the row of its file (null where that import also wrote it an event, before 0025) */
  import_id: string | null;
  import_row_no: number | null;
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

export interface LifecycleStagesTable {
  workspace_id: string;
  key: string;
  name_zh: string;
  name_en: string;
  position: number;
  retired_at: Timestamp | null;
}

export interface CustomerLifecycleHistoryTable {
  workspace_id: string;
  id: string;
  customer_id: string;
  occurred_at: Timestamp;
  from_stage: string | null;
  to_stage: string;
  actor_type: 'user' | 'api_key' | 'system';
  actor_id: string | null;
  reason: string | null;
}

type JsonArray = ColumnType<unknown[], string | undefined, string>;

export interface CustomFieldDefinitionsTable {
  workspace_id: string;
  id: string;
  key: string;
  label_zh: string;
  label_en: string;
  type: 'text' | 'number' | 'money' | 'date' | 'single_select' | 'multi_select' | 'boolean';
  /** [{ value, labelZh, labelEn }] */
  options: JsonArray;
  required: Generated<boolean>;
  position: Generated<number>;
  archived_at: NullableTimestamp;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CustomerRelationsTable {
  workspace_id: string;
  id: string;
  from_customer_id: string;
  to_customer_id: string;
  type: 'family' | 'friend' | 'colleague' | 'referrer' | 'spouse' | 'other';
  note: string | null;
  created_at: Timestamp;
}

export interface CustomerContactsTable {
  workspace_id: string;
  organization_id: string;
  person_id: string;
  role: 'decision_maker' | 'purchaser' | 'user' | 'finance' | 'other';
  title: string | null;
  is_primary: Generated<boolean>;
  created_at: Timestamp;
}

export interface SavedViewsTable {
  workspace_id: string;
  id: string;
  owner_id: string;
  name: string;
  query: Json;
  columns: Generated<string[]>;
  sort: string | null;
  shared_team_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface CustomerCollaboratorsTable {
  workspace_id: string;
  customer_id: string;
  user_id: string;
  added_at: Timestamp;
}

export type FollowUpChannel = 'phone' | 'visit' | 'wechat' | 'email' | 'sms' | 'other';

export interface CustomerFollowUpsTable {
  workspace_id: string;
  id: string;
  customer_id: string;
  user_id: string | null;
  channel: FollowUpChannel;
  note: string;
  occurred_at: Timestamp;
}

export interface PoolRulesTable {
  workspace_id: string;
  id: string;
  enabled: Generated<boolean>;
  no_follow_up_days: number | null;
  no_deal_days: number | null;
  warn_days: Generated<number>;
  daily_claim_limit: number | null;
  version: Generated<number>;
  updated_at: Timestamp;
}

export interface NotificationsTable {
  workspace_id: string;
  id: string;
  user_id: string;
  kind: string;
  customer_id: string | null;
  message: string;
  data: Json;
  dedupe_key: string | null;
  created_at: Timestamp;
  read_at: NullableTimestamp;
}

/** jsonb NOT NULL without a default: every insert sets it */
type RequiredJson = ColumnType<Record<string, unknown>, string | Record<string, unknown>, string | Record<string, unknown>>;

export interface CustomerMergesTable {
  workspace_id: string;
  id: string;
  survivor_id: string;
  loser_id: string;
  survivor_before: RequiredJson;
  loser_before: RequiredJson;
  survivor_after: RequiredJson;
  choices: Json;
  merged_by: string | null;
  merged_at: Timestamp;
  undone_by: string | null;
  undone_at: NullableTimestamp;
}

export interface CustomerMergeRowsTable {
  workspace_id: string;
  merge_id: string;
  position: number;
  table_name: string;
  column_name: string;
  action: 'moved' | 'removed' | 'closed';
  row_data: RequiredJson;
}

export interface ImportsTable {
  workspace_id: string;
  id: string;
  kind: 'customers' | 'orders';
  file_name: string;
  file_format: 'csv' | 'xlsx';
  encoding: string | null;
  /** bytes (int8, parsed as number) */
  file_size: Generated<number>;
  headers: Generated<string[]>;
  mapping: Json;
  policy: Generated<'skip' | 'update' | 'create'>;
  status: Generated<'uploaded' | 'queued' | 'running' | 'completed' | 'failed' | 'undone'>;
  total_rows: number | null;
  rows_done: Generated<number>;
  created_count: Generated<number>;
  updated_count: Generated<number>;
  skipped_count: Generated<number>;
  error_count: Generated<number>;
  failure: string | null;
  created_by: string;
  created_at: Timestamp;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  undone_by: string | null;
  undone_at: NullableTimestamp;
}

export interface ImportErrorsTable {
  workspace_id: string;
  import_id: string;
  row_no: number;
  position: number;
  severity: Generated<'error' | 'skipped'>;
  column_name: string | null;
  reason: string;
}

export interface ImportChangesTable {
  workspace_id: string;
  import_id: string;
  entity_type: 'customer' | 'order';
  entity_id: string;
  action: 'created' | 'updated';
  before: NullableJson;
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
  credit_scorecard: Json;
  selection_matrix: Json;
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

export interface DashboardRollupsTable {
  workspace_id: string;
  owner_key: string;
  dimension: 'segment' | 'tier' | 'clv';
  bucket: string;
  customers: number;
  monetary: number;
  key_accounts: number;
}

export interface CustomerSelectionTable {
  workspace_id: string;
  customer_id: string;
  refresh_id: string;
  value_metric: 'clv' | 'monetary' | 'trailing_year';
  value_amount: number;
  value_pct: number;
  fit: number | null;
  credit_score: number | null;
  factor_scores: Json;
}

export interface CustomerCohortsTable {
  workspace_id: string;
  cohort_month: Day;
  month_offset: number;
  owner_key: string;
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

/** The last product-association mining run of a workspace (migration 0013). */
export interface RecommendationRunsTable {
  workspace_id: string;
  refresh_id: string;
  as_of: Day;
  lookback_months: number;
  min_pair_customers: number;
  min_lift: number;
  baskets: number;
  sample_every: number;
  rules: number;
  computed_at: Timestamp;
}

export interface ProductAssociationsTable {
  workspace_id: string;
  antecedent_id: string;
  consequent_id: string;
  pair_customers: number;
  antecedent_customers: number;
  consequent_customers: number;
  support: number;
  confidence: number;
  lift: number;
  rank: number;
}

/** phone/e-mail → customer, kept by triggers (migration 0010) for exact lookups at scale */
export interface CustomerContactKeysTable {
  workspace_id: string;
  key: string;
  customer_id: string;
  /** for an e-mail key starting with the customer's full pinyin, that pinyin's length; else 0 (migration 0021) */
  name_echo_length: Generated<number>;
}

/** per customer with counted orders, what the analytics refresh derives from them (migration 0023) */
export interface CustomerPurchaseStatsTable {
  workspace_id: string;
  customer_id: string;
  owner_key: string;
  first_day: Day;
  last_day: Day;
  purchase_days: number;
  orders: number;
  monetary: number;
  first_day_amount: number;
  spend_recent: number;
  spend_previous: number;
  months: Day[];
  month_orders: number[];
  month_amounts: number[];
}

/** the day, zone and currency customer_purchase_stats were derived for */
export interface AnalyticsPurchaseStateTable {
  workspace_id: string;
  as_of: Day;
  time_zone: string;
  currency: string;
  updated_at: Timestamp;
}

/** customers whose purchase stats a refresh must re-derive, appended by triggers on orders and customers */
export interface AnalyticsChangedCustomersTable {
  workspace_id: string;
  id: Generated<number>;
  customer_id: string;
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
  lifecycle_stages: LifecycleStagesTable;
  customer_lifecycle_history: CustomerLifecycleHistoryTable;
  custom_field_definitions: CustomFieldDefinitionsTable;
  customer_relations: CustomerRelationsTable;
  customer_contacts: CustomerContactsTable;
  saved_views: SavedViewsTable;
  customer_collaborators: CustomerCollaboratorsTable;
  customer_follow_ups: CustomerFollowUpsTable;
  pool_rules: PoolRulesTable;
  notifications: NotificationsTable;
  customer_merges: CustomerMergesTable;
  customer_merge_rows: CustomerMergeRowsTable;
  imports: ImportsTable;
  import_errors: ImportErrorsTable;
  import_changes: ImportChangesTable;
  analytics_settings: AnalyticsSettingsTable;
  analytics_refreshes: AnalyticsRefreshesTable;
  clv_model_fits: ClvModelFitsTable;
  customer_scores: CustomerScoresTable;
  customer_score_history: CustomerScoreHistoryTable;
  revenue_monthly: RevenueMonthlyTable;
  dashboard_rollups: DashboardRollupsTable;
  churn_warnings: ChurnWarningsTable;
  customer_cohorts: CustomerCohortsTable;
  customer_selection: CustomerSelectionTable;
  customer_contact_keys: CustomerContactKeysTable;
  recommendation_runs: RecommendationRunsTable;
  product_associations: ProductAssociationsTable;
  customer_purchase_stats: CustomerPurchaseStatsTable;
  analytics_purchase_state: AnalyticsPurchaseStateTable;
  analytics_changed_customers: AnalyticsChangedCustomersTable;
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
