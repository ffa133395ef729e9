-- The file row that created a record, so a duplicate of it found in a later
-- batch of the same import is reported as "与第 N 行重复" like one in the same
-- batch: where the importer cuts the file into transactions stays invisible.
-- Null for updates and for imports made before this column.
alter table import_changes add column row_no integer;
