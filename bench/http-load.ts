import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Run } from './latency.ts';
import type { LoadJob, WorkerCommand, WorkerReply } from './load-worker.ts';

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'load-worker.ts');

export interface HttpLoad {
  /** `seconds` of load; latencies are kept only when `record` (not for warm-ups) */
  run(seconds: number, record?: boolean): Promise<Run>;
  close(): void;
}

function ask(child: ChildProcess, command: WorkerCommand): Promise<WorkerReply> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: WorkerReply) => {
      child.off('exit', onExit);
      if (message.type === 'error') reject(new Error(`load worker failed: ${message.error}`));
      else resolve(message);
    };
    const onExit = (code: number | null) => {
      child.off('message', onMessage);
      reject(new Error(`load worker exited with code ${code}`));
    };
    child.once('message', onMessage);
    child.once('exit', onExit);
    child.send(command);
  });
}

/** Starts autocannon's process for one endpoint; it keeps its request state across rounds. */
export async function startHttpLoad(job: LoadJob): Promise<HttpLoad> {
  const child = fork(WORKER, [], { execPath: process.execPath, execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await ask(child, { type: 'setup', job });
  return {
    async run(seconds, record = true) {
      const reply = await ask(child, { type: 'run', seconds, record });
      if (reply.type !== 'run') throw new Error(`unexpected answer from the load worker: ${reply.type}`);
      return reply.run;
    },
    close: () => child.disconnect(),
  };
}
