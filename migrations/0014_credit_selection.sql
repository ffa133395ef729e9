-- Credit scoring (5C, seed 002) and the customer selection matrix 门当户对 (seed 001).
-- Their settings sit in the workspace's analytics settings (validated by the
-- application: src/shared/credit-selection.ts); the matrix's per-customer placement
-- is rebuilt by each analytics refresh, so a dashboard view only reads and counts.

alter table analytics_settings
  -- {weights: {character..conditions, normalised to sum 1}, minInputs, gradeMins: {AAA, AA, A, B}, limitMonths: {AAA..C}, limitCap (fen)}
  add column credit_scorecard jsonb not null default '{"weights": {"character": 0.25, "capacity": 0.25, "capital": 0.2, "collateral": 0.15, "conditions": 0.15}, "minInputs": 3, "gradeMins": {"AAA": 85, "AA": 70, "A": 55, "B": 40}, "limitMonths": {"AAA": 3, "AA": 2, "A": 1, "B": 0.5, "C": 0}, "limitCap": 100000000}',
  -- {valueMetric, valueMin, fitMin, factors: [{key, weight, ...params}]}
  add column selection_matrix jsonb not null default '{"valueMetric": "clv", "valueMin": 50, "fitMin": 50, "factors": [{"key": "service_city", "weight": 0, "cities": []}, {"key": "target_industry", "weight": 0, "industries": []}, {"key": "company_size", "weight": 1, "scores": {"micro": 0.25, "small": 0.5, "medium": 1, "large": 1, "huge": 0.75}}, {"key": "credit_score", "weight": 1}]}';

-- One row per scored customer (customer_scores): where it sits in the matrix as of the
-- refresh. The quadrant is not stored: it follows from value_pct and fit with the
-- thresholds of the moment, so changing a threshold needs no refresh.
create table customer_selection (
  workspace_id uuid not null references workspaces (id),
  customer_id uuid not null,
  refresh_id uuid not null,
  -- the amount behind the value axis and which one it is ('clv' falls back to 'monetary' without a model)
  value_metric text not null check (value_metric in ('clv', 'monetary', 'trailing_year')),
  value_amount double precision not null,
  -- 100 · percent_rank of value_amount among the workspace's scored customers
  value_pct double precision not null check (value_pct between 0 and 100),
  -- capacity to serve / fit, 0–100: the weighted mean of the known factor scores; null when none is known
  fit double precision check (fit between 0 and 100),
  credit_score double precision,
  -- each factor's score 0–1, or null when unknown: {"company_size": 1, "credit_score": 0.6, ...}
  factor_scores jsonb not null default '{}',
  primary key (workspace_id, customer_id),
  foreign key (workspace_id, customer_id) references customers (workspace_id, id)
);
-- Lists a quadrant by value, highest first (keyset pagination on value_pct, customer_id).
create index customer_selection_value_idx on customer_selection (workspace_id, value_pct desc, customer_id desc);
