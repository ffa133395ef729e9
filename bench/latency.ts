/** One stretch of load on one side (Kemai over HTTP, or the raw replay): every request's latency and what failed. */
export interface Run {
  /** milliseconds, one per answered request */
  latencies: number[];
  seconds: number;
  /** answers other than 2xx (HTTP), or failed statements (raw) */
  errors: number;
  /** connection errors and timeouts */
  failures: number;
  statusCodes?: Record<string, number>;
  /** the first failed answer, to say why */
  firstError?: string;
}

/** What one endpoint did over its measured rounds, through Kemai or straight to PostgreSQL. */
export interface Measurement {
  requests: number;
  errors: number;
  failures: number;
  seconds: number;
  requestsPerSecond: number;
  latencyMs: { mean: number; p50: number; p95: number; p99: number; max: number };
  statusCodes?: Record<string, number>;
  firstError?: string;
}

const round = (value: number) => Math.round(value * 100) / 100;

/** Nearest-rank percentile of sorted values (p in 0..100). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** One summary for both sides, from per-request latencies in milliseconds, so Kemai and raw are computed alike. */
export function summarize(latencies: number[], seconds: number, errors: number, failures: number): Measurement {
  const sorted = Float64Array.from(latencies).sort();
  const total = latencies.reduce((sum, value) => sum + value, 0);
  return {
    requests: latencies.length,
    errors,
    failures,
    seconds: round(seconds),
    requestsPerSecond: round(latencies.length / seconds),
    latencyMs: {
      mean: round(latencies.length ? total / latencies.length : 0),
      p50: round(percentile(sorted, 50)),
      p95: round(percentile(sorted, 95)),
      p99: round(percentile(sorted, 99)),
      max: round(sorted.at(-1) ?? 0),
    },
  };
}

/** Rounds of one side taken together: their requests over their summed time. */
export function combineRuns(runs: Run[]): Measurement {
  const statusCodes: Record<string, number> = {};
  for (const run of runs) for (const [code, count] of Object.entries(run.statusCodes ?? {})) statusCodes[code] = (statusCodes[code] ?? 0) + count;
  const firstError = runs.find((run) => run.firstError)?.firstError;
  return {
    ...summarize(
      runs.flatMap((run) => run.latencies),
      runs.reduce((sum, run) => sum + run.seconds, 0),
      runs.reduce((sum, run) => sum + run.errors, 0),
      runs.reduce((sum, run) => sum + run.failures, 0),
    ),
    ...(Object.keys(statusCodes).length ? { statusCodes } : {}),
    ...(firstError ? { firstError } : {}),
  };
}
