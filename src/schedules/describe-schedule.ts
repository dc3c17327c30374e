import { formatNumber } from '../render/style.js';
import { rateOf, type ScheduleShape, type ScheduleSpec } from './schedule.js';

/**
 * A schedule in a figure's subtitle, its fields by the names of docs/schedules.md:
 * "warmup-cosine η: peak 0.5, W = 100, final 0", "step η: peak 0.5, ×0.5 every 200".
 */
export function describeSchedule(spec: ScheduleSpec): string {
  const peak = `peak ${formatNumber(spec.peak)}`;
  switch (spec.schedule) {
    case 'constant':
      return `η = ${formatNumber(spec.peak)}`;
    case 'linear-warmup':
      return `linear-warmup η: ${peak}, W = ${spec.warmupSteps}`;
    case 'warmup-cosine':
      return `warmup-cosine η: ${peak}, W = ${spec.warmupSteps}, final ${formatNumber(spec.final)}`;
    case 'step':
      return `step η: ${peak}, ×${formatNumber(spec.factor)} every ${spec.every}`;
  }
}

/**
 * What a trajectory figure shows of a run's schedule: η_t per row (row t's state takes its step at
 * η_t; the final row, from which no step is taken, holds the schedule's end value) and the
 * schedule in words. Recomputed from the spec, so a figure drawn from the table alone (whose eta
 * column holds the same numbers) draws the same curve. Undefined without a schedule.
 */
export function scheduleForFigure(spec: {
  eta: number;
  schedule?: ScheduleShape;
  steps?: number;
}): { etaAt: (row: number) => number; description: string } | undefined {
  if (!spec.schedule) return undefined;
  // a cosine ends at the run's last step: without it there is no η_t to draw
  if (spec.steps === undefined) throw new RangeError('a schedule’s figure needs the run’s steps');
  const rate = rateOf(spec.eta, spec.schedule, spec.steps - 1);
  return { etaAt: (row) => rate.at(row), description: describeSchedule(rate.spec) };
}
