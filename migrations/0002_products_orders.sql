-- Transactions, the raw data of the customer database: a product catalogue and
-- orders with lines. Money is integer minor units (fen for CNY) plus a currency.
-- Orders are looked up by customer, so their indexes lead with (workspace_id, customer_id).

create table product_categories (
  workspace_id uuid not null references workspaces (id),
  id uuid not null,
  name text not null check (char_length(name) between 1 and 100),
  parent_id uuid,
  created_at timestamptz not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, name),
  foreign key (workspace_id, parent_id) references product_categories (workspace_id, id)
);

create table products (
  workspace_id uuid not null references workspaces (id),
  id uuid not null,
  sku text not null check (char_length(sku) between 1 and 64),
  name text not null check (char_length(name) between 1 and 200),
  category_id uuid,
  unit_price bigint not null check (unit_price >= 0),
  currency char(3) not null default 'CNY',
  active boolean not null default true,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  primary key (workspace_id, id),
  unique (workspace_id, sku),
  foreign key (workspace_id, category_id) references product_categories (workspace_id, id)
);

create table orders (
  workspace_id uuid not null references workspaces (id),
  id uuid not null,
  order_no text not null check (char_length(order_no) between 1 and 64),
  customer_id uuid not null,
  ordered_at timestamptz not null,
  channel text not null default 'direct'
    check (channel in ('direct', 'store', 'online', 'phone', 'wechat', 'distributor', 'other')),
  status text not null default 'completed'
    check (status in ('pending', 'paid', 'shipped', 'completed', 'cancelled', 'refunded')),
  currency char(3) not null default 'CNY',
  amount bigint not null check (amount >= 0),
  owner_id uuid,
  note text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, id),
  unique (workspace_id, order_no),
  foreign key (workspace_id, customer_id) references customers (workspace_id, id),
  foreign key (workspace_id, owner_id) references users (workspace_id, id)
);
create index orders_customer_idx on orders (workspace_id, customer_id, ordered_at desc);
create index orders_ordered_at_idx on orders (workspace_id, ordered_at desc, id desc);

create table order_lines (
  workspace_id uuid not null,
  order_id uuid not null,
  line_no integer not null check (line_no >= 1),
  product_id uuid,
  description text not null,
  quantity integer not null check (quantity > 0),
  unit_price bigint not null check (unit_price >= 0),
  amount bigint not null check (amount >= 0),
  primary key (workspace_id, order_id, line_no),
  foreign key (workspace_id, order_id) references orders (workspace_id, id) on delete cascade,
  foreign key (workspace_id, product_id) references products (workspace_id, id)
);
create index order_lines_product_idx on order_lines (workspace_id, product_id) where product_id is not null;
