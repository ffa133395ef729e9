import os from 'node:os';
import pg from 'pg';

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  postgres: string;
  /** 1-minute load average when the run started: other work on the machine skews every figure */
  loadAverage: number;
}

/** What a result was measured on: numbers from another machine are not comparable. */
export async function collectMachineInfo(databaseUrl: string): Promise<MachineInfo> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ version: string }>('select version()');
    return {
      cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
      cores: os.availableParallelism(),
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      os: `${os.type()} ${os.release()}`,
      node: process.version,
      postgres: rows[0]!.version.split(' on ')[0]!,
      loadAverage: Math.round(os.loadavg()[0]! * 100) / 100,
    };
  } finally {
    await client.end();
  }
}
