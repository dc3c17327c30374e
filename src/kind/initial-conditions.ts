import type { ModelLike, ReportIssue } from './model-kind-info.js';

/**
 * A sweep's `initialConditions` field, validated (src/spec/initial-conditions.ts): K runs per grid
 * point, the same K starts at every point, drawn once from `seed`.
 */
export interface InitialConditionsSpec {
  /** runs per grid point (K) */
  count: number;
  /** seeds the box's draws and the mlp's perturbations */
  seed: number;
  /** uniform ranges by variable name; a variable left out keeps model.init's value */
  box?: Readonly<Record<string, readonly [number, number]>>;
  /** mlp: Euclidean norm of the seeded Gaussian noise added to the initial weights */
  perturbation?: number;
  /** runs at one grid point are the same attractor when their recorded sets agree within this, relative (see analysis/attractor-grouping.ts) */
  tolerance: number;
}

/** What an initial condition is for a model kind (ModelKindInfo.initialConditions). */
export interface KindInitialConditions {
  /** the names a box may give ranges to (a map's variables; UV: f0 and ntk0); empty: no box */
  boxNames(model: ModelLike): readonly string[];
  /** whether the kind takes `perturbation` (noise on its initial weights) */
  perturbation: boolean;
  /** checks only this kind needs (e.g. that every start in the box is realisable) */
  check?(model: unknown, ic: InitialConditionsSpec, axis: { parameter: string; from: number; to: number }, report: ReportIssue): void;
  /**
   * The model run k starts from: `drawn` holds the box's values for run k (null without a box).
   * Pure: the same arguments give the same model on every thread.
   */
  modelOf(model: unknown, k: number, drawn: Readonly<Record<string, number>> | null, ic: InitialConditionsSpec): unknown;
}
