-- Analytical CRM (分析型CRM): customer value scores precomputed by a background
-- refresh (RFM, ABC tiers, BG/NBD + Gamma-Gamma CLV, churn risk), their history per
-- refresh date, the fitted model parameters, a monthly revenue aggregate for the
-- dashboards, churn warnings, and each workspace's analytics settings.
-- Dashboards read these tables; only the refresh job reads the orders.

-- One row per workspace (keyed like every entity); no row = the defaults.
create table analytics_settings (
  workspace_id uuid not null references workspaces (id),
  id uuid not null,
  -- RFM scores 1–5: 'quintiles' of the workspace's customers, or fixed 'thresholds'
  rfm_method text not null default 'quintiles' check (rfm_method in ('quintiles', 'thresholds')),
  -- Fixed cut points, four ascending numbers per dimension:
  -- {"recencyDays": [30, 90, 180, 365], "frequency": [2, 3, 5, 10], "monetary": [fen, …]}
  rfm_thresholds jsonb not null default '{"recencyDays": [30, 90, 180, 365], "frequency": [2, 3, 5, 10], "monetary": [100000, 500000, 1000000, 5000000]}',
  -- A score at or above this counts as "high" in the 8-segment rule table
  segment_high_min integer not null default 3 check (segment_high_min between 2 and 5),
  -- ABC (Pareto): A = the customers bringing the first a_share of revenue, B the next b_share, C the rest
  abc_a_share double precision not null default 0.8 check (abc_a_share > 0 and abc_a_share < 1),
  abc_b_share double precision not null default 0.15 check (abc_b_share > 0 and abc_b_share < 1 and abc_a_share + abc_b_share <= 1),
  -- Key accounts (关键客户): the customers bringing the first key_account_share of revenue
  key_account_share double precision not null default 0.5 check (key_account_share > 0 and key_account_share <= 1),
  clv_horizon_weeks integer not null default 52 check (clv_horizon_weeks between 1 and 520),
  clv_discount_monthly double precision not null default 0.01 check (clv_discount_monthly >= 0 and clv_discount_monthly < 1),
  -- A churn risk at or above this opens a warning (for customers with at least one repeat purchase)
  churn_threshold double precision not null default 0.6 check (churn_threshold > 0 and churn_threshold <= 1),
  -- Warnings are opened for customers of these ABC tiers (the valuable ones)
  churn_warn_tiers text[] not null default '{A,B}',
  -- Orders in this currency are analysed (amounts of different currencies do not add up)
  currency char(3) not null default 'CNY',
  version integer not null default 1,
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id)
);

-- A refresh of the scores: queued by a person or the nightly schedule, run by the job.
create table analytics_refreshes (
  workspace_id uuid not null references workspaces (id),
  id uuid not null,
  status text not null default 'queued' check (status in ('queued', 'running', 'succeeded', 'failed')),
  trigger text not null check (trigger in ('manual', 'schedule')),
  requested_by uuid,
  -- The day the scores describe (workspace time zone): orders up to its end count
  as_of date not null,
  step text,
  progress integer not null default 0 check (progress between 0 and 100),
  error text,
  customers integer,
  queued_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  primary key (workspace_id, id),
  foreign key (workspace_id, requested_by) references users (workspace_id, id)
);
create index analytics_refreshes_recent_idx on analytics_refreshes (workspace_id, queued_at desc);

-- The models fitted by a refresh (one fit per refresh), or why there is no fit.
create table clv_model_fits (
  workspace_id uuid not null references workspaces (id),
  refresh_id uuid not null,
  as_of date not null,
  status text not null check (status in ('fitted', 'insufficient_data', 'failed')),
  reason text,
  customers integer not null,
  repeat_buyers integer not null,
  -- {r, alpha, a, b, logLikelihood, converged, iterations, warnings}
  bgnbd jsonb,
  -- {p, q, gamma, logLikelihood, converged, iterations, warnings, customers}
  gamma_gamma jsonb,
  horizon_weeks integer not null,
  discount_monthly double precision not null,
  fitted_at timestamptz not null default now(),
  primary key (workspace_id, refresh_id),
  foreign key (workspace_id, refresh_id) references analytics_refreshes (workspace_id, id)
);

-- The latest scores per customer who has bought (orders not cancelled or refunded).
create table customer_scores (
  workspace_id uuid not null references workspaces (id),
  customer_id uuid not null,
  refresh_id uuid not null,
  as_of date not null,
  first_order_on date not null,
  last_order_on date not null,
  orders integer not null,
  -- distinct purchase days (same-day orders are one purchase)
  purchase_days integer not null,
  recency_days integer not null,
  monetary bigint not null,
  r_score integer not null check (r_score between 1 and 5),
  f_score integer not null check (f_score between 1 and 5),
  m_score integer not null check (m_score between 1 and 5),
  segment text not null,
  -- share of the workspace's revenue brought by the customers ranked above and including this one
  cumulative_share double precision not null,
  abc_tier text not null check (abc_tier in ('A', 'B', 'C')),
  key_account boolean not null,
  -- CLV inputs (weeks) and outputs; null when no model could be fitted
  tx_weeks double precision not null,
  age_weeks double precision not null,
  repeat_mean_spend double precision not null,
  p_alive double precision,
  expected_purchases double precision,
  expected_spend double precision,
  clv double precision,
  -- churn signals
  mean_gap_days double precision,
  spend_recent bigint not null,
  spend_previous bigint not null,
  churn_risk double precision,
  churn_reasons jsonb not null default '[]',
  computed_at timestamptz not null default now(),
  primary key (workspace_id, customer_id),
  foreign key (workspace_id, customer_id) references customers (workspace_id, id)
);
create index customer_scores_segment_idx on customer_scores (workspace_id, segment);
create index customer_scores_at_risk_idx on customer_scores (workspace_id, churn_risk desc) where churn_risk is not null;

-- Scores as they were on each refresh date: one row per customer and date (a second
-- refresh the same day replaces that day's rows), so managers see segment migrations.
create table customer_score_history (
  workspace_id uuid not null references workspaces (id),
  as_of date not null,
  customer_id uuid not null,
  r_score integer not null,
  f_score integer not null,
  m_score integer not null,
  segment text not null,
  abc_tier text not null,
  monetary bigint not null,
  clv double precision,
  churn_risk double precision,
  primary key (workspace_id, as_of, customer_id),
  foreign key (workspace_id, customer_id) references customers (workspace_id, id)
);
create index customer_score_history_customer_idx on customer_score_history (workspace_id, customer_id, as_of);

-- Revenue per month and customer owner, rebuilt by each refresh: the revenue trend
-- chart reads this, never the orders.
create table revenue_monthly (
  workspace_id uuid not null references workspaces (id),
  month date not null,
  -- the customer's owner at refresh time; the nil uuid for customers without one
  owner_key uuid not null,
  orders integer not null,
  customers integer not null,
  revenue bigint not null,
  primary key (workspace_id, month, owner_key)
);

-- 客户流失预警: one open or acknowledged warning per customer at most; the refresh
-- opens it when the risk crosses the threshold and tells the owner in-app.
create table churn_warnings (
  workspace_id uuid not null references workspaces (id),
  id uuid not null,
  customer_id uuid not null,
  refresh_id uuid not null,
  owner_id uuid,
  status text not null default 'open' check (status in ('open', 'acknowledged', 'resolved')),
  risk double precision not null,
  clv double precision,
  reasons jsonb not null default '[]',
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  acknowledged_at timestamptz,
  resolved_at timestamptz,
  primary key (workspace_id, id),
  foreign key (workspace_id, customer_id) references customers (workspace_id, id),
  foreign key (workspace_id, owner_id) references users (workspace_id, id)
);
create unique index churn_warnings_active_idx on churn_warnings (workspace_id, customer_id) where status <> 'resolved';
create index churn_warnings_list_idx on churn_warnings (workspace_id, status, created_at desc);

-- analytics.read: the dashboard and the risk list; analytics.manage: settings and refreshes.
update roles r
set permissions = r.permissions || array(
  select p from unnest(g.grants) as p where p <> all (r.permissions)
)
from (values
  ('admin', array['analytics.read', 'analytics.manage']),
  ('sales_manager', array['analytics.read']),
  ('marketer', array['analytics.read']),
  ('analyst', array['analytics.read', 'analytics.manage'])
) as g (key, grants)
where r.key = g.key;
