-- The three tables a score refresh rewrites a row per customer into (current scores, the day's snapshot, the
-- selection matrix) lose their foreign key to workspaces, as they lost the one to customers in 0017: each written
-- row ran a FOR KEY SHARE check of the same workspace row, 4.5 s of the 17.7 s that writing a 677k-row snapshot
-- took at scale L (psql, inside a rolled-back transaction). Workspaces are never deleted, and a refresh writes
-- only the workspace whose settings it has just read under that workspace's advisory lock.
alter table customer_scores drop constraint customer_scores_workspace_id_fkey;
alter table customer_score_history drop constraint customer_score_history_workspace_id_fkey;
alter table customer_selection drop constraint customer_selection_workspace_id_fkey;
