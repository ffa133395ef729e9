import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, listMigrations } from './migrate.ts';

const dirs: string[] = [];
function dirWith(files: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kemai-migrations-'));
  dirs.push(dir);
  for (const file of files) fs.writeFileSync(path.join(dir, file), 'select 1;');
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('listMigrations', () => {
  it('lists .sql files by number, whatever the directory order, and ignores other files', () => {
    const dir = dirWith(['0010_late.sql', '0002_second.sql', '0001_init.sql', 'README.md', '0003_third.sql.bak']);
    expect(listMigrations(dir)).toEqual([
      { version: 1, name: 'init', file: path.join(dir, '0001_init.sql') },
      { version: 2, name: 'second', file: path.join(dir, '0002_second.sql') },
      { version: 10, name: 'late', file: path.join(dir, '0010_late.sql') },
    ]);
  });

  it('rejects two migrations with the same number, naming both', () => {
    const dir = dirWith(['0001_init.sql', '0002_add_x.sql', '0002_add_y.sql']);
    expect(() => listMigrations(dir)).toThrow(/number 2: 0002_add_(x|y)\.sql and 0002_add_(x|y)\.sql/);
  });

  it.each(['1_init.sql', '0001-init.sql', '0001_Init.sql', '0001_.sql', 'init.sql', '00001_init.sql', '0001_in it.sql'])(
    'rejects the badly named file %s',
    (file) => {
      const dir = dirWith(['0001_ok.sql', file]);
      expect(() => listMigrations(dir)).toThrow(`Migration file name must look like 0001_name.sql: ${file}`);
    },
  );

  it("reads the project's own migrations, starting at 0001", () => {
    const migrations = listMigrations(MIGRATIONS_DIR);
    expect(migrations[0]).toMatchObject({ version: 1, name: 'init' });
    expect(migrations.map((m) => m.version)).toEqual([...migrations.map((m) => m.version)].sort((a, b) => a - b));
  });
});
