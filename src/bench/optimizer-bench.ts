/**
 * The optimizer part of `npm run bench` (issue 27): what a training step costs under each optimizer
 * against a plain GD step, what the adaptive optimizers' preconditioned sharpness costs against the
 * plain sharpness at the same θ, and a whole `trajectory` process under momentum and Adam against
 * the same spec under GD. Every figure is a median of paired rounds: the subject and its baseline
 * timed back to back, in alternating order, so the machine's drift hits both alike
 * (paired-scaling.ts says why). Prints figures; asserts nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOptimizer } from '../optimizers/create-optimizer.js';
import { optimizerSchema } from '../optimizers/spec-schema.js';
import { mlpModelSchema } from '../models/mlp/spec-schema.js';
import { mlpTrainingProblem } from '../models/mlp/training-problem.js';
import { setupMlp } from '../models/mlp/training-setup.js';
import { OptimizerRun } from '../training/optimizer-run.js';
import type { LossEvaluator } from '../training/problem.js';
import { PreconditionedSharpnessTracker, SharpnessTracker } from '../training/sharpness-tracker.js';
import { median } from './paired-scaling.js';
import { processRun, type ProcessRun } from './whole-process.js';

type Line = (label: string, value: string, comparison?: string) => void;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli', 'main.js');

/** Each optimizer at a learning rate that trains stably here (the cost of a step does not depend on η). */
const SUBJECTS: { label: string; optimizer: Record<string, unknown>; eta: number }[] = [
  { label: 'gd', optimizer: { kind: 'gd' }, eta: 0.1 },
  { label: 'momentum (β = 0.9)', optimizer: { kind: 'momentum' }, eta: 0.01 },
  { label: 'nesterov (β = 0.9)', optimizer: { kind: 'nesterov' }, eta: 0.01 },
  { label: 'rmsprop (ρ = 0.99)', optimizer: { kind: 'rmsprop' }, eta: 1e-4 },
  { label: 'adam (β₁ = 0.9, β₂ = 0.999)', optimizer: { kind: 'adam' }, eta: 1e-4 },
];

const range = (xs: number[]) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;

type Clock = (fn: () => void) => number;

/** Wall seconds of fn. */
const seconds: Clock = (fn) => {
  const t0 = performance.now();
  fn();
  return (performance.now() - t0) / 1000;
};

/**
 * CPU seconds of fn (this process, user + system): unlike the wall, it does not count the time the
 * scheduler gave to other processes, which a call of several milliseconds on a loaded machine
 * nearly always loses some of.
 */
const cpuSeconds: Clock = (fn) => {
  const before = process.cpuUsage();
  fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1e6;
};

/** The subject and its baseline back to back, the baseline first in even rounds: [subject, baseline] seconds. */
function pair(round: number, subject: () => void, baseline: () => void, clock = seconds): [number, number] {
  if (round % 2 === 0) {
    const b = clock(baseline);
    return [clock(subject), b];
  }
  const s = clock(subject);
  return [s, clock(baseline)];
}

/** A loss that counts its Hessian-vector products (Lanczos iterations, for the sharpness lines). */
function countingHvps(loss: LossEvaluator): LossEvaluator & { hvps: number } {
  return {
    hvps: 0,
    gradient: (theta) => loss.gradient(theta),
    lossAt: (theta) => loss.lossAt(theta),
    get loss() {
      return loss.loss;
    },
    get output() {
      return loss.output;
    },
    hessianVector(theta, v, out) {
      this.hvps++;
      return loss.hessianVector(theta, v, out);
    },
  };
}

export async function benchOptimizers(line: Line, rounds = 21, stepsPerRound = 20): Promise<void> {
  const n = 256;
  const model = mlpModelSchema.parse({
    kind: 'mlp',
    layers: [128],
    activation: 'tanh',
    bias: true,
    data: { dataset: 'digits', classes: [0, 1], examples: n },
  });
  const problem = mlpTrainingProblem(setupMlp(model, 'bench'));
  const run = (optimizer: Record<string, unknown>, eta: number) =>
    new OptimizerRun(problem, createOptimizer(optimizerSchema.parse(optimizer)), eta);
  /**
   * A round: `steps` steps of the subject, each beside a step of the GD run (in alternating
   * order); the medians of the round's step times, [subject, GD] in seconds. Medians, not sums: a
   * step the scheduler preempted does not move them.
   */
  const interleaved = (subject: OptimizerRun, gd: OptimizerRun, steps = stepsPerRound, clock = seconds): [number, number] => {
    const s: number[] = [];
    const b: number[] = [];
    for (let k = 0; k < steps; k++) {
      const [one, two] = pair(
        k,
        () => subject.advance(),
        () => gd.advance(),
        clock,
      );
      s.push(one);
      b.push(two);
    }
    return [median(s), median(b)];
  };

  // 1. a step (gradient + update) under each optimizer, each step timed beside a step of a GD run of
  // its own, rounds of 20 such pairs; the gd subject against the baseline shows the noise floor
  const baseline = run({ kind: 'gd' }, 0.1);
  const subjects = SUBJECTS.map((s) => ({ ...s, run: run(s.optimizer, s.eta), ms: [] as number[], gdMs: [] as number[] }));
  for (const s of subjects) interleaved(s.run, baseline); // warm up: JIT, workspace
  for (let round = 0; round < rounds; round++) {
    for (const s of subjects) {
      const [subject, gd] = interleaved(s.run, baseline);
      s.ms.push(1000 * subject);
      s.gdMs.push(1000 * gd);
    }
  }
  const gdStepMs = median(subjects.flatMap((s) => s.gdMs));
  // the update alone (optimizer.step on a fixed gradient, on copies of θ and the state; the median
  // of 1000 calls): the O(P) part of a step, beside the O(nP) gradient
  const gradient = Float64Array.from(problem.full.gradient(baseline.theta));
  const updateMs = (s: (typeof subjects)[number]) => {
    const theta = Float64Array.from(s.run.theta);
    const state = Float64Array.from(s.run.state);
    const optimizer = s.run.optimizer;
    const times: number[] = [];
    for (let t = 1; t <= 1000; t++) times.push(1000 * seconds(() => optimizer.step(theta, state, gradient, s.run.eta, t)));
    return median(times);
  };
  line(`optimizers, mlp [128] tanh, digits n = ${n}: GD step (baseline)`, `${gdStepMs.toFixed(3)} ms/step`, 'gradient + update, one core');
  for (const s of subjects) {
    const ratios = s.ms.map((ms, r) => ms / s.gdMs[r]);
    const finite = Number.isFinite(problem.full.lossAt(s.run.theta)) ? '' : '; NOT FINITE: the run diverged';
    line(
      `  ${s.label} step`,
      `${median(s.ms).toFixed(3)} ms/step`,
      `${median(ratios).toFixed(2)}× a GD step (target ≤ 1.3×), median of ${rounds} paired rounds, range ${range(ratios)}; ` +
        `the update alone ${(1000 * updateMs(s)).toFixed(0)} µs${finite}`,
    );
  }

  // 2. the preconditioned sharpness λ_max(P⁻¹H) against the plain λ_max(H) at the same θ, each
  // tracker warm-started from its previous eigenvector as in a trajectory with sharpnessEvery 10.
  // Each round: 10 steps beside 10 GD steps (as in part 1), then both sharpnesses at the new θ; all
  // in CPU time, as an evaluation takes several milliseconds
  const sharpnessEvery = 10;
  const sharpnessRounds = 15;
  for (const s of subjects.filter((x) => ['rmsprop', 'adam'].includes(String(x.optimizer.kind)))) {
    const loss = countingHvps(problem.full);
    const p = problem.parameterCount;
    const plain = new SharpnessTracker(loss, p, model.sharpness);
    const preconditioned = new PreconditionedSharpnessTracker(loss, p, model.sharpness);
    const diagonal = new Float64Array(p);
    const theta = s.run.theta;
    const hvps = { plain: [] as number[], preconditioned: [] as number[] };
    const counted = (kind: keyof typeof hvps, evaluate: () => void) => () => {
      const before = loss.hvps;
      evaluate();
      hvps[kind].push(loss.hvps - before);
    };
    const evaluatePlain = counted('plain', () => plain.at(theta));
    const evaluatePreconditioned = counted('preconditioned', () => {
      s.run.preconditioner(diagonal);
      preconditioned.at(theta, diagonal);
    });
    const rounds: { step: number; gdStep: number; plain: number; preconditioned: number }[] = [];
    for (let round = -1; round < sharpnessRounds; round++) {
      const [step, gdStep] = interleaved(s.run, baseline, sharpnessEvery, cpuSeconds);
      loss.gradient(theta); // as the trajectory's row does before its sharpness: the passes at θ are cached
      const [pre, pl] = pair(round, evaluatePreconditioned, evaluatePlain, cpuSeconds);
      if (round >= 0) rounds.push({ step, gdStep, plain: pl, preconditioned: pre }); // round −1: the cold start
    }
    const of = (f: (r: (typeof rounds)[number]) => number) => median(rounds.map(f));
    const hvpCount = (kind: keyof typeof hvps) => median(hvps[kind].slice(1));
    line(
      `  ${s.label}: plain sharpness λ_max(H), warm`,
      `${(1000 * of((r) => r.plain)).toFixed(2)} CPU ms`,
      `${of((r) => r.plain / r.gdStep).toFixed(1)} GD steps of the same round; median ${hvpCount('plain')} HVPs`,
    );
    line(
      `  ${s.label}: preconditioned λ_max(P⁻¹H), warm`,
      `${(1000 * of((r) => r.preconditioned)).toFixed(2)} CPU ms`,
      `${of((r) => r.preconditioned / r.plain).toFixed(2)}× the plain sharpness at the same θ (${sharpnessRounds} paired rounds, range ` +
        `${range(rounds.map((r) => r.preconditioned / r.plain))}); ${of((r) => r.preconditioned / r.gdStep).toFixed(1)} GD steps; median ${hvpCount('preconditioned')} HVPs`,
    );
    line(
      `  ${s.label}: a step with its preconditioned sharpness every 10`,
      `${of((r) => (r.step + r.preconditioned / sharpnessEvery) / (r.gdStep + r.plain / sharpnessEvery)).toFixed(2)}×`,
      'a GD step with the plain sharpness every 10 (step + sharpness/10, per round)',
    );
  }

  // 3. whole processes: `uvchaos trajectory` under momentum and Adam against the same spec under GD
  const out = mkdtempSync(join(tmpdir(), 'uvchaos-bench-optimizers-'));
  try {
    const spec = (name: string, eta: number, optimizer: Record<string, unknown>) => {
      const file = join(out, `${name}.json`);
      const mlp = { kind: 'mlp', layers: [32], data: { dataset: 'digits', classes: [0, 1], examples: 64 } };
      writeFileSync(file, JSON.stringify({ name, model: mlp, eta, optimizer, steps: 300, sharpnessEvery: 10 }));
      return ['trajectory', file, '--out', out];
    };
    const gd = spec('gd', 0.6, { kind: 'gd' });
    const others = [
      { label: 'momentum (β = 0.9)', args: spec('momentum', 0.06, { kind: 'momentum' }) },
      { label: 'adam, with the preconditioned sharpness', args: spec('adam', 0.002, { kind: 'adam' }) },
    ];
    const cli = (args: string[]) => {
      const run = processRun([CLI, ...args]);
      if (!run.ok) throw new Error(`bench: uvchaos ${args.join(' ')} failed`); // a failed run's wall means nothing
      return run;
    };
    cli(gd); // untimed: file cache
    // each round runs GD, momentum and Adam, in reverse order every other round; ratios within a round
    const processRounds = 3;
    const gdRuns: ProcessRun[] = [];
    const runs = others.map(() => [] as ProcessRun[]);
    for (let round = 0; round < processRounds; round++) {
      const order = [-1, ...others.keys()];
      for (const i of round % 2 === 0 ? order : order.reverse()) {
        if (i < 0) gdRuns.push(cli(gd));
        else runs[i].push(cli(others[i].args));
      }
    }
    const med = (xs: ProcessRun[], key: 'seconds' | 'cpuSeconds') => median(xs.map((x) => x[key]));
    line(
      'whole process: trajectory, mlp [32] n = 64, 300 steps, sharpnessEvery 10, GD',
      `${med(gdRuns, 'seconds').toFixed(2)} s`,
      `baseline, wall from spawn to exit; CPU ${med(gdRuns, 'cpuSeconds').toFixed(2)} s`,
    );
    others.forEach((o, i) => {
      const ratios = (key: 'seconds' | 'cpuSeconds') => runs[i].map((x, r) => x[key] / gdRuns[r][key]);
      line(
        `  the same under ${o.label}`,
        `${med(runs[i], 'seconds').toFixed(2)} s`,
        `${median(ratios('seconds')).toFixed(2)}× the GD process (${processRounds} paired rounds, range ${range(ratios('seconds'))}); ` +
          `CPU ${med(runs[i], 'cpuSeconds').toFixed(2)} s, ${median(ratios('cpuSeconds')).toFixed(2)}× (range ${range(ratios('cpuSeconds'))})`,
      );
    });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
