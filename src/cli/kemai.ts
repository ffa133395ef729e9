#!/usr/bin/env -S node --max-semi-space-size=16
import { ConfigError, loadConfig } from '../server/config.ts';
import { DataDirLockedError } from '../server/db/data-dir-lock.ts';

const USAGE = `Usage: kemai <command> [options]

Commands:
  start [--no-demo]   start Kemai (embedded PostgreSQL unless DATABASE_URL is set)
  migrate             apply pending database migrations (needs DATABASE_URL)
  analytics clv       fit CLV models to a transaction log CSV (kemai analytics clv --help)
  import customers|orders FILE [--map ...] [--policy skip|update|create]
                      import a CSV/XLSX into a running Kemai over its API (kemai import --help)
  help                show this text`;

async function start(args: string[]) {
  const config = loadConfig();
  const demo = config.KEMAI_DEMO && !args.includes('--no-demo');
  // Loaded here, not at the top: other commands should not pay for loading the whole server.
  const { startKemai } = await import('../server/server.ts');
  const kemai = await startKemai(config, { demo });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n  ${signal}: stopping Kemai…\n`);
    try {
      await kemai.stop();
      process.stdout.write('  Stopped cleanly.\n');
      process.exit(0);
    } catch (error) {
      console.error(error);
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

async function main() {
  const [command = 'help', ...args] = process.argv.slice(2);
  switch (command) {
    case 'start':
      return start(args);
    case 'migrate': {
      const config = loadConfig();
      if (!config.DATABASE_URL) throw new ConfigError('kemai migrate needs DATABASE_URL (npm start migrates the embedded database itself)');
      const { migrate } = await import('../server/db/migrate.ts');
      const applied = await migrate(config.DATABASE_URL);
      process.stdout.write(applied.length ? `Applied migrations ${applied.join(', ')}\n` : 'The database is up to date.\n');
      return;
    }
    case 'import': {
      const { runImportCommand } = await import('./import-command.ts');
      process.exitCode = await runImportCommand(args);
      return;
    }
    case 'analytics': {
      const { runAnalyticsCommand } = await import('./analytics-command.ts');
      process.exitCode = await runAnalyticsCommand(args);
      return;
    }
    case 'help':
    case '--help':
      process.stdout.write(`${USAGE}\n`);
      return;
    default:
      process.stderr.write(`Unknown command: ${command}\n\n${USAGE}\n`);
      process.exit(2);
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirLockedError) {
    process.stderr.write(`kemai: ${error.message}\n`);
    process.exit(1);
  }
  console.error(error);
  process.exit(1);
});
