import type { ModelKindInfo } from '../kind/model-kind-info.js';
import type { PhaseCurve } from '../kind/phase-curve.js';
import type { PhaseSpec } from '../spec/phase-spec.js';

/** The boundaries the theory draws on a phase diagram of this model kind (none where it has none). */
export async function analyticCurves(kind: ModelKindInfo, spec: PhaseSpec): Promise<PhaseCurve[]> {
  return (await kind.phaseCurves?.(spec)) ?? [];
}
