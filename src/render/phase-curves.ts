import { modelKind } from '../models/kinds.js';
import type { PhaseCurve } from '../models/phase-curve.js';
import type { PhaseSpec } from '../spec/phase-spec.js';

/** The boundaries the theory draws on a phase diagram of this model kind (none where it has none). */
export async function analyticCurves(spec: PhaseSpec): Promise<PhaseCurve[]> {
  return (await modelKind(spec.model).phaseCurves?.(spec)) ?? [];
}
