import { z } from 'zod';
import type { ScheduleShape, ScheduleSpec } from './schedule.js';

/** optional where a sweep or phase diagram varies it (its grid's `eta`) */
const peak = z.number().positive().optional();
const warmupSteps = z.number().int().min(0);

/**
 * The spec's `eta` when it is a schedule (a plain number stays the constant learning rate). Whether
 * warmupSteps fits the run, and `final` ≤ `peak`, are checked where the run's length is known.
 */
export const scheduleSchema = z.discriminatedUnion('schedule', [
  z.strictObject({ schedule: z.literal('constant'), peak }),
  z.strictObject({ schedule: z.literal('linear-warmup'), peak, warmupSteps }),
  z.strictObject({ schedule: z.literal('warmup-cosine'), peak, warmupSteps, final: z.number().min(0).default(0) }),
  z.strictObject({
    schedule: z.literal('step'),
    peak,
    every: z.number().int().min(1),
    factor: z
      .number()
      .refine((value) => value > 0 && value <= 1, { error: (issue) => `expected a number in (0, 1], got ${String(issue.input)}` }),
  }),
]);

/** `eta`: the learning rate, or its schedule. */
export const etaSchema = z.union([z.number().positive(), scheduleSchema]);

// the schema's output is the engine's ScheduleSpec, its peak optional
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type WithOptionalPeak<S> = S extends ScheduleSpec ? Omit<S, 'peak'> & { peak?: number } : never;
const scheduleSpecMatches: Same<z.output<typeof scheduleSchema>, WithOptionalPeak<ScheduleSpec>> = true;
void scheduleSpecMatches;

/** A spec's `eta` split into the peak (a number, or absent when the grid varies it) and the schedule's shape. */
export function splitEta(eta: z.output<typeof etaSchema> | undefined): { eta: number | undefined; schedule: ScheduleShape | undefined } {
  if (eta === undefined || typeof eta === 'number') return { eta, schedule: undefined };
  const { peak, ...shape } = eta;
  return { eta: peak, schedule: shape as ScheduleShape };
}

/** The fields of a schedule a sweep or phase diagram may vary besides its peak (which they call eta). */
export function scheduleSweepParameters(schedule: ScheduleShape | undefined): string[] {
  return schedule && 'warmupSteps' in schedule ? ['warmupSteps'] : [];
}

/**
 * Checks a schedule against the run's last step T (steps − 1, or transient + record − 1): the
 * warmup must end within the run, a cosine's final rate must not exceed its peak. Reports at paths
 * under `eta`.
 */
export function checkSchedule(
  schedule: ScheduleShape,
  peak: number | undefined,
  lastStep: number,
  report: (path: (string | number)[], message: string) => void,
): void {
  if (schedule.schedule === 'linear-warmup' && schedule.warmupSteps > lastStep + 1) {
    report(['eta', 'warmupSteps'], `expected at most ${lastStep + 1} (the run's steps), got ${schedule.warmupSteps}`);
  }
  // the cosine runs from the warmup's end to the last step: it needs at least one step to decay over
  if (schedule.schedule === 'warmup-cosine' && schedule.warmupSteps >= lastStep) {
    report(
      ['eta', 'warmupSteps'],
      `expected less than ${lastStep} (the run's last step, where the cosine ends), got ${schedule.warmupSteps}`,
    );
  }
  if (schedule.schedule === 'warmup-cosine' && peak !== undefined && schedule.final > peak) {
    report(['eta', 'final'], `expected at most peak = ${peak}, got ${schedule.final}`);
  }
}
