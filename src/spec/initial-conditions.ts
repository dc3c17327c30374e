import { z } from 'zod';
import type { ModelKindInfo, ReportIssue } from '../kind/model-kind-info.js';
import type { ModelLike } from '../kind/model-kind-info.js';

/** Default relative tolerance under which two runs' recorded sets are the same attractor. */
export const INITIAL_CONDITIONS_TOLERANCE = 1e-6;

/**
 * `initialConditions`: K runs per grid point from K starts drawn once (the same at every point),
 * each run classified as without the field, then grouped into attractors and matched across the
 * grid (docs/spec-format.md).
 */
export const initialConditionsSchema = z.strictObject({
  count: z.number().int().min(1),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(1),
  /** uniform ranges [lo, hi] by state name (maps: their variables; UV: f0, ntk0) */
  box: z.record(z.string(), z.tuple([z.number(), z.number()])).optional(),
  /** mlp: the norm of the seeded Gaussian noise added to the initial weights */
  perturbation: z.number().optional(),
  tolerance: z.number().positive().max(0.1).default(INITIAL_CONDITIONS_TOLERANCE),
});

/**
 * The checks of initialConditions that need the rest of the spec: the kind's names, the budget
 * (K runs cost K times a sweep), then the kind's own (UV: every start realisable).
 */
export function checkInitialConditions(
  spec: {
    model: ModelLike;
    sweep: { parameter: string; from: number; to: number; points: number };
    transient: number;
    record: number;
    initialConditions?: z.output<typeof initialConditionsSchema>;
  },
  kind: ModelKindInfo,
  totalSteps: number,
  report: ReportIssue,
): void {
  const ic = spec.initialConditions;
  if (!ic) return;
  const path = (...rest: string[]) => ['initialConditions', ...rest];
  const cost = ic.count * spec.sweep.points * (spec.transient + spec.record);
  if (cost > totalSteps) {
    report(
      path('count'),
      `${ic.count} runs × ${spec.sweep.points} points × (transient + record) = ${cost.toExponential(2)} steps; expected at most ${totalSteps.toExponential(0)} (fewer runs or points)`,
    );
  }
  const kindIc = kind.initialConditions;
  if (ic.perturbation !== undefined) {
    if (!kindIc.perturbation)
      report(path('perturbation'), `a ${spec.model.kind} model has no weights to perturb; its starts are given by a box`);
    else if (!(ic.perturbation > 0)) report(path('perturbation'), `expected a norm > 0, got ${ic.perturbation}`);
  }
  const names = kindIc.boxNames(spec.model);
  if (ic.box) {
    if (names.length === 0) {
      report(path('box'), `a ${spec.model.kind} model takes no box; its starts are its seeds (init.seed + k) or a perturbation`);
      return;
    }
    for (const [name, [lo, hi]] of Object.entries(ic.box)) {
      if (!names.includes(name))
        report(path('box', name), `expected one of ${names.map((n) => JSON.stringify(n)).join(', ')}, got ${JSON.stringify(name)}`);
      else if (name === spec.sweep.parameter) report(path('box', name), `the sweep varies ${name}; it cannot also be drawn from a box`);
      else if (!(lo < hi)) report(path('box', name), `expected [lo, hi] with lo < hi, got [${lo}, ${hi}]`);
    }
    if (Object.keys(ic.box).length === 0) report(path('box'), `expected at least one of ${names.map((n) => JSON.stringify(n)).join(', ')}`);
  }
  // one start is the spec's own: nothing to draw, so nothing more to check
  if (ic.count > 1) kindIc.check?.(spec.model, ic, spec.sweep, report);
}

/**
 * Whether a spec runs several starts per grid point. Start 0 is always the spec's own (model.init,
 * its seed, its weights unperturbed), so `count: 1` is the sweep without the field, output for output.
 */
export function severalStarts(spec: { initialConditions?: { count: number } }): boolean {
  return (spec.initialConditions?.count ?? 1) > 1;
}

/**
 * Refuses initialConditions in a command that runs one start per point (cascade, the explorer,
 * cluster launchers): one line naming the field.
 */
export function initialConditionsRefusal(spec: { initialConditions?: { count: number } }, command: string): string | null {
  return !severalStarts(spec) ? null : `${command} runs one start per grid point; run uvchaos sweep for several initial conditions`;
}
