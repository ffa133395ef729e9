-- Phone suffixes and e-mail prefixes through one B-tree on the contact keys instead of the trigram index on
-- customers.contact_search. At a million customers a 4-digit suffix ('%2068 %') spent 2 of its 3.4 ms in the
-- trigram lists of '206', '068', '68 ', and a pinyin search's e-mail arm ('%zhanglei%') 6.9 ms in the lists of
-- 'han' and 'ang', which half of all pinyin e-mails contain. Here a phone key is kept reversed, so "ends with 2068"
-- is the prefix 'p:8602'; an e-mail key stays as it is, so "starts with zhanglei" is the prefix 'e:zhanglei'.
create function contact_key_search_form(key text) returns text
-- not strict: PostgreSQL then inlines the CASE (a strict SQL function around a non-strict body is called, ~3 µs a row)
language sql immutable parallel safe
return case when left(key, 2) = 'p:' then 'p:' || reverse(substr(key, 3)) else key end;

-- Most Chinese e-mail addresses begin with the owner's pinyin (zhanglei88@…): a search for 'zhanglei' finds those
-- customers by name already, and fetching them again by e-mail cost a third of the search at a million customers.
-- name_echo_length is the length of the customer's full pinyin when the address starts with it (else 0); a search
-- of at most that many letters skips the key. It follows the name: the update trigger rewrites the keys then too.
alter table customer_contact_keys add column name_echo_length int not null default 0;

create function contact_key_name_echo(key text, name_pinyin text) returns int
language sql immutable parallel safe
return case when left(key, 2) = 'e:' and name_pinyin <> '' and starts_with(substr(key, 3), name_pinyin)
  then length(name_pinyin) else 0 end;

update customer_contact_keys ck
set name_echo_length = contact_key_name_echo(ck.key, c.name_pinyin)
from customers c
where c.workspace_id = ck.workspace_id and c.id = ck.customer_id and ck.key like 'e:%'
  and contact_key_name_echo(ck.key, c.name_pinyin) <> 0;

-- The echo length leads, so a search of n letters reads only keys with an echo shorter than n: one index range for
-- each such length (`= any(array[0, …, n-1])`), never the hundreds of addresses that start with the name it finds
-- anyway. A phone key's echo is 0.
create index customer_contact_keys_search_idx
  on customer_contact_keys (workspace_id, name_echo_length, contact_key_search_form(key) text_pattern_ops);

-- E-mail domains ('@corp' finds every address at a domain starting with corp) through their own B-tree. With it
-- the trigram index of customers.contact_search serves no search any more and goes: it was a fifth of writing a
-- customer row (20,000 rows inserted at L: 7.0 s with it, 5.5 s without, rolled back each time).
create index customer_contact_keys_domain_idx
  on customer_contact_keys (workspace_id, split_part(key, '@', 2) text_pattern_ops) where key like 'e:%';
drop index customers_contact_trgm_idx;

-- One customer's keys with their echoes: what both triggers of 0010 write, now in one place.
create function customer_contact_keys_of(phones text[], emails text[], name_pinyin text)
returns table (key text, name_echo_length int)
language sql immutable parallel safe
as $$
  select k.key, contact_key_name_echo(k.key, name_pinyin)
  from (select 'p:' || p as key from unnest(phones) as p union select 'e:' || e from unnest(emails) as e) as k
$$;

create or replace function customer_contact_keys_inserted() returns trigger
language plpgsql
as $$
begin
  insert into customer_contact_keys (workspace_id, key, customer_id, name_echo_length)
  select n.workspace_id, k.key, n.id, k.name_echo_length
  from inserted n cross join lateral customer_contact_keys_of(n.phones, n.emails, n.name_pinyin) as k
  on conflict do nothing;
  return null;
end
$$;

-- A customer's keys are rewritten when a phone or e-mail changes, and when the name does (the echo follows it).
create or replace function customer_contact_keys_updated() returns trigger
language plpgsql
as $$
begin
  delete from customer_contact_keys ck
  using updated_new n join updated_old o on o.workspace_id = n.workspace_id and o.id = n.id
  where (n.phones is distinct from o.phones or n.emails is distinct from o.emails or n.name_pinyin is distinct from o.name_pinyin)
    and ck.workspace_id = n.workspace_id and ck.customer_id = n.id;
  insert into customer_contact_keys (workspace_id, key, customer_id, name_echo_length)
  select n.workspace_id, k.key, n.id, k.name_echo_length
  from updated_new n join updated_old o on o.workspace_id = n.workspace_id and o.id = n.id
  cross join lateral customer_contact_keys_of(n.phones, n.emails, n.name_pinyin) as k
  where n.phones is distinct from o.phones or n.emails is distinct from o.emails or n.name_pinyin is distinct from o.name_pinyin
  on conflict do nothing;
  return null;
end
$$;
