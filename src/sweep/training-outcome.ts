import type { OutcomeThresholds } from '../kind/chunk.js';

/** The defaults of a phase spec's `outcome` thresholds (docs/spec-format.md says how they were chosen). */
export const OUTCOME_DEFAULTS: OutcomeThresholds = { trained: 0.1, catapult: 2 };

/** A run's full-batch loss: at its first θ (L₀), its largest over the run, and at its last step's θ. */
export interface LossStats {
  initial: number;
  largest: number;
  final: number;
}

/**
 * A training run's outcome, as an index into OUTCOMES (render/phase-categories.ts):
 *
 * - 3 "diverges": the run left the divergence bound (`diverged`, the sweep's own verdict);
 * - 2 "stuck": the final loss is above trained · L₀ (it did not train; NaN counts here too);
 * - 1 "catapult then trains": it trained, and its loss rose above catapult · L₀ on the way;
 * - 0 "trains": it trained, and its loss never rose above catapult · L₀.
 *
 * Judged in that order, so every run has exactly one outcome. Relative to L₀, so the thresholds
 * mean the same for any data scale or loss.
 */
export function classifyOutcome(stats: LossStats, diverged: boolean, thresholds: OutcomeThresholds): number {
  if (diverged) return 3;
  const { initial, largest, final } = stats;
  if (!(final <= thresholds.trained * initial)) return 2;
  return largest > thresholds.catapult * initial ? 1 : 0;
}
