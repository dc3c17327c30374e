import { describe, expect, it } from 'vitest';
import { OUTCOMES } from '../../src/render/phase-categories.js';
import { classifyOutcome, OUTCOME_DEFAULTS, type LossStats } from '../../src/sweep/training-outcome.js';
import { phaseCell, phaseCellRow } from '../../src/sweep/phase-cell.js';
import { floatLayout, type ChunkResult, type PhasePlane } from '../../src/sweep/chunk.js';
import { REGIME_CODE } from '../../src/analysis/regime.js';

const outcomeOf = (stats: LossStats, diverged = false) => OUTCOMES[classifyOutcome(stats, diverged, OUTCOME_DEFAULTS)];

describe('the training outcome of a run, relative to its initial loss L₀', () => {
  it('trains: the loss ends at most 0.1 L₀ and never rose above 2 L₀', () => {
    expect(outcomeOf({ initial: 3, largest: 3, final: 0.01 })).toBe('trains');
    // a rise that stays within 2 L₀ is no catapult
    expect(outcomeOf({ initial: 3, largest: 6, final: 0.01 })).toBe('trains');
    // the thresholds are inclusive on the trained side: final = 0.1 L₀ exactly trained
    expect(outcomeOf({ initial: 1, largest: 1, final: 0.1 })).toBe('trains');
  });

  it('catapult then trains: the loss first rose above 2 L₀, then ended at most 0.1 L₀', () => {
    expect(outcomeOf({ initial: 3, largest: 6.000001, final: 0.01 })).toBe('catapult then trains');
    expect(outcomeOf({ initial: 3, largest: 300, final: 0.3 })).toBe('catapult then trains');
  });

  it('stuck: the loss ends above 0.1 L₀, with or without a rise on the way', () => {
    expect(outcomeOf({ initial: 1, largest: 1, final: 0.95 })).toBe('stuck');
    expect(outcomeOf({ initial: 1, largest: 1, final: 0.1000001 })).toBe('stuck');
    expect(outcomeOf({ initial: 1, largest: 40, final: 0.5 })).toBe('stuck');
    // a bounded run that ends above where it started did not train either
    expect(outcomeOf({ initial: 1, largest: 40, final: 20 })).toBe('stuck');
    expect(outcomeOf({ initial: 1, largest: NaN, final: NaN })).toBe('stuck');
  });

  it('diverges: the sweep said it left the bound, whatever its losses were before', () => {
    expect(outcomeOf({ initial: 3, largest: 4e8, final: NaN }, true)).toBe('diverges');
    expect(outcomeOf({ initial: 3, largest: 3, final: 0.01 }, true)).toBe('diverges');
  });

  it('other thresholds move the boundaries', () => {
    const loose = { trained: 0.5, catapult: 10 };
    expect(OUTCOMES[classifyOutcome({ initial: 1, largest: 5, final: 0.4 }, false, loose)]).toBe('trains');
    expect(OUTCOMES[classifyOutcome({ initial: 1, largest: 11, final: 0.4 }, false, loose)]).toBe('catapult then trains');
  });
});

describe('a phase cell classified by outcome', () => {
  // a chunk of three points as a kind's compute returns it: one trained, one through a catapult, one diverged
  const n = 3;
  const layout = floatLayout(3, 1, 1);
  const ints = new Int32Array(3 * n);
  ints.set([1, 1, -1], 0); // periods
  ints.set([REGIME_CODE.periodic, REGIME_CODE.periodic, REGIME_CODE.diverged], n);
  ints.set([-1, -1, 7], 2 * n);
  const chunk: ChunkResult = {
    start: 0,
    end: n,
    dimension: 3,
    exponents: 1,
    extras: 1,
    floats: new Float64Array(layout.count * n).fill(NaN),
    ints,
    rasterColumnStart: 0,
    rasterWidth: 0,
    raster: new Uint32Array(0),
    clipped: 0,
    // initial, largest, final: column-major
    lossStats: Float64Array.from([3, 3, 3, 3, 9, 5e8, 0.02, 0.05, NaN]),
  };
  const axis = { from: 0, to: 1, points: 3, spacing: 'linear' as const };
  const plane: PhasePlane = {
    x: { ...axis, parameter: 'eta' },
    y: { ...axis, points: 1, parameter: 'warmupSteps' },
    earlySteps: 10,
    earlyThreshold: 0.1,
    outcome: OUTCOME_DEFAULTS,
  };

  it('decodes the losses and the outcome, and writes them after lyap_max', () => {
    const cells = [0, 1, 2].map((i) => phaseCell(plane, chunk, i));
    expect(cells.map((c) => OUTCOMES[c.outcome])).toEqual(['trains', 'catapult then trains', 'diverges']);
    expect(phaseCellRow(plane, 1, cells[1]).slice(-4)).toEqual(['catapult then trains', 3, 9, 0.05]);
    // a diverged run has no final loss: the cell is empty
    expect(phaseCellRow(plane, 2, cells[2]).slice(-4)).toEqual(['diverges', 3, 5e8, null]);
  });

  it('a plane without outcome thresholds writes no outcome columns', () => {
    const { outcome, ...regimePlane } = plane;
    void outcome;
    const cell = phaseCell(regimePlane, chunk, 0);
    expect(cell.outcome).toBe(-1);
    expect(phaseCellRow(regimePlane, 0, cell)).toHaveLength(7);
  });
});
