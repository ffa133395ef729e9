-- Saved views change by version, like every other edited record: a rename or a
-- sharing change sent with a stale version gets 409 instead of overwriting.
alter table saved_views add column version integer not null default 1;
