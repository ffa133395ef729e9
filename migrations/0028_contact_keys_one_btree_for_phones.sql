-- Writing a customer, a third fewer index entries for its phones and e-mails, measured while importing (41,832 keys of
-- 20,000 customers inserted in rolled-back transactions on the import bench's database at 860,000 customers, embedded
-- PostgreSQL 18): 430–515 ms with the three indexes of 0021, 300–315 ms as below (measured with the e-mail
-- index on the key itself; on substr(key, 3), as it is here, 337–392 ms later, on the machine slowed by a sixth).
--
-- * A phone key is stored reversed ('p:' and the digits last to first), so "ends with 2068" is the prefix 'p:8602' of
--   the key itself and the primary key answers a phone search: the search index of 0021 kept a second entry for every
--   key only to turn phones around. It now holds e-mail keys only.
-- * The key is compared bytewise (collation "C"): keys are matched for equality or by prefix, never sorted for people,
--   and libc's strcoll was most of the cost of comparing them. It is also what lets the primary key serve LIKE 'p:…%'.
--   An import's duplicate lookup of 4,920 keys: 18.7 ms → 7.8 ms.
-- The phone's key, as customers.search.ts phoneKey() writes it for lookups. Not strict, so that PostgreSQL inlines it.
create function phone_contact_key(phone text) returns text
language sql immutable parallel safe
return 'p:' || reverse(phone);

drop index customer_contact_keys_search_idx;
alter table customer_contact_keys alter column key type text collate "C"
  using case when key like 'p:%' then phone_contact_key(substr(key, 3)) else key end;
drop function contact_key_search_form(text);

-- E-mail keys by echo length and address, as in 0021: a search of n letters reads only the addresses whose echo of the
-- owner's pinyin is shorter than n. By the address (not the key) so that the primary key, which has every e-mail key
-- of the workspace in one range but not their echoes, is no candidate for it.
create index customer_contact_keys_email_search_idx
  on customer_contact_keys (workspace_id, name_echo_length, substr(key, 3)) where key like 'e:%';

create or replace function customer_contact_keys_of(phones text[], emails text[], name_pinyin text)
returns table (key text, name_echo_length int)
language sql immutable parallel safe
as $$
  select k.key, contact_key_name_echo(k.key, name_pinyin)
  from (select phone_contact_key(p) as key from unnest(phones) as p union select 'e:' || e from unnest(emails) as e) as k
$$;

create or replace function customer_contact_keys_inserted() returns trigger
language plpgsql
as $$
begin
  insert into customer_contact_keys (workspace_id, key, customer_id, name_echo_length)
  select distinct n.workspace_id, phone_contact_key(p), n.id, 0 from inserted n cross join unnest(n.phones) as p
  union all
  select distinct n.workspace_id, 'e:' || e, n.id, contact_key_name_echo('e:' || e, n.name_pinyin)
  from inserted n cross join unnest(n.emails) as e;
  return null;
end
$$;

-- The owner's foreign key, checked row by row (5.5 µs a customer inserted): users are never deleted, and every path that
-- sets an owner checks first that it is a user of the workspace the actor may assign to (customers, ownership, pool,
-- import), which the key could not (it knows nothing of scope).
alter table customers drop constraint customers_workspace_id_owner_id_fkey;

-- Only customers at a stage: most have none (an import sets none), and no query looks for "no stage" by index.
drop index customers_lifecycle_idx;
create index customers_lifecycle_idx on customers (workspace_id, lifecycle_stage) where deleted_at is null and lifecycle_stage is not null;

-- The statistics of lower(name) (0025) sampled 300,000 rows, and an expression's statistics object is built by every
-- ANALYZE of the table, whichever columns it names: the import's refresh of its lookup columns (imports.service) took
-- 1.7 s at 860,000 customers instead of 0.2 s, 5 s of a million-row import. 100, the default, is what the planner needs
-- to estimate a Latin name search (a pattern is matched against a histogram of at least 100 names); it still finds that
-- a name nobody has ('wendy') matches almost no one.
alter statistics customers_lower_name_stats set statistics 100;
analyze customers;
analyze customer_contact_keys;
