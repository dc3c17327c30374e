import type { TrajectorySpec } from '../spec/trajectory-spec.js';

/** A trajectory's table by column, in the CSV's order. */
export interface TrajectoryTable {
  columnNames: readonly string[];
  /** one array per column, `length` values each; NaN where the CSV cell is empty */
  columns: Record<string, Float64Array>;
  /** rows: steps + 1 (row 0 is the initialisation), or fewer when the run diverged */
  length: number;
  /** the first step beyond divergenceBound or not finite (not in the table); null if none */
  divergedAtStep: number | null;
}

/**
 * A model trained by gradient: loss above, sharpness and NTK eigenvalue below with the optimizer's
 * threshold/η (2/η under GD), and for adaptive optimizers λ_max(P⁻¹H) with its own threshold/η.
 */
export interface TrainingFigureInput {
  title: string;
  /** shown under the title after η, the optimizer and its threshold/η, joined by dots */
  subtitleParts: string[];
  /** the learning rate, or a schedule's peak */
  eta: number;
  /**
   * under a schedule: η_t per row (row t takes its step at η_t), drawn as the threshold curve
   * threshold/η_t and a panel of its own, and the schedule in words, shown in place of "η = …"
   */
  schedule?: { etaAt: (row: number) => number; description: string };
  /** the training rule (absent: plain GD) and its minibatches (absent: the full batch) */
  optimizer?: TrajectorySpec['optimizer'];
  batch?: TrajectorySpec['batch'];
  /** adaptive optimizers: λ_max(P⁻¹H) per row (NaN where not computed) */
  preconditionedSharpness?: (i: number) => number;
  /** rows held */
  length: number;
  divergedAtStep: number | null;
  /** per-row values; NaN where a row has none (e.g. sharpness computed every k-th step) */
  loss: (i: number) => number;
  sharpness: (i: number) => number;
  ntk: (i: number) => number;
  lossLabel: string;
  ntkLabel: string;
}

/** An orbit of a map: state component c after step t at states[c * capacity + t]. */
export interface MapTrajectory {
  stateNames: readonly string[];
  states: Float64Array;
  capacity: number;
  /** rows held: steps + 1, or fewer when the orbit diverged */
  length: number;
  divergedAtStep: number | null;
}

/** What a trajectory's figure draws, as the kind hands it to the renderer. */
export type TrajectoryFigure =
  { type: 'training'; input: TrainingFigureInput } | { type: 'orbit'; title: string; subtitle: string; orbit: MapTrajectory };

/** A run of `uvchaos trajectory`: the table, its figure, and what the command reports. */
export interface TrajectoryRun extends TrajectoryTable {
  figure: TrajectoryFigure;
  /** the last row in words ("step 100: loss …"); null for an empty table */
  lastRow: string | null;
  /** what left the bound, for the divergence warning ("|f| or λ") */
  divergence: string;
  /** further files the run writes beside the table, by suffix (an mlp's weights.json), with a note for the log */
  files: { suffix: string; text: string; note: string }[];
}

/** The trajectory side of a model kind: one path for the command and the library. */
export interface KindTrajectory {
  /** runs a validated spec; `source` names the spec in errors; saveEvery: keep weights (mlp --save-weights) */
  run(spec: TrajectorySpec, options: { source: string; saveEvery?: number }): Promise<TrajectoryRun>;
  /** the figure of a table this kind's run returned (the library draws it from the result alone) */
  figure(spec: TrajectorySpec, table: TrajectoryTable): Promise<TrajectoryFigure>;
  /** the kind has weights that --save-weights can write */
  savesWeights: boolean;
}
