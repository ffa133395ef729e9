-- Customer profiles (客户信息): classifications, lifecycle stages with their
-- history, custom fields, relations between customers, organisation contacts
-- and saved list views. The profile groups themselves live in customers.profile
-- (jsonb, typed and validated by the application's zod schemas).

-- Classifications (002) and the lifecycle stage sit in columns so lists can filter on them.
alter table customers
  add column relationship_type text check (relationship_type in ('consumer', 'intermediary', 'internal', 'public')),
  add column value_class text check (value_class in ('important', 'ordinary', 'small')),
  add column key_account boolean not null default false,
  add column lifecycle_stage text,
  -- Values of the workspace's custom fields, keyed by field key, typed per definition.
  add column custom_fields jsonb not null default '{}';

-- 考察期 → 形成期 → 稳定期 → 退化期, configurable per workspace.
create table lifecycle_stages (
  workspace_id uuid not null references workspaces (id),
  key text not null check (key ~ '^[a-z][a-z0-9_]{0,39}$'),
  name_zh text not null check (char_length(name_zh) between 1 and 40),
  name_en text not null check (char_length(name_en) between 1 and 40),
  position integer not null,
  primary key (workspace_id, key)
);

insert into lifecycle_stages (workspace_id, key, name_zh, name_en, position)
select w.id, s.key, s.name_zh, s.name_en, s.position
from workspaces w
cross join (values
  ('exploration', '考察期', 'Exploration', 1),
  ('formation', '形成期', 'Formation', 2),
  ('stability', '稳定期', 'Stability', 3),
  ('decline', '退化期', 'Decline', 4)
) as s (key, name_zh, name_en, position);

alter table customers
  add foreign key (workspace_id, lifecycle_stage) references lifecycle_stages (workspace_id, key);
create index customers_lifecycle_idx on customers (workspace_id, lifecycle_stage) where deleted_at is null;

-- Every stage change: when, from, to, who or what, and why.
create table customer_lifecycle_history (
  workspace_id uuid not null references workspaces (id),
  id uuid not null,
  customer_id uuid not null,
  occurred_at timestamptz not null default now(),
  from_stage text,
  to_stage text not null,
  actor_type text not null check (actor_type in ('user', 'api_key', 'system')),
  actor_id uuid,
  -- Required for changes through the API; null only for the stage given at creation.
  reason text check (char_length(reason) <= 500),
  primary key (workspace_id, id),
  foreign key (workspace_id, customer_id) references customers (workspace_id, id)
);
create index customer_lifecycle_history_customer_idx on customer_lifecycle_history (workspace_id, customer_id, occurred_at desc);

-- The registry of custom fields: values live typed in customers.custom_fields.
create table custom_field_definitions (
  workspace_id uuid not null references workspaces (id),
  id uuid not null,
  key text not null check (key ~ '^[a-z][a-z0-9_]{0,39}$'),
  label_zh text not null check (char_length(label_zh) between 1 and 60),
  label_en text not null check (char_length(label_en) between 1 and 60),
  type text not null check (type in ('text', 'number', 'money', 'date', 'single_select', 'multi_select', 'boolean')),
  -- [{ "value": "a", "labelZh": "甲", "labelEn": "A" }] for the select types
  options jsonb not null default '[]',
  required boolean not null default false,
  position integer not null default 0,
  archived_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, key)
);

-- 人际情况: "to is from's <type>" (B is A's referrer); shown from both ends.
create table customer_relations (
  workspace_id uuid not null references workspaces (id),
  id uuid not null,
  from_customer_id uuid not null,
  to_customer_id uuid not null,
  type text not null check (type in ('family', 'friend', 'colleague', 'referrer', 'spouse', 'other')),
  note text check (char_length(note) <= 200),
  created_at timestamptz not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, from_customer_id, to_customer_id, type),
  check (from_customer_id <> to_customer_id),
  foreign key (workspace_id, from_customer_id) references customers (workspace_id, id),
  foreign key (workspace_id, to_customer_id) references customers (workspace_id, id)
);
create index customer_relations_to_idx on customer_relations (workspace_id, to_customer_id);

-- 联系人: a person customer acting for an organisation customer; a person may serve several.
create table customer_contacts (
  workspace_id uuid not null references workspaces (id),
  organization_id uuid not null,
  person_id uuid not null,
  role text not null check (role in ('decision_maker', 'purchaser', 'user', 'finance', 'other')),
  title text check (char_length(title) <= 60),
  is_primary boolean not null default false,
  created_at timestamptz not null default now(),
  primary key (workspace_id, organization_id, person_id),
  foreign key (workspace_id, organization_id) references customers (workspace_id, id),
  foreign key (workspace_id, person_id) references customers (workspace_id, id)
);
create index customer_contacts_person_idx on customer_contacts (workspace_id, person_id);
-- At most one primary contact per organisation.
create unique index customer_contacts_primary_idx on customer_contacts (workspace_id, organization_id) where is_primary;

-- Saved customer list views: filters, columns and sort, private or shared with a team.
create table saved_views (
  workspace_id uuid not null references workspaces (id),
  id uuid not null,
  owner_id uuid not null,
  name text not null check (char_length(name) between 1 and 60),
  query jsonb not null default '{}',
  columns text[] not null default '{}',
  sort text,
  shared_team_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id),
  foreign key (workspace_id, owner_id) references users (workspace_id, id),
  foreign key (workspace_id, shared_team_id) references teams (workspace_id, id)
);
create index saved_views_owner_idx on saved_views (workspace_id, owner_id);
create index saved_views_team_idx on saved_views (workspace_id, shared_team_id) where shared_team_id is not null;
