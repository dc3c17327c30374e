import { REGIMES, type Regime } from '../analysis/regime.js';

/** A maximal run of grid points with equal (period, regime): a row of <name>.windows.csv. */
export interface RegimeWindow {
  from: number;
  to: number;
  period: number;
  regime: Regime;
  points: number;
}

/** Counts regimes and cuts the grid into windows of equal (period, regime), fed in grid order. */
export class RegimeWindows {
  readonly windows: RegimeWindow[] = [];
  readonly counts = Object.fromEntries(REGIMES.map((r) => [r, 0])) as Record<Regime, number>;
  private current: RegimeWindow | null = null;

  add(value: number, period: number, regime: Regime): void {
    this.counts[regime]++;
    const w = this.current;
    if (w && w.period === period && w.regime === regime) {
      w.to = value;
      w.points++;
      return;
    }
    this.current = { from: value, to: value, period, regime, points: 1 };
    this.windows.push(this.current);
  }
}
