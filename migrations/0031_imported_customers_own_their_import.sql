-- A customer an import creates carries the import and its file row itself. It had a change row in import_changes
-- instead (undo's list of the customers to delete, and the customer's "imported" timeline entry): a heap row and two
-- index entries a customer, written in a join with the batch, 13 ms of a 2,500-customer insert's 168 ms (5 µs a
-- customer, embedded PostgreSQL 18 at 860,000 customers). Undo now finds the customers by import_id without an index
-- (a scan of the workspace's customers, once, when an import is undone); the timeline reads the customer's own row.
-- Updated customers keep their change rows: undo needs their old values.
--
-- import_row_no is null for a customer whose import also wrote it an event of its own (before migration 0025): its
-- timeline shows that event, and no second "imported" entry is made up for it.
--
-- Moving the existing change rows rewrites every customer an import created, once: about a minute a million such
-- customers (an update of 90,611 of them took 5.1 s on the import bench's database). Chosen over reading the old
-- change rows and the new columns side by side, from now on, in undo, the timeline and the import's duplicate lookup.
alter table customers add column import_id uuid, add column import_row_no integer;

update customers c set import_id = ch.import_id, import_row_no = case when ch.changed_at is not null then ch.row_no end
from import_changes ch
where ch.entity_type = 'customer' and ch.action = 'created' and c.workspace_id = ch.workspace_id and c.id = ch.entity_id;
delete from import_changes where entity_type = 'customer' and action = 'created';
-- They served the timeline's entry made from a customer's change row (the index its lookup, row_no and changed_at its
-- text and date); no other change row has them read. Orders' created rows are found by import.
drop index import_changes_created_idx;
alter table import_changes drop column row_no, drop column changed_at;

-- A customer's owner index in ascending order, as customers_updated_idx since 0030 (the owner's newest-first list reads
-- it backwards). Descending, every customer written went to the front of its owner's range, and pages split there
-- half and half: the index was 90 MB at 860,000 customers where a fresh build is 64 MB. Ascending, new customers go to
-- the end of the range, where PostgreSQL splits a page so that the left one stays full. Customers of one owner written
-- in batches of 2,500 at 860,000 (tables of the four columns, one index each): 100,000 in 375 ms descending, 290 ms
-- ascending, 0.85 µs a customer; after 200,000 the descending index had grown 39 MB, the ascending one 22 MB.
drop index customers_owner_idx;
create index customers_owner_idx on customers (workspace_id, owner_id, updated_at, id) where deleted_at is null;
