/**
 * The file piscina loads in every worker thread: CommonJS, which then imports the real worker, an
 * ES module, asynchronously. piscina require()s its filename first, and on Node 20 a require() of
 * an ES module aborts the whole process (V8 fatal error "IsGraphAsync must be used on an
 * instantiated module") when the pool is destroyed while a worker is still loading it: a small
 * sweep finishing on one worker before the other had started crashed about one run in sixteen
 * under load. A CommonJS file involves no ES module graph, and import() is cancelled cleanly.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { workerData } = require('piscina') as { workerData: { module: string } };

// Imported as the thread starts, not at its first task: a pool started early (prestartSweepPool)
// then loads its kernels while the main thread is still loading the command and reading the spec.
const handler: Promise<(task: unknown) => unknown> = import(workerData.module).then(
  (m: { default: (task: unknown) => unknown }) => m.default,
);
// A thread torn down before any task arrives must not report the cancelled import as unhandled.
handler.catch(() => {});

module.exports = (task: unknown): Promise<unknown> => handler.then((run) => run(task));
