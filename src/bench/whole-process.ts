/**
 * Issue 13's figures: what a user timing the whole command sees. Each CLI run is a fresh process
 * (start-up, spec, pool, pilot, sweep, tables, PNG, exit), timed from outside; the baselines are
 * measured in the same rounds: the bare SIMD kernel on one and two threads (what the machine gave
 * two threads meanwhile) and a bare `node` start (the floor under any command).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { computePool, kernelPool, median } from './paired-scaling.js';
import { sweepSpecSchema } from '../spec/sweep-spec.js';
import { chunkSizeFor } from '../sweep/chunk-plan.js';
import { LANES } from '../models/uv/orbit-kernel.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli', 'main.js');

export interface ProcessRun {
  /** wall time from spawn to exit */
  seconds: number;
  /** user + system CPU time of the process (all its threads) */
  cpuSeconds: number;
  peakMB: number;
  ok: boolean;
  stdout: string;
}

/** Runs a command in a child process, timed from outside, with its CPU time and peak memory; `env` adds variables. */
export function processRun(args: string[], env: Record<string, string> = {}): ProcessRun {
  const probe =
    `process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write('\\nBENCH_USAGE ' + u.maxRSS + ' ' + (u.userCPUTime + u.systemCPUTime) + '\\n'); });` +
    `process.argv = [process.argv[0], ${JSON.stringify(args[0] ?? '')}, ...${JSON.stringify(args.slice(1))}];` +
    (args.length ? `await import(${JSON.stringify('file://' + args[0])});` : '');
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8', env: { ...process.env, ...env } });
  const seconds = (performance.now() - t0) / 1000;
  const m = /BENCH_USAGE (\d+) (\d+)/.exec(r.stderr);
  if (r.status !== 0) process.stderr.write(r.stderr);
  return { seconds, cpuSeconds: m ? Number(m[2]) / 1e6 : NaN, peakMB: m ? Number(m[1]) / 1024 : NaN, ok: r.status === 0, stdout: r.stdout };
}

const cli = (args: string[]) => processRun([CLI, ...args]);

type Line = (label: string, value: string, comparison?: string) => void;

const range = (xs: number[], digits = 2) => `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;

export async function benchWholeProcess(line: Line, rounds = Number(process.env.UVCHAOS_BENCH_ROUNDS ?? 5)): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), 'uvchaos-bench-whole-'));
  // the configuration: UV width 2, y = 2, f0 = 0.1, λ0 = 1, η ∈ [0.6, 1.2]
  const raw = (name: string, points: number) => ({
    name,
    model: { kind: 'uv', width: 2, inputDim: 1, target: 2, init: { f0: 0.1, ntk0: 1 } },
    sweep: { from: 0.6, to: 1.2, points },
    transient: 20_000,
    record: 2_000,
  });
  const spec = (name: string, points: number) => {
    const file = join(out, `${name}.json`);
    writeFileSync(file, JSON.stringify(raw(name, points)));
    return file;
  };
  const big = spec('whole-20k', 20_000);
  const small = spec('whole-200', 200);
  const kernels1 = kernelPool(1, 20_000, 22_000);
  const kernels2 = kernelPool(2, 20_000, 22_000);
  // the big sweep's compute alone (its y range fixed at the diagram's, [0, 4])
  const parsed = sweepSpecSchema.parse(raw('whole-20k', 20_000));
  const raster = { points: 20_000, columns: 1600, rows: 1100, yMin: 0, yMax: 4 };
  const compute1 = computePool(1, parsed, raster, chunkSizeFor(20_000, 1, undefined, LANES));
  const compute2 = computePool(2, parsed, raster, chunkSizeFor(20_000, 2, undefined, LANES));
  const wall = async (run: () => Promise<unknown>) => {
    const t0 = performance.now();
    await run();
    return (performance.now() - t0) / 1000;
  };
  try {
    await Promise.all([kernels1.run(), kernels2.run(), compute1.run(), compute2.run()]); // untimed: threads started, code compiled
    cli(['sweep', small, '--out', out, '--quiet']); // untimed: file cache
    const one: ProcessRun[] = [];
    const two: ProcessRun[] = [];
    const k1: number[] = [];
    const k2: number[] = [];
    const c1: number[] = [];
    const c2: number[] = [];
    const tiny: ProcessRun[] = [];
    const node: ProcessRun[] = [];
    const help: ProcessRun[] = [];
    for (let r = 0; r < rounds; r++) {
      // 1 and 2 workers alternated within a round, beside the bare kernel on 1 and 2 threads
      one.push(cli(['sweep', big, '--out', out, '--quiet', '--workers', '1']));
      two.push(cli(['sweep', big, '--out', out, '--quiet', '--workers', '2']));
      k1.push(await wall(kernels1.run));
      k2.push(await wall(kernels2.run));
      c1.push(await wall(compute1.run));
      c2.push(await wall(compute2.run));
      tiny.push(cli(['sweep', small, '--out', out, '--quiet']));
      node.push(processRun([]));
      help.push(cli(['--help']));
    }
    const ratios = one.map((o, i) => o.seconds / two[i].seconds);
    const kernelRatios = k1.map((o, i) => o / k2[i]);
    const computeRatios = c1.map((o, i) => o / c2[i]);
    const med = (runs: ProcessRun[], key: 'seconds' | 'cpuSeconds' | 'peakMB' = 'seconds') => median(runs.map((x) => x[key]));
    line(
      'whole process: 20,000-point UV sweep (20k + 2k steps, PNG, tables), 1 worker',
      `${med(one).toFixed(2)} s`,
      `median of ${rounds}; CPU ${med(one, 'cpuSeconds').toFixed(2)} s`,
    );
    line(
      'whole process: the same, 2 workers',
      `${med(two).toFixed(2)} s`,
      `speed-up ${median(ratios).toFixed(2)}× (target ≥ 1.7×), paired rounds ${range(ratios)}; CPU ${med(two, 'cpuSeconds').toFixed(2)} s; peak ${med(two, 'peakMB').toFixed(0)} MB`,
    );
    line(
      'bare transient kernel, same grid, 2 threads against 1 (baseline)',
      `${median(kernelRatios).toFixed(2)}×`,
      `in the same rounds, range ${range(kernelRatios)}`,
    );
    line(
      "the sweep's compute alone (computeChunk, no engine), 2 threads against 1 (baseline)",
      `${median(computeRatios).toFixed(2)}×`,
      `${median(c1).toFixed(2)} s vs ${median(c2).toFixed(2)} s; range ${range(computeRatios)}: the most a second worker can give here`,
    );
    line(
      'whole process: 200-point sweep with its PNG (small: on the main thread)',
      `${med(tiny).toFixed(2)} s`,
      `median of ${rounds} (target ≤ 0.4 s); CPU ${med(tiny, 'cpuSeconds').toFixed(2)} s`,
    );
    line('whole process: uvchaos --help', `${med(help).toFixed(2)} s`, `bare node start (baseline) ${med(node).toFixed(2)} s`);
    for (const [command, file] of [
      ['phase', 'uv-phase-eta-initscale.json'],
      ['cascade', 'uv-cascade.json'],
    ] as const) {
      const a = cli([command, join(ROOT, 'sweeps', file), '--out', out, '--quiet', '--workers', '1']);
      const b = cli([command, join(ROOT, 'sweeps', file), '--out', out, '--quiet', '--workers', '2']);
      line(
        `whole process: ${command} ${file}, 1 worker against 2`,
        `${a.seconds.toFixed(2)} s / ${b.seconds.toFixed(2)} s`,
        `speed-up ${(a.seconds / b.seconds).toFixed(2)}×`,
      );
    }
  } finally {
    await Promise.all([kernels1.destroy(), kernels2.destroy(), compute1.destroy(), compute2.destroy()]);
    rmSync(out, { recursive: true, force: true });
  }
}
