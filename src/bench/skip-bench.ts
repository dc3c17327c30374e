/**
 * Issue 31's figures: the exact transient skip against the same runs with it off
 * (UVCHAOS_NO_SKIP=1), whole process, in paired rounds (each round runs every configuration back
 * to back, so a pair shares its stretch of this noisy machine's time). Also what the skip did on
 * the big grid: the share of points skipped and the mean step at which their cycle was found.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './paired-scaling.js';
import { processRun, type ProcessRun } from './whole-process.js';
import { computeUvChunk } from '../models/uv/sweep-chunk.js';
import { emptySkipStats } from '../models/uv/transient-skip.js';
import { isUvSweep, sweepSpecSchema } from '../spec/sweep-spec.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const DEMO = join(ROOT, 'sweeps', 'uv-route-to-chaos.json');

type Line = (label: string, value: string, comparison?: string) => void;

const OFF = { UVCHAOS_NO_SKIP: '1' };
const ON = { UVCHAOS_NO_SKIP: '0' };

/** The big grid: width 2 (ε = 0.5), y = 2, f0 = 0.1, λ0 = 1, η ∈ [0.6, 1.2]; 20,000 + 2,000 steps, LE on. */
function bigGrid(points: number) {
  return {
    name: 'skip-big',
    model: { kind: 'uv', width: 2, inputDim: 1, target: 2, init: { f0: 0.1, ntk0: 1 } },
    sweep: { from: 0.6, to: 1.2, points },
    transient: 20_000,
    record: 2_000,
  };
}

/** The sweep's own wall, from the summary line it prints ("…; 1.6 s wall on 2 workers"). */
function sweepWall(run: ProcessRun): number {
  const m = /([\d.]+) s wall/.exec(run.stdout);
  return m ? Number(m[1]) : NaN;
}

const range = (xs: number[]) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;
const ratios = (a: number[], b: number[]) => a.map((x, i) => x / b[i]);

export async function benchTransientSkip(
  line: Line,
  rounds = Number(process.env.UVCHAOS_BENCH_ROUNDS ?? 3),
  points = 200_000,
): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), 'uvchaos-bench-skip-'));
  const big = join(out, 'skip-big.json');
  writeFileSync(big, JSON.stringify(bigGrid(points)));
  const cli = (args: string[], env: Record<string, string>) => processRun([CLI, ...args, '--out', out], env);
  try {
    // what the skip does on the big grid, counted on this thread
    const spec = sweepSpecSchema.parse(bigGrid(points));
    if (!isUvSweep(spec)) throw new Error('the big grid is a UV sweep');
    const stats = emptySkipStats();
    for (let start = 0; start < points; start += 2048)
      computeUvChunk({ spec, start, end: Math.min(points, start + 2048), raster: null }, stats);
    line(
      `transient skip on the ${points.toLocaleString('en')}-point grid`,
      `${((100 * stats.skipped) / stats.points).toFixed(1)} % skipped`,
      `${stats.skipped.toLocaleString('en')} of ${stats.points.toLocaleString('en')} points; their cycle found at step ${(stats.cycleStepSum / stats.skipped).toFixed(0)} on average (transient 20,000)`,
    );

    cli(['sweep', DEMO, '--quiet'], ON); // untimed: file cache
    const demoOn: ProcessRun[] = [];
    const demoOff: ProcessRun[] = [];
    const bigOn2: ProcessRun[] = [];
    const bigOff2: ProcessRun[] = [];
    const bigOn1: ProcessRun[] = [];
    const bigOff1: ProcessRun[] = [];
    const computeOn: number[] = [];
    const computeOff: number[] = [];
    // the compute's own seconds, as the sweep's JSON summary records them (the printed wall has 0.1 s steps)
    const computeSeconds = () =>
      Number(/"seconds":([\d.e+-]+)/.exec(readFileSync(join(out, 'uv-route-to-chaos.attractors.json'), 'utf8'))?.[1]);
    for (let r = 0; r < rounds; r++) {
      demoOn.push(cli(['sweep', DEMO], ON));
      computeOn.push(computeSeconds());
      demoOff.push(cli(['sweep', DEMO], OFF));
      computeOff.push(computeSeconds());
      bigOn2.push(cli(['sweep', big, '--workers', '2'], ON));
      bigOff2.push(cli(['sweep', big, '--workers', '2'], OFF));
      bigOn1.push(cli(['sweep', big, '--workers', '1'], ON));
      bigOff1.push(cli(['sweep', big, '--workers', '1'], OFF));
    }
    const wall = (runs: ProcessRun[]) => runs.map((x) => x.seconds);
    const cpu = (runs: ProcessRun[]) => runs.map((x) => x.cpuSeconds);
    const printed = (runs: ProcessRun[]) => runs.map(sweepWall);
    const figure = (label: string, on: number[], off: number[], target: string) => {
      const r = ratios(off, on);
      line(
        label,
        `${median(r).toFixed(2)}×`,
        `${median(off).toFixed(2)} s → ${median(on).toFixed(2)} s; paired rounds ${range(r)}; target ${target}`,
      );
    };
    figure('demo, whole process, skip on against off', wall(demoOn), wall(demoOff), '≥ 1.25×');
    figure("demo, the sweep's printed wall, skip on against off", printed(demoOn), printed(demoOff), '≥ 1.5×');
    figure("demo, the sweep's compute (its JSON summary's seconds), skip on against off", computeOn, computeOff, '');
    figure(`${points.toLocaleString('en')} points, whole process, 2 workers, skip on against off`, wall(bigOn2), wall(bigOff2), '≥ 1.6×');
    figure(`${points.toLocaleString('en')} points, whole process, 1 worker, skip on against off`, wall(bigOn1), wall(bigOff1), '');
    // CPU time (user + system, all threads) moves less than wall time when other processes share the cores
    figure('demo, whole process CPU time, skip on against off', cpu(demoOn), cpu(demoOff), '');
    figure(`${points.toLocaleString('en')} points, whole process CPU time, 2 workers, skip on against off`, cpu(bigOn2), cpu(bigOff2), '');
    const scaleOn = ratios(wall(bigOn1), wall(bigOn2));
    const scaleOff = ratios(wall(bigOff1), wall(bigOff2));
    line(
      `${points.toLocaleString('en')} points, whole process, 2 workers against 1`,
      `${median(scaleOn).toFixed(2)}×`,
      `skip on, paired rounds ${range(scaleOn)} (target ≥ 1.75×); skip off ${median(scaleOff).toFixed(2)}× (${range(scaleOff)})`,
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
