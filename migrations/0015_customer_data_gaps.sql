-- Saved views change by version, like every other edited record: a rename or a
-- sharing change sent with a stale version gets 409 instead of overwriting.
alter table saved_views add column version integer not null default 1;

-- A lifecycle stage is retired, not deleted: the stage history keeps naming it,
-- and no customer can enter it any more. Putting its key back restores it.
alter table lifecycle_stages add column retired_at timestamptz;
