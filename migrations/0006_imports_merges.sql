-- Data quality: duplicate detection, merges that can be undone, and bulk
-- imports (customers and orders) that report every bad row and can be undone.

-- Duplicate checks look customers up by an exact phone or e-mail (the stored
-- values are already normalised), by exact name and by pinyin within a workspace.
create index customers_phones_idx on customers using gin (phones) where deleted_at is null;
create index customers_emails_idx on customers using gin (emails) where deleted_at is null;
create index customers_name_idx on customers (workspace_id, name) where deleted_at is null;
create index customers_pinyin_eq_idx on customers (workspace_id, name_pinyin) where deleted_at is null and name_pinyin <> '';
-- Organisations' unified social credit code lives in the profile (see migration 0004).
create index customers_credit_code_idx on customers (workspace_id, (profile ->> 'creditCode'))
  where deleted_at is null and profile ->> 'creditCode' is not null;

-- One merge: the loser was folded into the survivor. The snapshots hold both
-- rows exactly as they were, so an undo (within 30 days) restores them.
create table customer_merges (
  workspace_id uuid not null references workspaces (id),
  id uuid not null,
  survivor_id uuid not null,
  loser_id uuid not null,
  -- to_jsonb(customers.*) of both rows before the merge, and of the survivor after it
  survivor_before jsonb not null,
  loser_before jsonb not null,
  survivor_after jsonb not null,
  -- which record each field's value was taken from: { "name": "loser", "city": "survivor", ... }
  choices jsonb not null default '{}',
  merged_by uuid,
  merged_at timestamptz not null default now(),
  undone_by uuid,
  undone_at timestamptz,
  primary key (workspace_id, id),
  foreign key (workspace_id, survivor_id) references customers (workspace_id, id),
  foreign key (workspace_id, loser_id) references customers (workspace_id, id)
);
create index customer_merges_survivor_idx on customer_merges (workspace_id, survivor_id);
create index customer_merges_loser_idx on customer_merges (workspace_id, loser_id);
create index customer_merges_recent_idx on customer_merges (workspace_id, merged_at desc);

-- Every related row a merge touched, as it was: moved to the survivor (action
-- 'moved') or removed because the survivor already had its twin ('removed').
create table customer_merge_rows (
  workspace_id uuid not null,
  merge_id uuid not null,
  position integer not null,
  table_name text not null,
  column_name text not null,
  action text not null check (action in ('moved', 'removed')),
  row_data jsonb not null,
  primary key (workspace_id, merge_id, position),
  foreign key (workspace_id, merge_id) references customer_merges (workspace_id, id) on delete cascade
);

-- A bulk import: the uploaded file, how its columns map to fields, the
-- duplicate policy, and its progress (rows_done of total_rows), kept in step by the job.
create table imports (
  workspace_id uuid not null references workspaces (id),
  id uuid not null,
  kind text not null check (kind in ('customers', 'orders')),
  file_name text not null check (char_length(file_name) between 1 and 255),
  file_format text not null check (file_format in ('csv', 'xlsx')),
  -- 'utf-8' or 'gb18030' for CSV files; null for XLSX
  encoding text,
  file_size bigint not null default 0,
  headers text[] not null default '{}',
  -- { "姓名": "name", "手机": "phones", ... }; headers mapped to nothing are ignored
  mapping jsonb not null default '{}',
  policy text not null default 'skip' check (policy in ('skip', 'update', 'create')),
  status text not null default 'uploaded'
    check (status in ('uploaded', 'queued', 'running', 'completed', 'failed', 'undone')),
  total_rows integer,
  rows_done integer not null default 0,
  created_count integer not null default 0,
  updated_count integer not null default 0,
  skipped_count integer not null default 0,
  error_count integer not null default 0,
  failure text,
  created_by uuid not null,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  undone_by uuid,
  undone_at timestamptz,
  primary key (workspace_id, id),
  foreign key (workspace_id, created_by) references users (workspace_id, id)
);
create index imports_recent_idx on imports (workspace_id, created_at desc);

-- Each bad row: its number in the file (the header is row 1), the column, and
-- why; rows left out as duplicates (policy 'skip') are listed too, as 'skipped'.
create table import_errors (
  workspace_id uuid not null,
  import_id uuid not null,
  row_no integer not null,
  position integer not null,
  severity text not null default 'error' check (severity in ('error', 'skipped')),
  column_name text,
  reason text not null,
  primary key (workspace_id, import_id, row_no, position),
  foreign key (workspace_id, import_id) references imports (workspace_id, id) on delete cascade
);

-- What an import changed, so it can be undone: records it created, and records
-- it updated with their state before its first change.
create table import_changes (
  workspace_id uuid not null,
  import_id uuid not null,
  entity_type text not null check (entity_type in ('customer', 'order')),
  entity_id uuid not null,
  action text not null check (action in ('created', 'updated')),
  before jsonb,
  primary key (workspace_id, import_id, entity_id),
  foreign key (workspace_id, import_id) references imports (workspace_id, id) on delete cascade
);
