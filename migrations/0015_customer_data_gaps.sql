-- Saved views change by version, like every other edited record: a rename or a
-- sharing change sent with a stale version gets 409 instead of overwriting.
alter table saved_views add column version integer not null default 1;

-- A lifecycle stage is retired, not deleted: the stage history keeps naming it,
-- and no customer can enter it any more. Putting its key back restores it.
alter table lifecycle_stages add column retired_at timestamptz;

-- A merge may close a related row instead of moving or removing it (the loser's open
-- churn warning when the survivor has its own): saved in full, put back on undo.
alter table customer_merge_rows drop constraint customer_merge_rows_action_check;
alter table customer_merge_rows add constraint customer_merge_rows_action_check check (action in ('moved', 'removed', 'closed'));
