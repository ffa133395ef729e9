-- Customer managers and the pool (客户经理制, 公海), and who may see what (分级访问和监管):
-- collaborators, follow-ups, per-workspace pool rules, in-app notifications,
-- and the permissions to reveal masked fields and to reassign customers.

-- When the current owner got the customer: the pool rules' clocks start here, so a
-- customer claimed today is not returned tonight for a silence that predates its owner.
-- Kept by a trigger, so every path that changes owner_id (API, import, merge) keeps it right.
alter table customers
  add column owner_since timestamptz,
  -- The latest follow-up (跟进) logged on the customer; the interactions module will feed it later.
  add column last_follow_up_at timestamptz;

update customers set owner_since = created_at where owner_id is not null;

create function customers_track_owner_since() returns trigger
language plpgsql
as $$
begin
  if new.owner_id is null then
    new.owner_since := null;
  elsif tg_op = 'INSERT' then
    new.owner_since := coalesce(new.owner_since, now());
  elsif new.owner_id is distinct from old.owner_id and new.owner_since is not distinct from old.owner_since then
    new.owner_since := now();
  end if;
  return new;
end
$$;

create trigger customers_owner_since
  before insert or update of owner_id, owner_since on customers
  for each row execute function customers_track_owner_since();

-- The owner's customers for the pool job (owned, not deleted).
create index customers_owned_idx on customers (workspace_id, owner_id) where owner_id is not null and deleted_at is null;

-- 协作人: colleagues who work a customer with its owner and therefore see it.
create table customer_collaborators (
  workspace_id uuid not null references workspaces (id),
  customer_id uuid not null,
  user_id uuid not null,
  added_at timestamptz not null default now(),
  primary key (workspace_id, customer_id, user_id),
  foreign key (workspace_id, customer_id) references customers (workspace_id, id),
  foreign key (workspace_id, user_id) references users (workspace_id, id)
);
create index customer_collaborators_user_idx on customer_collaborators (workspace_id, user_id, customer_id);

-- A follow-up (跟进记录): who contacted the customer, how, when, and what was said.
create table customer_follow_ups (
  workspace_id uuid not null references workspaces (id),
  id uuid not null,
  customer_id uuid not null,
  user_id uuid,
  channel text not null check (channel in ('phone', 'visit', 'wechat', 'email', 'sms', 'other')),
  note text not null check (char_length(note) between 1 and 2000),
  occurred_at timestamptz not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, customer_id) references customers (workspace_id, id),
  foreign key (workspace_id, user_id) references users (workspace_id, id)
);
create index customer_follow_ups_customer_idx on customer_follow_ups (workspace_id, customer_id, occurred_at desc);

-- The pool rules of a workspace (one row; no row = the defaults, switched off).
create table pool_rules (
  workspace_id uuid not null references workspaces (id),
  id uuid not null,
  enabled boolean not null default false,
  -- N: return to the pool after this many days without a follow-up (null = rule off)
  no_follow_up_days integer check (no_follow_up_days between 1 and 3650),
  -- M: return to the pool after this many days without a deal (null = rule off)
  no_deal_days integer check (no_deal_days between 1 and 3650),
  -- K: warn the owner this many days before the return
  warn_days integer not null default 3 check (warn_days between 0 and 365),
  -- How many customers one person may claim from the pool per day (workspace time zone); null = no limit
  daily_claim_limit integer check (daily_claim_limit between 0 and 10000),
  version integer not null default 1,
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id),
  -- one row per workspace (keyed like every entity, so rules per team can come later)
  unique (workspace_id)
);

-- In-app notifications (the bell in the header).
create table notifications (
  workspace_id uuid not null references workspaces (id),
  id uuid not null,
  user_id uuid not null,
  kind text not null,
  customer_id uuid,
  message text not null,
  -- The parameters of the message, so the web app can show it in the reader's language.
  data jsonb not null default '{}',
  -- One notification per key: the pool job writes warnings once per customer, owner and rule window.
  dedupe_key text,
  created_at timestamptz not null default now(),
  read_at timestamptz,
  primary key (workspace_id, id),
  unique (workspace_id, dedupe_key),
  foreign key (workspace_id, user_id) references users (workspace_id, id),
  foreign key (workspace_id, customer_id) references customers (workspace_id, id)
);
create index notifications_user_idx on notifications (workspace_id, user_id, id desc);
create index notifications_unread_idx on notifications (workspace_id, user_id) where read_at is null;

-- Claims per person and day are counted from the audit trail (the claimant is the new owner).
create index events_claims_idx on events (workspace_id, (after ->> 'ownerId'), occurred_at) where action = 'claimed';

-- New permissions on the existing workspaces' system roles (new workspaces get them from roles.ts):
-- reveal a masked field (admin, sales manager, service agent), reassign customers (admin, sales manager),
-- set the pool rules (admin).
update roles set permissions = permissions || array['customers.reveal']
where key in ('admin', 'sales_manager', 'service_agent') and not ('customers.reveal' = any (permissions));
update roles set permissions = permissions || array['customers.reassign']
where key in ('admin', 'sales_manager') and not ('customers.reassign' = any (permissions));
update roles set permissions = permissions || array['pool.manage']
where key = 'admin' and not ('pool.manage' = any (permissions));
