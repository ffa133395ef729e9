-- Products and orders: permissions for the roles of existing workspaces (new
-- workspaces get them from SYSTEM_ROLES), and indexes the order list needs at 10M rows.

-- Appends the permissions a role lacks, keeping the ones it has (and their order).
update roles r
set permissions = r.permissions || array(
  select p from unnest(g.grants) as p where p <> all (r.permissions)
)
from (values
  ('admin', array['products.manage', 'orders.read', 'orders.write']),
  ('sales_manager', array['products.manage', 'orders.read', 'orders.write']),
  ('sales_rep', array['orders.read', 'orders.write']),
  ('service_agent', array['orders.read']),
  ('marketer', array['orders.read']),
  ('analyst', array['orders.read']),
  ('read_only', array['orders.read'])
) as g (key, grants)
where r.key = g.key;
