/**
 * `npm run bench`: throughput, parallel speed-up, wall times and peak memory, each printed beside
 * a plain baseline measured in the same run (these machines are noisy, so only same-run ratios
 * mean much). Prints figures; asserts nothing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { etas, plainLoop, recordPhase, transientKernel } from './kernels.js';
import { sweepSpecSchema, type SweepSpec } from '../spec/sweep-spec.js';
import { computeChunk } from '../api/engine-by-kind.js';
import { createSweepPool } from '../sweep/pool.js';
import { loadMathjs } from '../models/expression/mathjs-loader.js';
import { runSweep } from '../api/engine-by-kind.js';
import { kernelPool, median, pairedScaling, type Scaling } from './paired-scaling.js';
import { benchMlp } from './mlp-bench.js';
import { benchOptimizers } from './optimizer-bench.js';
import { benchTables } from './table-bench.js';
import { benchWholeProcess, processRun } from './whole-process.js';
import { benchTransientSkip } from './skip-bench.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli', 'main.js');

function best<T>(runs: number, fn: () => T): { seconds: number; value: T } {
  let bestSeconds = Infinity;
  let value!: T;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    value = fn();
    bestSeconds = Math.min(bestSeconds, (performance.now() - t0) / 1000);
  }
  return { seconds: bestSeconds, value };
}

function fmtRate(stepsPerSecond: number): string {
  return `${(stepsPerSecond / 1e6).toFixed(0)} M steps/s`;
}

function line(label: string, value: string, comparison = ''): void {
  console.log(`${label.padEnd(52)} ${value.padStart(16)}   ${comparison}`);
}

function spec(points: number, transient: number, record: number, extra: Record<string, unknown> = {}): SweepSpec {
  return sweepSpecSchema.parse({
    name: 'bench',
    model: { kind: 'uv', width: 100, inputDim: 1, target: 10, init: { f0: 0, ntk0: 0.2 } },
    sweep: { from: 0.9, to: 1.9, points },
    transient,
    record,
    ...extra,
  });
}

/** The machine's cumulative CPU times from /proc/stat (Linux), or null elsewhere. */
function cpuTimes(): number[] | null {
  try {
    return readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  } catch {
    return null;
  }
}

/**
 * The share of CPU time the hypervisor gave to other guests between two readings. One worker can
 * move to whichever vCPU is free; two need both, so steal lowers the speed-up directly.
 */
function stealShare(before: number[] | null, after: number[] | null): string {
  if (!before || !after || after.length < 8) return '';
  const delta = after.map((v, i) => v - (before[i] ?? 0));
  const total = delta.reduce((a, b) => a + b, 0);
  return total > 0 ? `; CPU time stolen by the host meanwhile: ${((100 * delta[7]) / total).toFixed(0)} %` : '';
}

/** The CLI in a child process, timed from outside (processRun: wall, CPU, peak memory). */
const cliRun = (args: string[]) => processRun([CLI, ...args]);

async function main(): Promise<void> {
  console.log(`uvchaos bench — node ${process.version}, ${(await import('node:os')).availableParallelism()} cores\n`);
  if (process.argv[2] === 'whole') {
    // `npm run bench -- whole`: only the whole-process figures
    await benchWholeProcess(line);
    return;
  }
  if (process.argv[2] === 'skip') {
    // `npm run bench -- skip [rounds] [points]`: only the transient-skip figures (issue 31)
    await benchTransientSkip(line, Number(process.argv[3]) || undefined, Number(process.argv[4]) || undefined);
    return;
  }
  if (process.argv[2] === 'optimizers') {
    // `npm run bench -- optimizers [rounds]`: only the optimizer figures (issue 27)
    await benchOptimizers(line, Number(process.argv[3]) || undefined);
    return;
  }
  if (process.argv[2] === 'tables') {
    // `npm run bench -- tables [points] [rounds]`: only the attractor-table figures
    const [points, rounds] = process.argv.slice(3).map(Number);
    await benchTables(line, points || undefined, rounds || undefined);
    return;
  }

  // 1–2. single-core kernels: the plain loop (baseline), the transient (Lyapunov off) and the
  // record with and without the tangent map (Lyapunov on), measured in alternation so that a
  // noisy stretch of the machine hurts all of them alike
  const grid = etas(2000);
  const steps = 20_000;
  // records of the default length: their 4 × 16 KB of stored states stay in the core's cache
  const recGrid = etas(8000);
  const recSteps = 1_000;
  const kernels = {
    plain: { steps: grid.length * steps, run: () => plainLoop(grid, steps), seconds: Infinity },
    transient: { steps: grid.length * steps, run: () => transientKernel(grid, steps), seconds: Infinity },
    recordOff: { steps: recGrid.length * recSteps, run: () => recordPhase(recGrid, recSteps, false), seconds: Infinity },
    recordOn: { steps: recGrid.length * recSteps, run: () => recordPhase(recGrid, recSteps, true), seconds: Infinity },
  };
  plainLoop(grid.subarray(0, 64), steps); // warm up the JIT and the kernels
  transientKernel(grid.subarray(0, 64), steps);
  recordPhase(recGrid.subarray(0, 400), recSteps, true);
  recordPhase(recGrid.subarray(0, 400), recSteps, false);
  for (let round = 0; round < 5; round++) {
    for (const kernel of Object.values(kernels)) kernel.seconds = Math.min(kernel.seconds, best(1, kernel.run).seconds);
  }
  const rate = (k: { steps: number; seconds: number }) => k.steps / k.seconds;
  line('plain loop, one orbit at a time (baseline)', fmtRate(rate(kernels.plain)));
  line(
    'transient kernel, 4 orbits (SIMD), Lyapunov off',
    fmtRate(rate(kernels.transient)),
    `${(rate(kernels.transient) / rate(kernels.plain)).toFixed(2)}× the plain loop (target ≥ 1.5×)`,
  );
  line('record kernel, 4 orbits (SIMD), Lyapunov off', fmtRate(rate(kernels.recordOff)), 'stores every state; records of 1000 steps');
  line(
    'record kernel, 4 orbits (SIMD), Lyapunov on',
    fmtRate(rate(kernels.recordOn)),
    `${((100 * rate(kernels.recordOn)) / rate(kernels.transient)).toFixed(0)} % of the Lyapunov-off transient (target ≥ 30 %)`,
  );
  // 3. whole engine per core (transient + record + periods + exponents), as the demo runs it
  const demoLike = spec(800, 20_000, 1_000);
  const demoNoLyap = spec(800, 20_000, 1_000, { lyapunov: { enabled: false } });
  const engineOff = best(5, () => computeChunk({ spec: demoNoLyap, base: { f0: 0, ntk0: 0.2 }, start: 0, end: 800, raster: null }));
  const engine = best(5, () => computeChunk({ spec: demoLike, base: { f0: 0, ntk0: 0.2 }, start: 0, end: 800, raster: null }));
  const engineRate = (800 * 21_000) / engine.seconds;
  line(
    'engine on one core, demo settings, Lyapunov off',
    fmtRate((800 * 21_000) / engineOff.seconds),
    `${((800 * 21_000) / engineOff.seconds / rate(kernels.plain)).toFixed(2)}× the plain loop`,
  );
  line(
    'engine on one core, demo settings, Lyapunov on',
    fmtRate(engineRate),
    `${((100 * engineOff.seconds) / engine.seconds).toFixed(0)} % of Lyapunov off; ${(engineRate / rate(kernels.plain)).toFixed(2)}× the plain loop`,
  );

  // 3b. any map: a user expression against the equal built-in, same engine, one core
  await loadMathjs();
  for (const [label, builtIn, expression, parameter, from, to] of [
    [
      'logistic',
      { kind: 'logistic' },
      { kind: 'expression', variables: ['x'], parameters: { r: 4 }, equations: { x: 'r*x*(1-x)' }, init: { x: 0.1 } },
      'r',
      2.8,
      4,
    ],
    [
      'Hénon',
      { kind: 'henon' },
      { kind: 'expression', variables: ['x', 'y'], parameters: { a: 1.4, b: 0.3 }, equations: { x: '1 - a*x^2 + y', y: 'b*x' } },
      'a',
      0.3,
      1.42,
    ],
  ] as const) {
    const mapSpec = (model: object) =>
      sweepSpecSchema.parse({ name: 'bench', model, sweep: { parameter, from, to, points: 512 }, transient: 20_000, record: 1_000 });
    const a = mapSpec(builtIn);
    const b = mapSpec(expression);
    const builtInRun = best(3, () => computeChunk({ spec: a, start: 0, end: 512, raster: null }));
    const expressionRun = best(3, () => computeChunk({ spec: b, start: 0, end: 512, raster: null }));
    const steps = 512 * 21_000;
    line(`${label}, built-in map, engine on one core`, fmtRate(steps / builtInRun.seconds));
    line(
      `${label}, the same as a user expression`,
      fmtRate(steps / expressionRun.seconds),
      `${((100 * builtInRun.seconds) / expressionRun.seconds).toFixed(0)} % of the built-in (target ≥ 50 %)`,
    );
  }

  // 4. parallel speed-up, on a sweep long enough (about a second on one worker) that per-sweep
  // fixed costs do not decide the ratio, in paired rounds (see paired-scaling.ts). Beside it, the
  // bare transient kernel on one and two threads in the same rounds: the machine's own two-thread
  // scaling for this SIMD loop at the time. Two vCPUs are not always two whole cores here: a
  // throughput-bound loop has been seen running 10–40 % slower per thread while the other vCPU is
  // busy, which a latency-bound loop does not show.
  const parallelSpec = spec(16_000, 20_000, 1_000);
  const sweepPools = [createSweepPool(1), createSweepPool(2)];
  const kernels1 = kernelPool(1, 12_000, 20_000);
  const kernels2 = kernelPool(2, 12_000, 20_000);
  const sweepRun = (w: 1 | 2) => () => runSweep(parallelSpec, { pool: sweepPools[w - 1], workers: w, raster: null }, () => {});
  const cpuBefore = cpuTimes();
  let scaling;
  try {
    // untimed: thread start-up, JIT tiers, heap sizing, the kernels' compilation; each of two
    // workers sees as many grid points as the single worker does
    await sweepRun(1)();
    await sweepRun(2)();
    await sweepRun(2)();
    await kernels1.run();
    await kernels2.run();
    scaling = await pairedScaling(10, {
      sweep: { one: sweepRun(1), two: sweepRun(2) },
      kernel: { one: kernels1.run, two: kernels2.run },
    });
  } finally {
    await Promise.all([...sweepPools.map((p) => p.destroy()), kernels1.destroy(), kernels2.destroy()]);
  }
  const steal = stealShare(cpuBefore, cpuTimes());
  const spread = (s: Scaling) =>
    `median of ${s.ratios.length} paired rounds; range ${Math.min(...s.ratios).toFixed(2)}–${Math.max(...s.ratios).toFixed(2)}`;
  line('sweep 16000 × 21000 steps, 1 worker (baseline)', `${median(scaling.sweep.one).toFixed(2)} s`, 'median wall');
  line(
    'sweep 16000 × 21000 steps, 2 workers',
    `${median(scaling.sweep.two).toFixed(2)} s`,
    `speed-up ${median(scaling.sweep.ratios).toFixed(2)}× (target ≥ 1.8×), ${spread(scaling.sweep)}`,
  );
  line(
    'bare transient kernel, 2 threads against 1',
    `${median(scaling.kernel.ratios).toFixed(2)}×`,
    `the machine's two-thread scaling meanwhile, ${spread(scaling.kernel)}${steal}`,
  );

  // 4b. real networks: GD steps, HVPs and an mlp sweep
  await benchMlp(line);

  // 4b'. every optimizer's step and preconditioned sharpness against a GD step (issue 27)
  await benchOptimizers(line);

  // 4c. whole processes, as a user times them (issue 13)
  await benchWholeProcess(line);

  // 4d. the exact transient skip against the same runs with it off (issue 31)
  await benchTransientSkip(line);

  // 5. the demo sweep end to end (CLI, tables and PNG), against one worker
  const out = mkdtempSync(join(tmpdir(), 'uvchaos-bench-'));
  try {
    const demo = join(ROOT, 'sweeps', 'uv-route-to-chaos.json');
    const demo1 = cliRun(['sweep', demo, '--out', out, '--quiet', '--workers', '1']);
    const demo2 = cliRun(['sweep', demo, '--out', out, '--quiet', '--workers', '2']);
    line('demo sweep, CLI end to end, 1 worker (baseline)', `${demo1.seconds.toFixed(2)} s`);
    line(
      'demo sweep (4000 × 21000 steps + PNG), 2 workers',
      `${demo2.seconds.toFixed(2)} s`,
      `target < 3 s; peak ${demo2.peakMB.toFixed(0)} MB`,
    );
    const mlpShowcase = cliRun(['sweep', join(ROOT, 'sweeps', 'mlp-route-to-chaos.json'), '--out', out, '--quiet', '--workers', '2']);
    line(
      'shipped mlp η sweep, CLI end to end, 2 workers',
      `${mlpShowcase.seconds.toFixed(1)} s`,
      `target < 300 s; peak ${mlpShowcase.peakMB.toFixed(0)} MB`,
    );

    // 6. peak memory of a million-point sweep, against a ten-thousand-point one
    const memSpec = (points: number) => {
      const file = join(out, `mem-${points}.json`);
      writeFileSync(
        file,
        JSON.stringify({
          name: `mem-${points}`,
          model: { kind: 'uv', width: 100, inputDim: 1, target: 10, init: { f0: 0, ntk0: 0.2 } },
          sweep: { from: 0.9, to: 1.9, points },
          transient: 200,
          record: 64,
          period: { max: 16 },
        }),
      );
      return file;
    };
    const small = cliRun(['sweep', memSpec(10_000), '--out', out, '--quiet', '--workers', '2']);
    const million = cliRun(['sweep', memSpec(1_000_000), '--out', out, '--quiet', '--workers', '2']);
    line('peak RSS, 10,000-point sweep (baseline)', `${small.peakMB.toFixed(0)} MB`, `${small.seconds.toFixed(1)} s`);
    line('peak RSS, 1,000,000-point sweep', `${million.peakMB.toFixed(0)} MB`, `${million.seconds.toFixed(1)} s; target < 500 MB`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }

  // 7. what the attractor tables cost on the million-point sweep (a few minutes)
  await benchTables(line);
}

await main();
