-- Kemai's foundation: workspaces, people and access, the audit trail, customers.
-- Every business table carries workspace_id first in its primary key, unique
-- constraints and foreign keys, so it can be distributed by workspace (Citus).

create extension if not exists pg_trgm;

-- Two-character substrings of the lower-cased text: Chinese names are mostly
-- 2-3 characters, below what pg_trgm can index (see architecture.md).
create function bigrams(input text) returns text[]
language sql immutable strict parallel safe
as $$
  select coalesce(array_agg(distinct substr(lower(input), i, 2)), '{}')
  from generate_series(1, char_length(input) - 1) as i
$$;

create table workspaces (
  id uuid primary key,
  name text not null check (char_length(name) between 1 and 100),
  time_zone text not null default 'Asia/Shanghai',
  created_at timestamptz not null default now()
);

create table roles (
  workspace_id uuid not null references workspaces (id),
  id uuid not null,
  key text not null,
  name text not null,
  permissions text[] not null default '{}',
  record_scope text not null check (record_scope in ('own', 'team', 'all')),
  created_at timestamptz not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, key)
);

create table users (
  workspace_id uuid not null references workspaces (id),
  id uuid not null,
  email text not null check (email = lower(email)),
  name text not null,
  password_hash text not null,
  role_id uuid not null,
  team_id uuid,
  active boolean not null default true,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, email),
  foreign key (workspace_id, role_id) references roles (workspace_id, id)
);
-- Login is by e-mail alone, so an address belongs to one workspace.
-- (users stays small: a Citus reference table, where this index is allowed.)
create unique index users_email_key on users (email);

create table teams (
  workspace_id uuid not null references workspaces (id),
  id uuid not null,
  name text not null,
  manager_id uuid,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, name),
  foreign key (workspace_id, manager_id) references users (workspace_id, id)
);

alter table users add foreign key (workspace_id, team_id) references teams (workspace_id, id);

create table sessions (
  workspace_id uuid not null,
  id uuid not null,
  token_hash text not null,
  user_id uuid not null,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  primary key (workspace_id, id),
  foreign key (workspace_id, user_id) references users (workspace_id, id)
);
create unique index sessions_token_hash_key on sessions (token_hash);

create table api_keys (
  workspace_id uuid not null,
  id uuid not null,
  name text not null,
  prefix text not null,
  key_hash text not null,
  user_id uuid not null,
  role_id uuid not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  primary key (workspace_id, id),
  foreign key (workspace_id, user_id) references users (workspace_id, id),
  foreign key (workspace_id, role_id) references roles (workspace_id, id)
);
create unique index api_keys_key_hash_key on api_keys (key_hash);

-- The audit trail and, filtered by customer, the customer's timeline.
create table events (
  workspace_id uuid not null references workspaces (id),
  id uuid not null,
  occurred_at timestamptz not null default now(),
  actor_type text not null check (actor_type in ('user', 'api_key', 'system')),
  actor_id uuid,
  entity_type text not null,
  entity_id uuid not null,
  customer_id uuid,
  action text not null,
  before jsonb,
  after jsonb,
  primary key (workspace_id, id)
);
create index events_entity_idx on events (workspace_id, entity_type, entity_id, id desc);
create index events_customer_idx on events (workspace_id, customer_id, id desc) where customer_id is not null;

create table customers (
  workspace_id uuid not null references workspaces (id),
  id uuid not null,
  kind text not null check (kind in ('person', 'organization')),
  name text not null check (char_length(name) between 1 and 200),
  -- Derived on write from name: full pinyin without spaces, and initials ('zhangwei', 'zw').
  name_pinyin text not null default '',
  name_initials text not null default '',
  phones text[] not null default '{}',
  emails text[] not null default '{}',
  -- ' 13812345678 a@b.cn ' : one trigram-indexed string for phone suffix and e-mail search.
  contact_search text not null default '',
  city text,
  address text,
  tags text[] not null default '{}',
  status text not null default 'potential' check (status in ('potential', 'current', 'lost', 'non_customer')),
  owner_id uuid,
  -- The full profile (customer-data module) and custom fields land here, typed by the application.
  profile jsonb not null default '{}',
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  primary key (workspace_id, id),
  foreign key (workspace_id, owner_id) references users (workspace_id, id)
);
create index customers_updated_idx on customers (workspace_id, updated_at desc, id desc) where deleted_at is null;
create index customers_created_idx on customers (workspace_id, created_at desc, id desc) where deleted_at is null;
create index customers_pinyin_sort_idx on customers (workspace_id, name_pinyin, id) where deleted_at is null;
create index customers_owner_idx on customers (workspace_id, owner_id, updated_at desc, id desc) where deleted_at is null;
create index customers_name_bigrams_idx on customers using gin (bigrams(name));
create index customers_pinyin_prefix_idx on customers (workspace_id, name_pinyin text_pattern_ops);
create index customers_initials_prefix_idx on customers (workspace_id, name_initials text_pattern_ops);
create index customers_contact_trgm_idx on customers using gin (contact_search gin_trgm_ops);
create index customers_tags_idx on customers using gin (tags);
