-- Product recommendations (个性化推荐): association rules between products mined from
-- customer-level baskets (the distinct products each customer bought in the lookback
-- window), and each customer's next products to offer. Rebuilt set-wise by each current
-- analytics refresh; the 360 page and the API read only these tables, never the orders.
-- The two derived tables carry no foreign keys: a refresh rewrites hundreds of thousands of
-- rows (258k recommendations at 100k customers; checking three keys for each doubled the
-- time of that insert), and customers and products are only ever soft-deleted; readers join them.

-- One row per workspace: the last mining run, its parameters and sizes. No row = never run.
create table recommendation_runs (
  workspace_id uuid not null references workspaces (id),
  refresh_id uuid not null,
  as_of date not null,
  -- baskets = orders (neither cancelled nor refunded) from as_of − lookback_months to the end of as_of
  lookback_months integer not null,
  min_pair_customers integer not null,
  min_lift double precision not null,
  -- customers whose baskets the rules were counted on (the support denominator): all those with
  -- a catalogue product in the window, or a hashed 1 in sample_every of them when there are many
  baskets integer not null,
  sample_every integer not null check (sample_every >= 1),
  rules integer not null,
  recommendations integer not null,
  computed_at timestamptz not null default now(),
  primary key (workspace_id, refresh_id),
  -- only the latest run is kept (the refresh upserts on this)
  unique (workspace_id),
  foreign key (workspace_id, refresh_id) references analytics_refreshes (workspace_id, id)
);

-- Antecedent → consequent: of the customers who bought the antecedent, `confidence` also
-- bought the consequent; lift = confidence / share of all baskets holding the consequent.
create table product_associations (
  workspace_id uuid not null references workspaces (id),
  antecedent_id uuid not null,
  consequent_id uuid not null,
  -- customers who bought both / the antecedent / the consequent
  pair_customers integer not null check (pair_customers > 0),
  antecedent_customers integer not null check (antecedent_customers > 0),
  consequent_customers integer not null check (consequent_customers > 0),
  support double precision not null,
  confidence double precision not null check (confidence > 0 and confidence <= 1),
  lift double precision not null,
  -- 1 = the antecedent's strongest rule (by confidence, then lift)
  rank integer not null check (rank >= 1),
  primary key (workspace_id, antecedent_id, consequent_id)
);
create index product_associations_consequent_idx on product_associations (workspace_id, consequent_id);
create index product_associations_lift_idx on product_associations (workspace_id, lift desc);

-- A customer's next products, best first. The explaining rule is the strongest one whose
-- antecedent the customer bought; `antecedents` counts all their products pointing here.
create table customer_recommendations (
  workspace_id uuid not null references workspaces (id),
  customer_id uuid not null,
  rank integer not null check (rank >= 1),
  product_id uuid not null,
  -- the explaining rule's confidence: the share of customers like this one who bought it
  score double precision not null,
  antecedent_id uuid not null,
  confidence double precision not null,
  lift double precision not null,
  pair_customers integer not null,
  antecedent_customers integer not null,
  antecedents integer not null check (antecedents >= 1),
  primary key (workspace_id, customer_id, rank)
);
