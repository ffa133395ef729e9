-- The search columns' statistics from 90,000 sampled rows instead of 300,000 (0003, 0027). The largest target of a
-- table's columns sets how many rows every ANALYZE of it reads and sorts for every column: autovacuum's analyze of
-- customers took 5.4 s of CPU at 860,000 rows, one in each million-row import. Checked at L (1,000,000 customers) on
-- 18 searches, from broad to rare ('zhang', 'li', 'zl', 'zw', 'x', 'huang', 'qian', 'ouyang', 'zhanglei',
-- 'zhangweig', 'zlg', ...): the same plan with 300 as with 1000 for each, the prefix estimates still telling the few
-- hundred matches of 'zhanglei' (fetched by bitmap) from the broad terms (the updated_at index walked). ANALYZE of
-- customers at L: 2.7 s instead of 9.6 s.
alter table customers alter column name_pinyin set statistics 300;
alter table customers alter column name_initials set statistics 300;
-- No index reads contact_search since 0021; a search tests it row by row only when an e-mail prefix is too broad to
-- list (customers.repository emailArm), so its statistics need no more than the default.
alter table customers alter column contact_search set statistics -1;
analyze customers;
