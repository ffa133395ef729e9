-- Phone suffixes and e-mail prefixes through one B-tree on the contact keys instead of the trigram index on
-- customers.contact_search. At a million customers a 4-digit suffix ('%2068 %') spent 2 of its 3.4 ms in the
-- trigram lists of '206', '068', '68 ', and a pinyin search's e-mail arm ('%zhanglei%') 6.9 ms in the lists of
-- 'han' and 'ang', which half of all pinyin e-mails contain. Here a phone key is kept reversed, so "ends with 2068"
-- is the prefix 'p:8602'; an e-mail key stays as it is, so "starts with zhanglei" is the prefix 'e:zhanglei'.
create function contact_key_search_form(key text) returns text
-- not strict: PostgreSQL then inlines the CASE (a strict SQL function around a non-strict body is called, ~3 µs a row)
language sql immutable parallel safe
return case when left(key, 2) = 'p:' then 'p:' || reverse(substr(key, 3)) else key end;

create index customer_contact_keys_search_idx
  on customer_contact_keys (workspace_id, contact_key_search_form(key) text_pattern_ops);
