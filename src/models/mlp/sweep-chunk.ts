import { detectPeriod } from '../../analysis/period.js';
import { SeededRandom } from '../../random/rng.js';
import type { SweepSpec } from '../../spec/sweep-spec.js';
import { GridPointError, gridPointValues, lyapunovWarmup, type ChunkResult, type ChunkTask } from '../../sweep/chunk.js';
import { ChunkCancelled, throwIfCancelled, type CancelFlag } from '../../sweep/chunk-cancel.js';
import { PointResults } from '../../sweep/point-results.js';
import { lossGradient } from './gradient.js';
import { MLP_RECORDED } from './names.js';
import type { MlpModelSpec } from './spec-schema.js';
import { createTangentScratch, orthonormalizeRows, tangentStepQR } from './training-lyapunov.js';
import { SharpnessTracker } from './training-run.js';
import { setupMlp, type MlpVariation } from './training-setup.js';

export type MlpSweepSpec = SweepSpec & { model: MlpModelSpec };

/** θ copies kept for the drift column: skipped past this many doubles (the drift is then empty). */
const RING_LIMIT = 20_000_000;

/** η and the model variation at a grid point's parameter values (a sweep's one, or a phase cell's two). */
export function mlpPoint(spec: MlpSweepSpec, values: Readonly<Record<string, number>>): { eta: number; variation: MlpVariation } {
  const { eta, ...variation } = values;
  return { eta: eta ?? spec.eta!, variation };
}

/**
 * Grid points of an mlp sweep, one after another: train `transient` GD steps, then record
 * `record` steps of (f, loss, sharpness) with the top `lyapunov.exponents` Lyapunov exponents of
 * the GD map (the frame carried through I − ηH, one HVP per exponent and step, warmed up like the
 * maps' tangent frames). A point's numbers depend only on the spec and its grid value.
 *
 * The diagram's samples go back as `series` (record values per point) rather than into a raster:
 * an mlp sweep has few, costly points, so the main thread bins them once their range is known,
 * instead of paying for a pilot run.
 */
export function computeMlpChunk(task: ChunkTask & { spec: MlpSweepSpec }): ChunkResult {
  const { spec } = task;
  const k = MLP_RECORDED.length;
  const exponents = spec.lyapunov.exponents ?? 1;
  const results = new PointResults({ ...task, raster: null }, k, exponents, 1);
  const record = spec.record;
  const series = new Float64Array(results.n * record).fill(NaN);
  for (let i = 0; i < results.n; i++) {
    const index = results.indexOf(i);
    const values = gridPointValues(task, index);
    try {
      trainPoint(spec, values, results, i, series.subarray(i * record, (i + 1) * record), task.plane?.earlySteps, task.cancel);
    } catch (err) {
      if (err instanceof ChunkCancelled) throw err;
      throw new GridPointError(index, values, err);
    }
  }
  return { ...results.result(), series };
}

/**
 * One grid point. With `earlySteps` (phase diagrams), also the ratio of the sharpness after that
 * many steps to the initial one: below 1 is early sharpness reduction, above 1 sharpening.
 */
function trainPoint(
  spec: MlpSweepSpec,
  values: Readonly<Record<string, number>>,
  results: PointResults,
  i: number,
  observed: Float64Array,
  earlySteps: number | undefined,
  cancel: CancelFlag | undefined,
): void {
  const { eta, variation } = mlpPoint(spec, values);
  const setup = setupMlp(spec.model, '(spec)', variation);
  const { ws } = setup;
  const theta = setup.theta;
  const p = theta.length;
  const bound = spec.divergenceBound;
  const record = spec.record;
  const lyapunov = spec.lyapunov.enabled;
  const k = MLP_RECORDED.length;
  const e = spec.lyapunov.exponents ?? 1;
  const warmup = lyapunovWarmup(spec);
  const plain = spec.transient - warmup;

  const early = earlySteps === undefined ? -1 : Math.min(earlySteps, spec.transient);
  const earlyTracker = early > 0 ? new SharpnessTracker(setup, spec.model.sharpness) : null;
  const initialSharpness = earlyTracker ? earlyTracker.at(theta) : NaN;
  /**
   * GD from θ_t to θ_{t+1}; false (and the point marked diverged) if θ_t is out of bound.
   * `atState` runs at θ_t, after the bound check and before the update, with the gradient cached.
   */
  const step = (t: number, atState?: () => void): boolean => {
    throwIfCancelled(cancel); // a step costs far more than the check (gradient, and HVPs in the record)
    lossGradient(ws, theta);
    if (!(Math.abs(ws.loss) <= bound)) {
      results.diverged(i, t);
      return false;
    }
    atState?.();
    const g = lossGradient(ws, theta); // still cached at this θ: the HVPs only read it
    for (let c = 0; c < p; c++) theta[c] -= eta * g[c];
    if (t + 1 === early && earlyTracker) {
      const later = earlyTracker.at(theta);
      if (Number.isFinite(later)) results.early(i, later / initialSharpness);
    }
    return true;
  };
  for (let t = 0; t < plain; t++) if (!step(t)) return;

  const frame = new Float64Array(lyapunov ? e * p : 0);
  const rng = new SeededRandom(1);
  for (let c = 0; c < frame.length; c++) frame[c] = rng.gaussian();
  if (lyapunov) orthonormalizeRows(frame, e, p);
  const scratch = createTangentScratch(ws);
  const sums = new Float64Array(e);
  const discard = new Float64Array(e);
  // warm-up: align the frame; its growth is not counted
  const alignFrame = () => tangentStepQR(ws, theta, eta, frame, e, discard, scratch);
  for (let t = plain; t < spec.transient; t++) if (!step(t, alignFrame)) return;

  let halfSum = NaN;
  const half = Math.floor(record / 2);
  const states = new Float64Array(k * record);
  const ringLength = spec.period.max + 1;
  const ring = ringLength * p <= RING_LIMIT ? new Float64Array(ringLength * p) : null;
  const tracker = new SharpnessTracker(setup, spec.model.sharpness);
  let t = 0; // the record step recordState writes
  const recordState = () => {
    const loss = ws.loss;
    const sharp = tracker.at(theta);
    states[t] = ws.outputs[0];
    states[record + t] = loss;
    states[2 * record + t] = sharp;
    observed[t] = observable(spec.observable, eta, ws.outputs[0], loss, sharp);
    if (lyapunov) {
      tangentStepQR(ws, theta, eta, frame, e, sums, scratch);
      if (t + 1 === half) halfSum = sums[0];
    }
    ring?.set(theta, (t % ringLength) * p);
  };
  for (; t < record; t++) if (!step(spec.transient + t, recordState)) return;

  const finalState = Float64Array.of(states[record - 1], states[2 * record - 1], states[3 * record - 1]);
  const exps = new Float64Array(e).fill(NaN);
  let lyapErr = NaN;
  if (lyapunov) {
    for (let c = 0; c < e; c++) exps[c] = sums[c] / record;
    lyapErr = 0.5 * Math.abs(halfSum / half - (sums[0] - halfSum) / (record - half));
  }
  const period = detectPeriod(states, k, record, spec.period);
  results.recorded(i, {
    states,
    observable: observed,
    finalState,
    exponents: exps,
    lyapErr,
    extras: [ring ? drift(ring, ringLength, p, record - 1, Math.max(1, period)) : NaN],
  });
}

function observable(name: string, eta: number, f: number, loss: number, sharpness: number): number {
  switch (name) {
    case 'eta_sharpness':
      return eta * sharpness;
    case 'sharpness':
      return sharpness;
    case 'loss':
      return loss;
    default:
      return f;
  }
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
