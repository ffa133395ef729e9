/** Data set sizes. Orders and events follow from the purchase model (~10 orders and ~5 events a customer). */
export interface Scale {
  name: ScaleName;
  customers: number;
  /** sales teams, each a manager and `repsPerTeam` reps */
  teams: number;
  repsPerTeam: number;
  /** what the issue asks for, to print next to what the model produced */
  nominal: { orders: number; events: number };
}

export const SCALES = {
  // Not for people: the integration test's size.
  XS: { name: 'XS', customers: 300, teams: 2, repsPerTeam: 2, nominal: { orders: 3_000, events: 1_500 } },
  S: { name: 'S', customers: 10_000, teams: 3, repsPerTeam: 5, nominal: { orders: 100_000, events: 50_000 } },
  M: { name: 'M', customers: 100_000, teams: 6, repsPerTeam: 8, nominal: { orders: 1_000_000, events: 500_000 } },
  L: { name: 'L', customers: 1_000_000, teams: 10, repsPerTeam: 9, nominal: { orders: 10_000_000, events: 5_000_000 } },
} as const satisfies Record<string, Scale>;

export type ScaleName = 'XS' | 'S' | 'M' | 'L';

export function scaleNamed(name: string): Scale {
  const scale = (SCALES as Record<string, Scale>)[name.toUpperCase()];
  if (!scale) throw new Error(`Unknown scale ${name}: use S, M or L`);
  return scale;
}

/** The bench's fixed sign-in, so the runner can log in to any generated database. */
export const BENCH_ADMIN = { email: 'bench.admin@kemai.local', password: 'kemai-bench-2026', name: '基准测试管理员' };
export const BENCH_USER_PASSWORD = 'kemai-bench-2026';
export const DEFAULT_SEED = 1;

/** The generated workspace's name records what was generated, so the runner can check it has the scale it was asked for. */
export function benchWorkspaceName(scale: ScaleName, seed: number) {
  return `客脉基准 ${scale} (seed ${seed})`;
}

export function parseBenchWorkspaceName(name: string): { scale: ScaleName; seed: number } | null {
  const match = /^客脉基准 (XS|S|M|L) \(seed (\d+)\)$/.exec(name);
  return match ? { scale: match[1] as ScaleName, seed: Number(match[2]) } : null;
}
