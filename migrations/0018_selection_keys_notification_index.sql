-- The selection matrix placements are derived data rewritten by every refresh, like the scores (0017):
-- a foreign key to customers locked each placed customer's row FOR KEY SHARE (the selection step took
-- 43 s of the refresh at a million customers). Reads join the live customer.
alter table customer_selection drop constraint customer_selection_workspace_id_customer_id_fkey;

-- Notifications point at customers without an index on the key: every check of that foreign key
-- (deleting or re-keying a customer) scanned all notifications.
create index notifications_customer_idx on notifications (workspace_id, customer_id) where customer_id is not null;
