import { createRequire } from 'node:module';
import type { Run } from './latency.ts';

/*
 * Runs autocannon against Kemai in a process of its own (started by
 * http-load.ts), so the load generator never shares an event loop with the
 * server or with the raw-SQL baseline. It stays up for all of an endpoint's
 * rounds: what the requests carry from one answer to the next (rotation,
 * versions) lives here.
 */

// autocannon ships no types; these are the parts used here.
interface AutocannonResult {
  non2xx: number;
  errors: number;
  timeouts: number;
}
interface AutocannonInstance extends PromiseLike<AutocannonResult> {
  on(event: 'response', listener: (client: unknown, status: number, bytes: number, responseTime: number) => void): void;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (options: Record<string, unknown>) => AutocannonInstance;

/** What to send: fixed or rotating GETs, a POST, or PATCHes that each carry the version the previous answer returned. */
export type LoadSpec =
  | { type: 'get'; paths: string[] }
  | { type: 'post'; path: string; body: Record<string, unknown> }
  | { type: 'update'; pool: Array<{ id: string; version: number }>; body: Record<string, unknown> };

export interface LoadJob {
  url: string;
  headers: Record<string, string>;
  connections: number;
  spec: LoadSpec;
}

/** Messages from the parent: set up once, then run rounds. */
export type WorkerCommand = { type: 'setup'; job: LoadJob } | { type: 'run'; seconds: number; record: boolean };
export type WorkerReply = { type: 'ready' } | { type: 'run'; run: Run } | { type: 'error'; error: string };

type Request = { method?: string; path?: string; body?: string };

const statusCodes: Record<string, number> = {};
let firstError: string | undefined;
function noteAnswer(status: number, body: string) {
  statusCodes[status] = (statusCodes[status] ?? 0) + 1;
  if (status >= 300 && firstError === undefined) firstError = `${status} ${body.slice(0, 500)}`;
}

/** autocannon's requests for a spec; state shared by all connections lives in these closures. */
function requestsFor(spec: LoadSpec): Array<Record<string, unknown>> {
  if (spec.type === 'get') {
    let next = 0;
    return [{ method: 'GET', setupRequest: (request: Request) => ({ ...request, path: spec.paths[next++ % spec.paths.length] }), onResponse: noteAnswer }];
  }
  if (spec.type === 'post') return [{ method: 'POST', path: spec.path, body: JSON.stringify(spec.body), onResponse: noteAnswer }];
  // Each customer is out with at most one connection at a time and comes back with the version the server answered,
  // so no PATCH is ever stale (a 409 here would be the bench's fault, and is counted as an error).
  const ready = [...spec.pool];
  return [
    {
      method: 'PATCH',
      setupRequest: (request: Request) => {
        const customer = ready.shift();
        if (!customer) throw new Error('update pool exhausted: more connections than customers to update');
        return { ...request, path: `/api/customers/${customer.id}`, body: JSON.stringify({ ...spec.body, version: customer.version }) };
      },
      onResponse: (status: number, body: string) => {
        noteAnswer(status, body);
        try {
          const answer = JSON.parse(body) as { id?: string; version?: number; current?: { id: string; version: number } };
          const customer = status === 200 ? answer : answer.current;
          if (customer?.id && typeof customer.version === 'number') ready.push({ id: customer.id, version: customer.version });
        } catch {
          // a non-JSON answer is already counted as an error by its status
        }
      },
    },
  ];
}

async function run(job: LoadJob, requests: Array<Record<string, unknown>>, seconds: number, record: boolean): Promise<Run> {
  const latencies: number[] = [];
  for (const code of Object.keys(statusCodes)) delete statusCodes[code];
  firstError = undefined;
  const started = performance.now();
  const instance = autocannon({
    url: job.url,
    connections: job.connections,
    duration: seconds,
    headers: { 'content-type': 'application/json', ...job.headers },
    requests,
  });
  if (record) instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  const result = await instance;
  return {
    latencies,
    seconds: (performance.now() - started) / 1000,
    errors: result.non2xx,
    failures: result.errors + result.timeouts,
    statusCodes: { ...statusCodes },
    ...(firstError ? { firstError } : {}),
  };
}

let job: LoadJob | undefined;
let requests: Array<Record<string, unknown>> = [];
const reply = (message: WorkerReply) => process.send!(message);

process.on('message', (command: WorkerCommand) => {
  if (command.type === 'setup') {
    job = command.job;
    requests = requestsFor(job.spec);
    return reply({ type: 'ready' });
  }
  run(job!, requests, command.seconds, command.record).then(
    (result) => reply({ type: 'run', run: result }),
    (error: unknown) => reply({ type: 'error', error: String((error as Error)?.stack ?? error) }),
  );
});
process.on('disconnect', () => process.exit(0));
