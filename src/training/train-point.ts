import { batchEnds, batchMeansError } from '../analysis/batch-means.js';
import { detectPeriod } from '../analysis/period.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import type { LearningRate } from '../schedules/schedule.js';
import { throwIfCancelled, type CancelFlag } from '../sweep/chunk-cancel.js';
import { lyapunovWarmup, type PhasePlane } from '../sweep/chunk.js';
import type { PointResults } from '../sweep/point-results.js';
import type { BatchOrderSpec } from './batch-order.js';
import { OptimizerRun } from './optimizer-run.js';
import type { TrainingProblem } from './problem.js';
import { PreconditionedSharpnessTracker, SharpnessTracker, type SharpnessOptions } from './sharpness-tracker.js';
import { TangentFrame } from './tangent-frame.js';

/** θ copies kept for the drift column: skipped past this many doubles (the drift is then empty). */
const RING_LIMIT = 20_000_000;

/** What one grid point of a training sweep runs: a problem, an optimizer and its settings. */
export interface TrainingPoint {
  problem: TrainingProblem;
  optimizer: Optimizer;
  /** the learning rate, or a schedule's η_t (constant through the record) */
  eta: number | LearningRate;
  batch?: BatchOrderSpec;
}

/** The sweep settings a training point reads. */
export interface TrainingSweepSettings {
  transient: number;
  record: number;
  divergenceBound: number;
  period: { max: number; tol: number };
  lyapunov: { enabled: boolean; exponents?: number };
  sharpness: SharpnessOptions;
}

/** The quantities at a recorded θ_t, computed on demand (each sharpness costs a Lanczos run). */
export interface RecordedQuantities {
  readonly theta: Float64Array;
  /** η_t of the step from this θ */
  readonly eta: number;
  /** full-batch loss and first output at θ_t */
  readonly loss: number;
  readonly output: number;
  sharpness(): number;
  /** λ_max(P⁻¹H) for the step's preconditioner; NaN for optimizers without one */
  preconditionedSharpness(): number;
  ntk(): number;
}

/**
 * What a model kind records of each step: `components` values into the state (periods are found
 * on them) and the plotted observable.
 */
export interface TrainingRecorder {
  readonly components: number;
  /** writes component c of record step t at states[c * record + t]; returns the observable */
  sample(q: RecordedQuantities, states: Float64Array, record: number, t: number): number;
  /** ‖θ_T − θ_{T−p}‖ / ‖θ_T‖ over the detected period, as the one extra column */
  drift: boolean;
}

/**
 * One grid point: `transient` optimizer steps, then `record` steps whose recorded state, observable
 * and top Lyapunov exponents (the frame carried through the optimizer's tangent map on (θ, state),
 * warmed up like the maps' frames) go to `results[i]`. On a phase plane, also the ratio of the
 * sharpness after its `earlySteps` to the initial one, and, when it classifies by outcome, the
 * initial, largest and final full-batch loss of the run. The numbers depend only on the
 * point: the same problem, optimizer and batch seed give the same run on any worker.
 */
export function trainPoint(
  point: TrainingPoint,
  settings: TrainingSweepSettings,
  recorder: TrainingRecorder,
  results: PointResults,
  i: number,
  observed: Float64Array,
  plane: Pick<PhasePlane, 'earlySteps' | 'outcome'> | undefined,
  cancel: CancelFlag | undefined,
): void {
  const { problem, optimizer, eta } = point;
  const run = new OptimizerRun(problem, optimizer, eta, point.batch);
  const { theta } = run;
  const full = problem.full;
  const p = theta.length;
  const bound = settings.divergenceBound;
  const record = settings.record;
  const lyapunov = settings.lyapunov.enabled;
  const k = recorder.components;
  const e = settings.lyapunov.exponents ?? 1;
  const warmup = lyapunovWarmup(settings);
  const plain = settings.transient - warmup;
  const sharpnessOf = (tracker: SharpnessTracker | null) => (tracker ? tracker.at(theta) : problem.sharpness!(theta));
  const newTracker = () => (problem.sharpness ? null : new SharpnessTracker(full, p, settings.sharpness));

  const early = plane === undefined ? -1 : Math.min(plane.earlySteps, settings.transient);
  // the loss is computed at every θ_t anyway (the bound check): its statistics cost a compare a step
  const lossStats = plane?.outcome !== undefined;
  let initialLoss = NaN;
  let largestLoss = -Infinity;
  let lastLoss = NaN;
  const earlyTracker = early > 0 ? newTracker() : null;
  const initialSharpness = early > 0 ? sharpnessOf(earlyTracker) : NaN;
  /**
   * θ_t to θ_{t+1}; false (and the point marked diverged) if θ_t is out of bound. `atState` runs
   * at θ_t, after the bound check and before the update, with the step's gradient cached.
   */
  const step = (t: number, atState?: () => void): boolean => {
    throwIfCancelled(cancel); // a step costs far more than the check (gradient, and HVPs in the record)
    full.gradient(theta);
    if (lossStats) {
      lastLoss = full.loss;
      if (t === 0) initialLoss = lastLoss;
      // NaN counts as largest: a run that left the bound through NaN has no finite largest loss
      if (!(full.loss <= largestLoss)) largestLoss = full.loss;
    }
    if (!(Math.abs(full.loss) <= bound)) {
      results.diverged(i, t);
      if (lossStats) results.losses(i, initialLoss, largestLoss, NaN);
      return false;
    }
    atState?.();
    run.advance(); // the step's gradient: still cached at this θ (the HVPs only read it)
    if (t + 1 === early) {
      const later = sharpnessOf(earlyTracker);
      if (Number.isFinite(later)) results.early(i, later / initialSharpness);
    }
    return true;
  };
  for (let t = 0; t < plain; t++) if (!step(t)) return;

  const frame = lyapunov ? new TangentFrame(e, p, run.state.length) : null;
  const sums = new Float64Array(e);
  const discard = new Float64Array(e);
  const carry = (into: Float64Array) =>
    frame!.carry(run.stepLoss(), theta, optimizer, run.state, run.stepGradient(), run.eta, run.t + 1, into);
  // warm-up: align the frame; its growth is not counted
  const alignFrame = () => carry(discard);
  for (let t = plain; t < settings.transient; t++) if (!step(t, alignFrame)) return;

  const ends = batchEnds(record);
  /** Σ log growth of the top vector at every batch end: lyap_err's batches */
  const batchSums = new Float64Array(ends.length);
  let batch = 0;
  const states = new Float64Array(k * record);
  const ringLength = settings.period.max + 1;
  const ring = recorder.drift && ringLength * p <= RING_LIMIT ? new Float64Array(ringLength * p) : null;
  const tracker = newTracker();
  const preconditionedTracker = optimizer.preconditioner ? new PreconditionedSharpnessTracker(full, p, settings.sharpness) : null;
  const diagonal = new Float64Array(preconditionedTracker ? p : 0);
  const quantities: RecordedQuantities = {
    theta,
    get eta() {
      return run.eta;
    },
    get loss() {
      return full.loss;
    },
    get output() {
      return full.output;
    },
    sharpness: () => sharpnessOf(tracker),
    preconditionedSharpness: () => {
      if (!preconditionedTracker) return NaN;
      run.preconditioner(diagonal);
      return preconditionedTracker.at(theta, diagonal);
    },
    ntk: () => problem.ntk!(theta),
  };
  let t = 0; // the record step recordState writes
  const recordState = () => {
    observed[t] = recorder.sample(quantities, states, record, t);
    if (frame) {
      carry(sums);
      if (t + 1 === ends[batch]) batchSums[batch++] = sums[0];
    }
    ring?.set(theta, (t % ringLength) * p);
  };
  for (; t < record; t++) if (!step(settings.transient + t, recordState)) return;

  const finalState = new Float64Array(k);
  for (let c = 0; c < k; c++) finalState[c] = states[c * record + record - 1];
  const exps = new Float64Array(e).fill(NaN);
  let lyapErr = NaN;
  if (lyapunov) {
    for (let c = 0; c < e; c++) exps[c] = sums[c] / record;
    lyapErr = batchMeansError(ends, batchSums, ends.length);
  }
  const period = detectPeriod(states, k, record, settings.period);
  // the final loss: at the θ the run's last step started from (the last θ it evaluated; the HVPs and
  // the tangent frame may have used `full` since)
  if (lossStats) results.losses(i, initialLoss, largestLoss, lastLoss);
  results.recorded(i, {
    states,
    observable: observed,
    finalState,
    exponents: exps,
    lyapErr,
    extras: recorder.drift ? [ring ? drift(ring, ringLength, p, record - 1, Math.max(1, period)) : NaN] : undefined,
  });
}

/** ‖θ_t − θ_{t−p}‖ / ‖θ_t‖ from the ring of the last θs (slot s holds step s mod length). */
function drift(ring: Float64Array, length: number, p: number, t: number, period: number): number {
  if (period >= length || t - period < 0) return NaN;
  const a = (t % length) * p;
  const b = ((t - period) % length) * p;
  let d = 0;
  let n = 0;
  for (let c = 0; c < p; c++) {
    const x = ring[a + c] - ring[b + c];
    d += x * x;
    n += ring[a + c] * ring[a + c];
  }
  return Math.sqrt(d) / Math.sqrt(n);
}
