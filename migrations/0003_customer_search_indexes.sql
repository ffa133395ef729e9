-- Customer search at a million customers (measured with `npm run bench`, see docs/benchmarks.md).

-- Latin names ('smith', or a pinyin query's name arm 'zhanglei') have trigrams: a trigram index finds them
-- directly. The bigram index of 0001 stays for Chinese names, which are mostly 2-3 characters, below
-- pg_trgm's reach; for Latin text it had to intersect long lists of common letter pairs (17 → 9 ms a pinyin search).
create index customers_name_trgm_idx on customers using gin (lower(name) gin_trgm_ops);

-- A search ORs LIKE patterns and asks for the newest page. PostgreSQL estimates each pattern from a sample
-- of the column; with the default 100-entry sample one chance hit reads as 1 % of the table, the planner
-- expects thousands of matches and walks the updated_at index through ~70,000 rows instead of fetching the
-- few hundred matches (250 ms instead of 20 ms for 'zhanglei'). 1000-entry samples keep the estimates near
-- the truth, while broad terms ('zhang') still get the walk, which is right for them.
alter table customers alter column contact_search set statistics 1000;
alter table customers alter column name_pinyin set statistics 1000;
alter table customers alter column name_initials set statistics 1000;
alter index customers_name_trgm_idx alter column 1 set statistics 1000;
analyze customers;
