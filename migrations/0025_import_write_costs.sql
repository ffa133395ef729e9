-- What writing a customer costs PostgreSQL, measured while importing (90,611 customers inserted in rolled-back
-- transactions on the import bench's database, embedded PostgreSQL 18): 375 µs a customer, of which
--
-- bigrams(): an SQL function with an aggregate is never inlined; called for every index entry it cost 107 µs of
-- keeping customers_name_bigrams_idx (32 µs a call; the GIN index itself 20 µs). The same loop in PL/pgSQL costs
-- 3 µs a call. It returns the same set of bigrams (repeated ones and in text order rather than sorted and distinct,
-- which neither GIN nor @> sees), so the index built with the old body stays valid. A search's recheck calls it too.
create or replace function bigrams(input text) returns text[]
language plpgsql immutable strict parallel safe
as $$
declare
  lowered text := lower(input);
  result text[] := '{}';
begin
  for i in 1 .. char_length(input) - 1 loop
    result := result || substr(lowered, i, 2);
  end loop;
  return result;
end
$$;

-- Foreign keys checked row by row (a FOR KEY SHARE lookup of the same parent for every row): 28 µs a customer for the
-- contact keys' key to customers, 13 µs for customers' key to workspaces, 12 µs for events' and 12 µs for the
-- import's change rows' key to imports. Workspaces and imports are never deleted (as in 0022); a contact key is only
-- written by the triggers of customers for the rows they are inserting or updating. What the cascade of the contact
-- keys' key did (a customer deleted for good takes its keys along) a statement trigger does instead.
alter table customer_contact_keys drop constraint customer_contact_keys_workspace_id_customer_id_fkey;
alter table customers drop constraint customers_workspace_id_fkey;
alter table events drop constraint events_workspace_id_fkey;
alter table import_changes drop constraint import_changes_workspace_id_import_id_fkey;

-- A customer's keys are found by the primary key, from the phones and e-mails they were made of (only these
-- triggers write them), so the index of keys by customer goes: 13 µs a customer inserted.
create or replace function customer_contact_keys_updated() returns trigger
language plpgsql
as $$
begin
  delete from customer_contact_keys ck
  using updated_new n join updated_old o on o.workspace_id = n.workspace_id and o.id = n.id
  cross join lateral customer_contact_keys_of(o.phones, o.emails, o.name_pinyin) as k
  where (n.phones is distinct from o.phones or n.emails is distinct from o.emails or n.name_pinyin is distinct from o.name_pinyin)
    and ck.workspace_id = o.workspace_id and ck.key = k.key and ck.customer_id = o.id;
  insert into customer_contact_keys (workspace_id, key, customer_id, name_echo_length)
  select n.workspace_id, k.key, n.id, k.name_echo_length
  from updated_new n join updated_old o on o.workspace_id = n.workspace_id and o.id = n.id
  cross join lateral customer_contact_keys_of(n.phones, n.emails, n.name_pinyin) as k
  where n.phones is distinct from o.phones or n.emails is distinct from o.emails or n.name_pinyin is distinct from o.name_pinyin
  on conflict do nothing;
  return null;
end
$$;

create function customer_contact_keys_deleted() returns trigger
language plpgsql
as $$
begin
  delete from customer_contact_keys ck
  using deleted d cross join lateral customer_contact_keys_of(d.phones, d.emails, d.name_pinyin) as k
  where ck.workspace_id = d.workspace_id and ck.key = k.key and ck.customer_id = d.id;
  return null;
end
$$;
create trigger customers_contact_keys_delete after delete on customers
  referencing old table as deleted for each statement execute function customer_contact_keys_deleted();
drop index customer_contact_keys_customer_idx;

-- Latin names through the trigram index only (a search's Latin arm has 3 letters or digits in a row: see
-- searchCondition), Chinese ones through the bigrams: the trigram index kept every Chinese name's trigrams too,
-- 22 µs a customer that no search read.
drop index customers_name_trgm_idx;
create index customers_name_trgm_idx on customers using gin (lower(name) gin_trgm_ops) where lower(name) ~ '[a-z0-9]{3}';
-- The planner ignores a partial index's statistics, and without those of lower(name) (0003 kept them on the whole-table
-- index) it took a Latin search with no match ('wendy') for 1,700 matches and walked the updated_at index through
-- every customer to find 21: 2.2 s at L. Statistics on the expression itself, sampled as finely as 0003's: 0.3 ms.
create statistics customers_lower_name_stats on (lower(name)) from customers;
alter statistics customers_lower_name_stats set statistics 1000;
analyze customers;

-- Two B-trees that others already answer (6.5 µs a customer each): the pool's "customers owned" by
-- customers_owner_idx (same leading columns, same rows but the pool's), equal pinyin by customers_pinyin_sort_idx.
drop index customers_owned_idx;
drop index customers_pinyin_eq_idx;

-- A customer an import creates gets no event of its own any more (41 µs a customer: a row and three index entries
-- in the busiest table): the import's change row, which undo needs anyway, is its "imported" entry on the customer's
-- timeline, dated by changed_at. Changes written before this migration keep their events and have no changed_at, so
-- nothing is shown twice. The timeline finds them by customer through this index.
alter table import_changes add column changed_at timestamptz;
alter table import_changes alter column changed_at set default now();
create index import_changes_created_idx on import_changes (workspace_id, entity_id) where action = 'created' and changed_at is not null;
