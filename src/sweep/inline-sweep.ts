import type { ModelKindInfo } from '../kind/model-kind-info.js';
import { readBoundedFile } from '../io/bounded-read.js';
import { LIMITS, SWEEP_DEFAULTS } from '../spec/limits.js';

/**
 * Point-steps below which a sweep of a cheap kind runs on the main thread: 2·10⁷ steps of the UV
 * kernel take about 50 ms, while starting two workers and loading their kernels takes 0.3–0.5 s
 * of wall time and competes with the main thread for both cores meanwhile.
 */
export const INLINE_SWEEP_STEPS = 2e7;

interface SweepSize {
  model: { kind: string };
  sweep: { points: number };
  transient?: number;
  record?: number;
  optimizer?: { kind: string };
  /** a parsed spec's schedule; a spec file's `eta` (an object when it is a schedule) */
  schedule?: { schedule: string };
  eta?: unknown;
}

/** Whether a sweep runs on the main thread when the user did not ask for a worker count. */
export function runsInline(spec: SweepSize, kind: Pick<ModelKindInfo, 'inlineSweeps'>): boolean {
  const steps = spec.sweep.points * ((spec.transient ?? SWEEP_DEFAULTS.transient) + (spec.record ?? SWEEP_DEFAULTS.record));
  // only plain GD at one η runs a cheap kind's kernels: any other optimizer, or a schedule, trains explicit weights, a hundred times the cost of a step
  const scheduled = (spec.schedule?.schedule ?? 'constant') !== 'constant' || (typeof spec.eta === 'object' && spec.eta !== null);
  const plain = (spec.optimizer?.kind ?? 'gd') === 'gd' && !scheduled;
  return kind.inlineSweeps && plain && steps <= INLINE_SWEEP_STEPS;
}

/**
 * The same decision from the spec file before it is parsed (the CLI starts workers while the
 * command loads). Anything unreadable answers false: a wrong guess only costs start-up time, since
 * the command decides again from the parsed spec. `kindOf` is the caller's lookup of the kind it names.
 */
export function specFileRunsInline(file: string, kindOf: (model: { kind: string }) => Pick<ModelKindInfo, 'inlineSweeps'>): boolean {
  try {
    // bounded like the command's own read: the file may change between this read and that one
    const raw = JSON.parse(readBoundedFile(file, LIMITS.specBytes, 'a spec file').toString('utf8')) as Partial<SweepSize>;
    const optimizer = raw.optimizer?.kind;
    if (optimizer !== undefined && typeof optimizer !== 'string') return false;
    const points = raw.sweep?.points;
    if (typeof raw.model?.kind !== 'string' || typeof points !== 'number') return false;
    if (!['undefined', 'number'].includes(typeof raw.transient) || !['undefined', 'number'].includes(typeof raw.record)) return false;
    return runsInline(
      {
        model: { kind: raw.model.kind },
        sweep: { points },
        transient: raw.transient,
        record: raw.record,
        optimizer: raw.optimizer,
        eta: raw.eta,
      },
      kindOf({ kind: raw.model.kind }),
    );
  } catch {
    return false;
  }
}
