import type { OptimizerSpec } from '../optimizers/optimizer.js';
import { stabilityThresholdOf, thresholdAlong } from '../optimizers/stability-threshold.js';
import { formatNumber } from './style.js';

/** What the stability references read of a sweep: its axis, observable, η and optimizer (absent: GD). */
export interface StabilityReferenceSweep {
  parameter: string;
  observable: string;
  /** the fixed learning rate when the sweep varies something else */
  eta?: number;
  optimizer?: OptimizerSpec;
}

/** A reference drawn over the observable panel: a line or a curve. */
export interface StabilityReference {
  label: string;
  data: { x: number; y: number }[];
}

/** η times a sharpness: the threshold is a value of the observable itself. Their legend names. */
const SCALED: Readonly<Record<string, string>> = {
  eta_sharpness: 'η × sharpness',
  eta_ntk: 'ηλ',
  eta_preconditioned_sharpness: 'η × λ_max(P⁻¹H)',
};
/** A sharpness itself: the threshold over η. */
const RAW = new Set(['sharpness', 'ntk', 'preconditioned_sharpness']);
const PRECONDITIONED = new Set(['eta_preconditioned_sharpness', 'preconditioned_sharpness']);

/**
 * The optimizer's edge of stability on a bifurcation diagram of a model trained by gradient:
 * η × sharpness = threshold (2 under GD, 2(1 + β) under momentum) on the η-scaled observables,
 * threshold/η on the sharpnesses of η sweeps. Adaptive optimizers bound λ_max(P⁻¹H), so only its
 * observables get their line. When the x axis is the optimizer's own rate (β, β₁, ρ) the threshold
 * moves with x and is drawn as a curve. Under GD the labels are the ones the figures always had.
 */
export function stabilityReferences(
  sweep: StabilityReferenceSweep,
  x: { min: number; max: number },
  y: { min: number; max: number },
): StabilityReference[] {
  const optimizer = sweep.optimizer ?? { kind: 'gd' };
  const gd = optimizer.kind === 'gd';
  const threshold = stabilityThresholdOf(optimizer);
  const obs = sweep.observable;
  if (PRECONDITIONED.has(obs) !== (threshold.on === 'preconditioned')) return [];
  const along = thresholdAlong(optimizer, sweep.parameter);
  const valueText =
    threshold.formula === formatNumber(threshold.value) ? threshold.formula : `${threshold.formula} = ${formatNumber(threshold.value)}`;
  const curve = (f: (x: number) => number) =>
    Array.from({ length: 400 }, (_, i) => {
      const at = x.min + ((x.max - x.min) * i) / 399;
      return { x: at, y: f(at) };
    }).filter((p) => p.y >= y.min && p.y <= y.max);

  const scaled = SCALED[obs];
  if (scaled !== undefined) {
    if (along) return [{ label: `${scaled} = ${threshold.formula}`, data: curve(along) }];
    const label = gd ? (obs === 'eta_sharpness' ? 'η × sharpness = 2' : 'ηλ = 2') : `${scaled} = ${valueText}`;
    return [
      {
        label,
        data: [
          { x: x.min, y: threshold.value },
          { x: x.max, y: threshold.value },
        ],
      },
    ];
  }
  if (!RAW.has(obs)) return [];
  if (sweep.parameter === 'eta') return [{ label: gd ? '2/η' : `${threshold.formula}/η`, data: curve((eta) => threshold.value / eta) }];
  const eta = sweep.eta;
  if (along && eta !== undefined)
    return [{ label: `${threshold.formula}/η, η = ${formatNumber(eta)}`, data: curve((v) => along(v) / eta) }];
  return [];
}
