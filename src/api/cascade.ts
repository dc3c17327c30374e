import { SpecError } from '../spec/spec-error.js';
import { initialConditionsRefusal } from '../spec/initial-conditions.js';
import { searchCascade, type CascadeRow } from '../analysis/cascade-search.js';
import type { ModelKind } from '../kind/model-kind.js';
import { modelKindOf } from '../models/registry.js';
import { sweepSpecSchema, type SweepSpec } from '../spec/sweep-spec.js';
import { CoarseScan } from '../sweep/coarse-scan.js';
import { runEngine, type EngineOptions } from './engine-run.js';
import { checkOptions, resolveWorkers, type RunOptions } from './options.js';
import { specFromObject } from './spec-input.js';
import type { SweepSpecInput } from './sweep.js';

export type { CascadeRow } from '../analysis/cascade-search.js';

export interface CascadeResult {
  /** the spec that ran, every default filled in */
  spec: SweepSpec;
  /** the swept parameter (cascade.csv's fourth column) */
  parameter: string;
  /**
   * the flips in order, as cascade.csv: k (level in its cascade), periodFrom → periodTo, value (the
   * parameter at the flip), delta (Feigenbaum ratio estimate from the range's third flip, else
   * null), etaRescaled (UV model: η√ε|y|, else null)
   */
  rows: CascadeRow[];
  /** geometric extrapolation r_n + (r_n − r_{n−1}) / (δ_n − 1), when δ_n exists */
  accumulation: number | null;
  /** UV model swept in η from below the onset: the theory's onset 1/(√ε|y|), else null */
  theoryOnset: number | null;
  /** the first grid point of the coarse scan with a positive Lyapunov exponent, and the grid spacing */
  firstChaotic: number | null;
  spacing: number;
  /** the first grid point of the coarse scan whose orbit diverged */
  firstDiverged: number | null;
  /** null when all cascade.levels doublings were found; else why the search stopped (rows holds those found) */
  stopped: string | null;
}

/**
 * Locates the period-doubling cascade of a sweep spec, as `uvchaos cascade` does: a coarse scan in
 * worker threads (its own pool, closed on return), then Newton continuation and bisection of each
 * flip to double precision. A search that stops early (the CLI's exit 1) returns the flips it
 * found with `stopped` saying why. Throws SpecError for an invalid spec or option.
 */
export async function cascade(spec: SweepSpecInput, options?: RunOptions): Promise<CascadeResult> {
  const opts = checkOptions<RunOptions>('cascade', options);
  const used = await specFromObject('cascade', spec, sweepSpecSchema);
  return runCascade(modelKindOf(used.model), used, { ...opts, workers: resolveWorkers(opts.workers) });
}

/**
 * The cascade of a validated spec, for cascade() and `uvchaos cascade` alike: the coarse scan
 * (no density raster), then the search from its periods.
 */
export async function runCascade(kind: ModelKind, spec: SweepSpec, options: Omit<EngineOptions, 'raster'>): Promise<CascadeResult> {
  const refusal = initialConditionsRefusal(spec, 'the cascade search');
  if (refusal) throw new SpecError(spec.name, 'initialConditions', refusal);
  if (spec.optimizer.kind !== 'gd')
    throw new SpecError(
      spec.name,
      'optimizer',
      `the cascade search continues a map through parameter space, and only plain GD has one; sweep the ${spec.optimizer.kind} run instead`,
    );
  const scan = new CoarseScan(spec);
  await runEngine('cascade', kind, spec, { ...options, raster: null }, (chunk) => scan.add(chunk));
  const report = searchCascade(kind, spec, scan.periods);
  return {
    spec,
    parameter: spec.sweep.parameter,
    rows: report.rows,
    accumulation: report.accumulation,
    theoryOnset: report.theoryOnset,
    firstChaotic: scan.firstChaotic,
    spacing: scan.spacing,
    firstDiverged: scan.firstDiverged,
    stopped: report.rows.length < spec.cascade.levels ? (report.stopped ?? 'the search found no further doubling') : null,
  };
}
