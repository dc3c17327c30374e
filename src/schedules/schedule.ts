/**
 * A learning-rate schedule: η_t for the step t = 0, 1, … from θ_t to θ_{t+1}, a function of t that
 * every optimizer takes (OptimizerRun asks it once per step). A plain number `eta` is the constant
 * schedule, so every older spec runs the same arithmetic.
 */
export type ScheduleSpec =
  | { schedule: 'constant'; peak: number }
  | { schedule: 'linear-warmup'; peak: number; warmupSteps: number }
  | { schedule: 'warmup-cosine'; peak: number; warmupSteps: number; final: number }
  | { schedule: 'step'; peak: number; every: number; factor: number };

export type ScheduleName = ScheduleSpec['schedule'];

/** A schedule's shape without its peak: the peak is the spec's (or the grid point's) η. */
export type ScheduleShape = ScheduleSpec extends infer S ? (S extends ScheduleSpec ? Omit<S, 'peak'> : never) : never;

export interface LearningRate {
  readonly spec: ScheduleSpec;
  /** η_t, exactly the formula of docs/schedules.md */
  at(t: number): number;
  /**
   * The first step from which η_t stays constant through `lastStep` (a sweep records its attractor
   * only there); Infinity when it still changes at lastStep.
   */
  constantFrom(lastStep: number): number;
}

/**
 * The schedule of a spec over a run whose last step is `lastStep` (steps − 1 for a trajectory,
 * transient + record − 1 for a sweep point): warmup-cosine decays to `final` exactly at it.
 */
export function learningRate(spec: ScheduleSpec, lastStep: number): LearningRate {
  switch (spec.schedule) {
    case 'constant':
      return { spec, at: () => spec.peak, constantFrom: () => 0 };
    case 'linear-warmup': {
      const { peak, warmupSteps: w } = spec;
      // (t + 1)/W: the first step already moves, and step W − 1 reaches the peak
      return {
        spec,
        at: (t) => peak * Math.min(1, (t + 1) / w),
        constantFrom: () => Math.max(0, w - 1),
      };
    }
    case 'warmup-cosine': {
      const { peak, warmupSteps: w, final } = spec;
      const span = lastStep - w;
      return {
        spec,
        // past the last step (a trajectory's final row, from which no step is taken) η stays at `final`
        at: (t) =>
          t < w
            ? peak * Math.min(1, (t + 1) / w)
            : final + (peak - final) * 0.5 * (1 + Math.cos((Math.PI * (Math.min(t, lastStep) - w)) / span)),
        // the cosine decays until the last step: constant only when it has nothing to decay
        constantFrom: () => (peak === final ? Math.max(0, w - 1) : Infinity),
      };
    }
    case 'step': {
      const { peak, every, factor } = spec;
      return {
        spec,
        at: (t) => peak * Math.pow(factor, Math.floor(t / every)),
        constantFrom: (last) => (factor === 1 ? 0 : Math.floor(last / every) * every),
      };
    }
  }
}

/** The learning rate of a run: η constant without a schedule, else the schedule's shape with η as its peak. */
export function rateOf(eta: number, shape: ScheduleShape | undefined, lastStep: number): LearningRate {
  return learningRate((shape ? { ...shape, peak: eta } : { schedule: 'constant', peak: eta }) as ScheduleSpec, lastStep);
}
