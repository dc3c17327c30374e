import type { PhaseSpec } from '../spec/phase-spec.js';
import type { SweepSpec } from '../spec/sweep-spec.js';
import type { UncheckedTrajectorySpec } from '../spec/trajectory-spec.js';
import type { PortraitSpec } from '../spec/portrait-spec.js';
import type { PhaseCurve } from './phase-curve.js';
import type { KindInitialConditions } from './initial-conditions.js';

/** Adds a spec error at a field path (the schemas turn it into a zod issue). */
export type ReportIssue = (path: (string | number)[], message: string) => void;

/**
 * What the specs, the sweep engine, the tables and the figures need to know about a model kind:
 * the `info` of its ModelKind (model-kind.ts). Plain facts and checks, free of zod and of the
 * kernels. Each kind's folder builds its own (`models/<kind>/kind.ts`).
 */
export interface ModelKindInfo {
  /** parameters a sweep may vary and observables it may plot */
  names(model: ModelLike): { parameters: readonly string[]; observables: readonly string[] };
  /** the recorded state: periods are detected on it and the table has a final_<name> per entry */
  recorded(model: ModelLike): readonly string[];
  /** Lyapunov exponents per grid point */
  exponents(model: ModelLike, requested: number | undefined): number;
  /** a spec may choose how many exponents (lyapunov.exponents); otherwise it gets the full spectrum */
  exponentsChosen: boolean;
  /** extra per-point table columns after the final state */
  extraColumns: readonly string[];
  /** trained by gradient: η and the optimizer are the spec's, the optimizer's edge of stability is drawn */
  gradientDescent: boolean;
  /** trained on a data set that minibatches can split (a spec's `batch`) */
  minibatches?: boolean;
  /** sweep parameters that must stay > 0 */
  positiveParameters: readonly string[];
  /** few, costly points: workers return their samples and the main thread bins them (no pilot run) */
  samplesToMainThread: boolean;
  /**
   * Cheap steps (a few ns): a sweep of at most INLINE_SWEEP_STEPS point-steps runs on the main
   * thread unless --workers is given, since starting workers would cost more than the sweep.
   */
  inlineSweeps: boolean;
  /** chunks hold a multiple of this many points (the width of the kind's batch kernel; 1 for costly points) */
  chunkLanes: number;
  /** axis labels of the observables (the name itself otherwise) */
  observableLabels: Readonly<Record<string, string>>;
  /** second axes of a phase diagram (η is the first); absent: the kind has no phase diagram */
  phaseAxes?: readonly string[];
  /**
   * Its points record their initial, largest and final loss, so a phase diagram may classify cells
   * by training outcome (`classify: "outcome"`); absent: it may not.
   */
  lossOutcomes?: boolean;
  /** the theory's boundaries drawn on a phase diagram (loaded on demand: they may train a network) */
  phaseCurves?(spec: PhaseSpec): Promise<PhaseCurve[]>;
  /**
   * A spec with the paths inside it resolved against `folder` (the spec file's, or a library
   * caller's working directory) and the files they name checked; errors name `source` (the spec
   * file, or e.g. "sweep(spec)"). Loaded on demand: only kinds that read data files have it.
   */
  resolveFiles?<S extends { model: unknown }>(spec: S, source: string, folder: string): Promise<S>;
  /** the files a spec of this kind names, as written in it: launchers check that their pods can open them */
  namedFiles?(model: unknown): { field: string; path: string }[];
  /** the fixed settings printed under a sweep figure's title */
  summary(spec: SweepSpec): string[];
  /** the learning rate where theory puts the edge of stability's onset, drawn on η sweeps */
  theoryOnset?(spec: SweepSpec): number | null;
  /** what an initial condition is for this kind (a sweep's initialConditions) */
  initialConditions: KindInitialConditions;
  /** checks only this kind needs, after the shared ones */
  checkSweep?(spec: SweepSpec, report: ReportIssue): void;
  checkPhase?(spec: PhaseSpec, report: ReportIssue): void;
  checkTrajectory(spec: UncheckedTrajectorySpec, report: ReportIssue): void;
  /** portraits (uvchaos portrait) of kinds that have them: checks after the shared ones */
  checkPortrait?(spec: PortraitSpec, report: ReportIssue): void;
}

/** The fields of a model spec the descriptors read, without importing its schema. */
export interface ModelLike {
  kind: string;
  parameters?: Record<string, number>;
  variables?: string[];
}
