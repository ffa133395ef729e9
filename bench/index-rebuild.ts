import pg from 'pg';

/*
 * Bulk loads run several times faster into bare tables: no per-row index
 * maintenance or foreign-key triggers, and indexes built afterwards by sorting.
 * The definitions are read from the catalogue before dropping, so what is
 * rebuilt is exactly what the migrations made.
 */

export interface SavedDefinition {
  table: string;
  name: string;
  kind: 'primary' | 'unique' | 'foreign' | 'index';
  /** the statements that recreate it: the definition, then settings it does not carry (statistics targets) */
  create: string[];
}

/** Drops the keys, indexes and foreign keys of the tables (and foreign keys pointing at them); returns how to rebuild them. */
export async function dropIndexesAndKeys(client: pg.Client, tables: string[]): Promise<SavedDefinition[]> {
  const constraints = await client.query<{ table: string; name: string; type: 'p' | 'u' | 'f'; definition: string }>(
    `select conrelid::regclass::text as table, conname as name, contype as type, pg_get_constraintdef(oid) as definition
     from pg_constraint
     where contype in ('p', 'u', 'f') and (conrelid = any($1::regclass[]) or (contype = 'f' and confrelid = any($1::regclass[])))
     order by conname`,
    [tables],
  );
  // Statistics targets set on index expressions (ALTER INDEX … SET STATISTICS) are not part of the definition.
  const indexes = await client.query<{ table: string; name: string; definition: string; targets: Array<{ column: number; target: number }> }>(
    `select i.indrelid::regclass::text as table, i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition,
       coalesce((select json_agg(json_build_object('column', a.attnum, 'target', a.attstattarget))
                 from pg_attribute a where a.attrelid = i.indexrelid and coalesce(a.attstattarget, -1) >= 0), '[]') as targets
     from pg_index i
     where i.indrelid = any($1::regclass[]) and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
     order by 2`,
    [tables],
  );
  const kinds = { p: 'primary', u: 'unique', f: 'foreign' } as const;
  const saved: SavedDefinition[] = [
    ...constraints.rows.map((row) => ({
      table: row.table,
      name: row.name,
      kind: kinds[row.type],
      create: [`alter table ${row.table} add constraint ${pg.escapeIdentifier(row.name)} ${row.definition}`],
    })),
    ...indexes.rows.map((row) => ({
      table: row.table,
      name: row.name,
      kind: 'index' as const,
      create: [row.definition, ...row.targets.map(({ column, target }) => `alter index ${row.name} alter column ${column} set statistics ${target}`)],
    })),
  ];
  await client.query('begin');
  for (const definition of saved.filter((item) => item.kind === 'foreign')) {
    await client.query(`alter table ${definition.table} drop constraint ${pg.escapeIdentifier(definition.name)}`);
  }
  for (const definition of saved.filter((item) => item.kind === 'primary' || item.kind === 'unique')) {
    await client.query(`alter table ${definition.table} drop constraint ${pg.escapeIdentifier(definition.name)}`);
  }
  for (const definition of saved.filter((item) => item.kind === 'index')) await client.query(`drop index ${definition.name}`);
  await client.query('commit');
  return saved;
}

/**
 * Rebuilds keys first (indexes and foreign keys lean on them), then indexes,
 * then foreign keys (each one a check of every row), biggest tables first,
 * `parallel` statements at a time.
 */
export async function rebuildIndexesAndKeys(
  connectionString: string,
  saved: SavedDefinition[],
  options: { parallel: number; tableRows: Record<string, number>; onDone?: (definition: SavedDefinition, ms: number) => void },
) {
  const bySize = (a: SavedDefinition, b: SavedDefinition) => (options.tableRows[b.table] ?? 0) - (options.tableRows[a.table] ?? 0);
  const phases = [
    saved.filter((item) => item.kind === 'primary' || item.kind === 'unique'),
    saved.filter((item) => item.kind === 'index'),
    saved.filter((item) => item.kind === 'foreign'),
  ].map((phase) => phase.sort(bySize));
  const clients = await Promise.all(
    Array.from({ length: options.parallel }, async () => {
      const client = new pg.Client({ connectionString, application_name: 'kemai-bench-load' });
      await client.connect();
      // Sorts for index builds in memory rather than in temporary files.
      await client.query(`set maintenance_work_mem = '1GB'`);
      return client;
    }),
  );
  try {
    for (const phase of phases) {
      const queue = [...phase];
      await Promise.all(
        clients.map(async (client) => {
          for (let next = queue.shift(); next; next = queue.shift()) {
            const started = Date.now();
            for (const statement of next.create) await client.query(statement);
            options.onDone?.(next, Date.now() - started);
          }
        }),
      );
    }
  } finally {
    await Promise.all(clients.map((client) => client.end()));
  }
}
