-- The contact keys of inserted customers, written set-wise: 730 ms instead of 930 for the keys of 20,000 customers
-- (rolled back each time, on the import bench's database at 860,000 customers). Two costs go:
-- * ON CONFLICT DO NOTHING made every key a speculative insertion (a probe of the primary key, then the insertion).
--   An inserted customer has no keys yet: only these triggers write them, and its id is new (a customer deleted for
--   good takes its keys along, 0025). A key given twice in one customer's phones or e-mails is kept once by DISTINCT.
-- * customer_contact_keys_of() as a lateral call de-duplicated each customer's keys in a hash of their own: one
--   DISTINCT over the statement's rows now (phone and e-mail keys cannot collide, their prefixes differ). The keys
--   and their name echoes are those of customer_contact_keys_of(), which the update and delete triggers still use.
create or replace function customer_contact_keys_inserted() returns trigger
language plpgsql
as $$
begin
  insert into customer_contact_keys (workspace_id, key, customer_id, name_echo_length)
  select distinct n.workspace_id, 'p:' || p, n.id, 0 from inserted n cross join unnest(n.phones) as p
  union all
  select distinct n.workspace_id, 'e:' || e, n.id, contact_key_name_echo('e:' || e, n.name_pinyin)
  from inserted n cross join unnest(n.emails) as e;
  return null;
end
$$;
