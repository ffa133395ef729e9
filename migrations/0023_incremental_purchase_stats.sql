-- An analytics refresh that reads only the customers whose purchases changed (#4). At scale L (1M customers,
-- 10M orders) re-aggregating every order into purchase days, per-customer figures and purchase months took
-- 45 of a refresh's 140 s every night, although a day changes the orders of a few thousand customers.
--
-- customer_purchase_stats keeps, per customer with counted orders, what the refresh derives from them (as of
-- analytics_purchase_state.as_of, in that zone and currency): the figures the scores start from and the
-- purchase months that monthly revenue and the cohorts add up, with the owner they were added under.
-- A refresh re-derives only the customers named in analytics_changed_customers (orders written, a customer
-- reassigned, deleted or restored) or whose purchase days crossed a window edge since the state's day, and
-- corrects monthly revenue and the cohorts by the difference.
create table customer_purchase_stats (
  workspace_id uuid not null,
  customer_id uuid not null,
  -- the customer's owner when the stats were derived; the nil uuid for none (as revenue_monthly.owner_key)
  owner_key uuid not null,
  first_day date not null,
  last_day date not null,
  purchase_days integer not null,
  orders integer not null,
  monetary bigint not null,
  first_day_amount bigint not null,
  spend_recent bigint not null,
  spend_previous bigint not null,
  -- one element per month with a counted order, ascending
  months date[] not null,
  month_orders integer[] not null,
  month_amounts bigint[] not null,
  primary key (workspace_id, customer_id)
);

-- What customer_purchase_stats were derived for: one row per workspace, keyed with the currency they count.
-- A refresh with another zone or currency, or for an earlier day, does not use them (it reads the orders).
create table analytics_purchase_state (
  workspace_id uuid not null references workspaces (id),
  currency char(3) not null,
  time_zone text not null,
  as_of date not null,
  updated_at timestamptz not null default now(),
  primary key (workspace_id, currency)
);

-- Customers to re-derive at the next refresh. Rows are only appended (no unique key, so a writer never
-- waits for a refresh that is consuming the list), and the refresh deletes the rows it read.
create table analytics_changed_customers (
  workspace_id uuid not null,
  id bigserial,
  customer_id uuid not null,
  primary key (workspace_id, id)
);

-- Orders: one statement-level trigger per operation with the changed rows as transition tables, so a
-- COPY or an import batch logs each customer once, not once per order.
create function orders_log_changed_customers() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into analytics_changed_customers (workspace_id, customer_id)
    select distinct workspace_id, customer_id from changed_new;
  elsif tg_op = 'DELETE' then
    insert into analytics_changed_customers (workspace_id, customer_id)
    select distinct workspace_id, customer_id from changed_old;
  else
    -- only what a refresh reads: an edited note or owner changes no figure
    insert into analytics_changed_customers (workspace_id, customer_id)
    select distinct k.workspace_id, k.customer_id
    from changed_old o
    join changed_new n on n.workspace_id = o.workspace_id and n.id = o.id
    cross join lateral (values (o.workspace_id, o.customer_id), (n.workspace_id, n.customer_id)) as k (workspace_id, customer_id)
    where (o.customer_id, o.ordered_at, o.status, o.currency, o.amount) is distinct from (n.customer_id, n.ordered_at, n.status, n.currency, n.amount);
  end if;
  return null;
end $$;

create trigger orders_inserted_log_changed after insert on orders
  referencing new table as changed_new for each statement execute function orders_log_changed_customers();
create trigger orders_updated_log_changed after update on orders
  referencing old table as changed_old new table as changed_new for each statement execute function orders_log_changed_customers();
create trigger orders_deleted_log_changed after delete on orders
  referencing old table as changed_old for each statement execute function orders_log_changed_customers();

-- Customers: a new owner moves the customer's revenue and cohorts to that owner; a deleted customer leaves
-- them, a restored one comes back. A row trigger with a WHEN clause: other edits (the common ones) skip it
-- without calling a function.
create function customers_log_changed_customer() returns trigger language plpgsql as $$
begin
  insert into analytics_changed_customers (workspace_id, customer_id) values (new.workspace_id, new.id);
  return null;
end $$;

create trigger customers_owner_or_deletion_log_changed after update of owner_id, deleted_at on customers
  for each row when (old.owner_id is distinct from new.owner_id or old.deleted_at is distinct from new.deleted_at)
  execute function customers_log_changed_customer();
