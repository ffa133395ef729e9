-- Cohort retention (按首单月份的留存): customers by the month of their first counted
-- order, and how many of them bought again k months later, per customer owner.
-- Rebuilt by each analytics refresh, like revenue_monthly; the dashboard reads only this.
create table customer_cohorts (
  workspace_id uuid not null references workspaces (id),
  cohort_month date not null,
  -- months after the first-order month (0 = the first-order month itself)
  month_offset integer not null check (month_offset >= 0),
  -- the customer's owner at refresh time; the nil uuid for customers without one
  owner_key uuid not null,
  customers integer not null,
  revenue bigint not null,
  primary key (workspace_id, cohort_month, month_offset, owner_key)
);
