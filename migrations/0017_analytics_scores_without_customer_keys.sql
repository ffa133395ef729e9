-- Customer scores and their daily snapshots are derived data, rewritten whole by every refresh
-- (customer_scores) or appended per day (customer_score_history). A foreign key to customers made each
-- written row check its customer FOR KEY SHARE, which writes a lock into the customer's own row: a
-- refresh at a million customers dirtied the whole customers table twice over (121 s and 81 s of a
-- 738 s refresh, measured with `npm run bench -- --scale L --only analytics`). Customers are never
-- deleted (only marked deleted_at), every read joins the live customer anyway, and the next refresh
-- drops scores of customers that are gone; merges move these rows explicitly.
alter table customer_scores drop constraint customer_scores_workspace_id_customer_id_fkey;
alter table customer_score_history drop constraint customer_score_history_workspace_id_customer_id_fkey;
