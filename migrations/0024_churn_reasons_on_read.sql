-- A customer's churn reasons are worded from columns the scores keep anyway (P(alive), days since the last
-- purchase and the mean gap, the two halves' spend), so they are built when read (the 360 page, a warning as
-- it opens: refresh.repository's CHURN_REASONS_SQL) instead of stored as jsonb on every score. Building and
-- writing them cost 2–4 s of the 10–14 s that writing 680,000 scores took at scale L, each night.
alter table customer_scores drop column churn_reasons;
