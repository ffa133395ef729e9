-- The dashboard's segment, value-tier and CLV charts for roles that see every customer:
-- counted once per refresh per customer owner, as revenue_monthly is, so a page view sums a
-- few rows per owner instead of joining every score to its customer (about 1 s a chart at a
-- million customers). Roles that see part of the customers keep the live count over their
-- customers. Owner and team filters use the owner at refresh time; customers deleted since
-- the refresh are counted until the next one.
create table dashboard_rollups (
  workspace_id uuid not null references workspaces (id),
  -- the customer's owner at refresh time; the nil uuid for customers without one
  owner_key uuid not null,
  -- 'segment' (RFM segment), 'tier' (ABC tier) or 'clv' (log-scale CLV bucket)
  dimension text not null check (dimension in ('segment', 'tier', 'clv')),
  bucket text not null,
  customers integer not null,
  -- sum of the customers' monetary value (minor units) and how many are key accounts
  monetary bigint not null,
  key_accounts integer not null,
  primary key (workspace_id, dimension, bucket, owner_key)
);

-- Customers by status on the dashboard: an index-only count instead of reading every customer.
create index customers_status_idx on customers (workspace_id, status) where deleted_at is null;

-- The valuable customers at risk (CLV × churn risk, highest first): walked from the top, not sorted.
create index customer_scores_value_at_risk_idx on customer_scores (workspace_id, (clv * churn_risk) desc) where clv is not null;
