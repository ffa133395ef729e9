/**
 * Node.js flags the server runs with; package.json's start script and the first line of kemai.ts carry the same,
 * as neither can import this. Under a high allocation rate (an import) Node 24 let V8's young generation grow to
 * 128 MiB: a million-row import peaked at 582–596 MiB of RSS. With 16 MB semi-spaces it peaked at 459 MiB at the
 * same speed (docs/benchmarks.md, import third pass).
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=16'];
