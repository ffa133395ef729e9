-- What a score refresh pays to write a row per customer, and what its warnings cost a customer's deletion,
-- measured at scale L (677k scored customers, psql, inside rolled-back transactions):
--
-- The three tables it rewrites (current scores, the day's snapshot, the selection matrix) lose their foreign key to
-- workspaces, as they lost the one to customers in 0017: each written row ran a FOR KEY SHARE check of the same
-- workspace row, 4.5 s of the 17.7 s that writing a snapshot took. Workspaces are never deleted, and a refresh writes
-- only the workspace whose settings it has just read under that workspace's advisory lock.
alter table customer_scores drop constraint customer_scores_workspace_id_fkey;
alter table customer_score_history drop constraint customer_score_history_workspace_id_fkey;
alter table customer_selection drop constraint customer_selection_workspace_id_fkey;

-- Scores by churn risk alone: no list reads it since the at-risk list walks customer_scores_value_at_risk_idx (0019).
-- Kept up with random inserts it cost ~4.5 s of writing the scores, and it led the warning check to fetch 195k
-- scores through it (9.3 s) where a scan of them takes 0.8 s.
drop index customer_scores_at_risk_idx;

-- Warnings by customer, all of them: the unique index above admits one open warning per customer but is partial
-- (status <> 'resolved'), so deleting a customer checked the foreign key of churn_warnings by scanning the table.
-- After a first refresh at L opened 135,698 warnings, removing the bench's 15,000 created customers took minutes.
create index churn_warnings_customer_idx on churn_warnings (workspace_id, customer_id);
