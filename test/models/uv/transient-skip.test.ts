import { describe, expect, it } from 'vitest';
import { uvAdvance } from '../../../src/models/uv/orbit-kernel.js';
import { emptySkipStats, uvTransientSkipping, type TransientPoint } from '../../../src/models/uv/transient-skip.js';

/** The configuration: width 2 (ε = 0.5), y = 2, f0 = 0.1, λ0 = 1. */
const point = (eta: number, f0 = 0.1, ntk0 = 1): TransientPoint => ({ eta, eps: 0.5, target: 2, f0, ntk0 });

/** A state's bits as a string key, for the plain loops below. */
const key = (f: number, l: number) => {
  const b = new Uint32Array(Float64Array.of(f, l).buffer);
  return `${b[0]}:${b[1]}:${b[2]}:${b[3]}`;
};

/** Plain iteration: the state after `steps` steps, and the block-end divergence step (1024-step blocks) or −1. */
function plain(p: TransientPoint, steps: number, bound: number): { f: number; l: number; divergedAt: number } {
  const s = Float64Array.of(p.f0, p.ntk0);
  if (!(Math.abs(p.f0) <= bound && Math.abs(p.ntk0) <= bound)) return { f: p.f0, l: p.ntk0, divergedAt: 0 };
  for (let done = 0; done < steps; done += 1024) {
    const m = Math.min(1024, steps - done);
    const start = Float64Array.from(s);
    uvAdvance(s, p.eta, p.eps, p.target, m);
    if (Math.abs(s[0]) <= bound && Math.abs(s[1]) <= bound) continue;
    for (let t = 1; t <= m; t++) {
      uvAdvance(start, p.eta, p.eps, p.target, 1);
      if (!(Math.abs(start[0]) <= bound && Math.abs(start[1]) <= bound)) return { f: NaN, l: NaN, divergedAt: done + t };
    }
  }
  return { f: s[0], l: s[1], divergedAt: -1 };
}

/** The first repeat of the orbit's state, by a Map of every state seen: [μ, p] or null within `steps`. */
function firstRepeat(p: TransientPoint, steps: number): [number, number] | null {
  const seen = new Map<string, number>();
  const s = Float64Array.of(p.f0, p.ntk0);
  for (let t = 0; t <= steps; t++) {
    const k = key(s[0], s[1]);
    const before = seen.get(k);
    if (before !== undefined) return [before, t - before];
    seen.set(k, t);
    uvAdvance(s, p.eta, p.eps, p.target, 1);
  }
  return null;
}

/**
 * Where Brent's check with checkpoints at 0, 64, 128, 256, … finds a cycle entered at μ with period
 * p: the first checkpoint c ≥ μ whose window (c, 2c] (the first one (0, 64]) holds c + p.
 */
function brentStep(mu: number, p: number): number {
  for (let c = 0; ; c = c === 0 ? 64 : 2 * c) {
    const window = c === 0 ? 64 : c;
    if (c >= mu && p <= window) return c + p;
  }
}

function runAll(points: TransientPoint[], end: number, bound = 1e6, early = 0) {
  const stats = emptySkipStats();
  const done: Array<{ f: number; l: number; divergedAt: number; cycle: number }> = [];
  const atEarly: Array<{ f: number; l: number; diverged: boolean }> = [];
  uvTransientSkipping({
    n: points.length,
    point: (i) => points[i],
    early,
    end,
    bound,
    stats,
    onEarly: (i, f, l, diverged) => (atEarly[i] = { f, l, diverged }),
    onDone: (i, f, l, divergedAt, cycle) => {
      expect(done[i]).toBeUndefined();
      done[i] = { f, l, divergedAt, cycle };
    },
  });
  return { stats, done, atEarly };
}

describe('the exact transient skip (Brent cycle detection with lane refill)', () => {
  it('a lane on an exact cycle is skipped, and ends on plain iteration’s state bit for bit', () => {
    const p = point(0.8); // the 2-cycle region of this model
    const repeat = firstRepeat(p, 5000);
    expect(repeat).not.toBeNull();
    const [mu, period] = repeat!;
    const end = 20_000;
    const { stats, done } = runAll([p], end);
    expect(stats).toEqual({ points: 1, skipped: 1, cycleStepSum: brentStep(mu, period) });
    const expected = plain(p, end, 1e6);
    expect(Object.is(done[0].f, expected.f) && Object.is(done[0].l, expected.l)).toBe(true);
    expect(done[0].divergedAt).toBe(-1);
    expect(done[0].cycle).toBe(period);
  });

  it('a lane whose f returns to its checkpoint without λ, again and again, still skips exactly', () => {
    // f stuck in its last bits while λ creeps: the loop's f-only check stops on each such return
    for (const eta of [0.7244462223111156, 0.7394469723486174, 0.8761338066903345]) {
      const p = point(eta);
      // the premise, by a plain loop with the same checkpoints: over 64 f-only returns in a window
      const s = Float64Array.of(p.f0, p.ntk0);
      let checkpoint = key(s[0], s[1]);
      let checkF = s[0];
      let [next, returns, most] = [64, 0, 0];
      for (let t = 1; t <= 20_000; t++) {
        uvAdvance(s, p.eta, p.eps, p.target, 1);
        if (key(s[0], s[1]) === checkpoint) break;
        if (Object.is(s[0], checkF) && key(s[0], s[1]) !== checkpoint) most = Math.max(most, ++returns);
        if (t === next) [checkpoint, checkF, next, returns] = [key(s[0], s[1]), s[0], 2 * t, 0];
      }
      expect(most, `η = ${eta}`).toBeGreaterThan(64);
      const { stats, done } = runAll([p], 20_000);
      expect(stats.skipped).toBe(1);
      const expected = plain(p, 20_000, 1e6);
      expect([done[0].f, done[0].l]).toEqual([expected.f, expected.l]);
      expect(done[0].cycle).toBe(firstRepeat(p, 20_000)![1]);
    }
  });

  it('reports the minimal period of the cycle a skipped lane ends on, and 0 for every other lane', () => {
    const points = Array.from({ length: 80 }, (_, i) => point(0.6 + (0.6 * i) / 79));
    const { stats, done } = runAll(points, 20_000);
    expect(stats.skipped).toBeGreaterThan(30);
    let skipped = 0;
    points.forEach((p, i) => {
      const repeat = firstRepeat(p, 20_000);
      if (done[i].cycle === 0) return;
      skipped++;
      // the plain orbit cycles with exactly this minimal period, and the end state is on the cycle
      expect(repeat, `η = ${p.eta}`).not.toBeNull();
      expect(done[i].cycle).toBe(repeat![1]);
      const s = Float64Array.of(done[i].f, done[i].l);
      for (let t = 1; t <= done[i].cycle; t++) {
        uvAdvance(s, p.eta, p.eps, p.target, 1);
        expect(key(s[0], s[1]) === key(done[i].f, done[i].l)).toBe(t === done[i].cycle);
      }
    });
    expect(skipped).toBe(stats.skipped);
  });

  it('every end step lands on the same state as plain iteration (the jump (T − t) mod p)', () => {
    for (const [eta, period] of [
      [0.84, 8],
      [1.04, 108],
    ]) {
      const p = point(eta);
      expect(firstRepeat(p, 5000)![1]).toBe(period);
      for (let end = 4000; end < 4000 + 2 * period + 3; end += period > 10 ? 7 : 1) {
        const { stats, done } = runAll([p], end);
        expect(stats.skipped).toBe(1);
        const expected = plain(p, end, 1e6);
        expect([done[0].f, done[0].l]).toEqual([expected.f, expected.l]);
      }
    }
  });

  it('the early window ends before, at or after the step the cycle is found: its state is plain iteration’s', () => {
    const p = point(0.84); // μ = 128, p = 8: found at the checkpoint 128 + 8 = 136
    expect(firstRepeat(p, 5000)).toEqual([128, 8]);
    expect(brentStep(128, 8)).toBe(136);
    for (const early of [100, 135, 136, 137, 1500]) {
      const { stats, done, atEarly } = runAll([p], 20_000, 1e6, early);
      expect(stats.skipped).toBe(1);
      const expected = plain(p, early, 1e6);
      expect(atEarly[0], `early = ${early}`).toEqual({ f: expected.f, l: expected.l, diverged: false });
      const last = plain(p, 20_000, 1e6);
      expect([done[0].f, done[0].l]).toEqual([last.f, last.l]);
    }
  });

  it('a lane that diverges is never skipped, and reports plain iteration’s divergence step', () => {
    const p = point(2.5);
    const { stats, done } = runAll([p], 20_000);
    expect(stats.skipped).toBe(0);
    const expected = plain(p, 20_000, 1e6);
    expect(expected.divergedAt).toBeGreaterThan(0);
    expect(done[0].divergedAt).toBe(expected.divergedAt);
  });

  it('a NaN state never skips and cannot loop: overflow to ±∞ then NaN, with a bound that lets ∞ through', () => {
    const p = point(2.5);
    const { stats, done } = runAll([p], 20_000, Infinity);
    expect(stats.skipped).toBe(0);
    const expected = plain(p, 20_000, Infinity);
    expect(expected.divergedAt).toBeGreaterThan(0); // the NaN leaves the bound, ∞ does not
    expect(done[0].divergedAt).toBe(expected.divergedAt);
  });

  it('a chaotic lane never cycles and iterates every step', () => {
    const p = point(1.19);
    expect(firstRepeat(p, 20_000)).toBeNull();
    const { stats, done } = runAll([p], 20_000);
    expect(stats.skipped).toBe(0);
    const expected = plain(p, 20_000, 1e6);
    expect([done[0].f, done[0].l, done[0].divergedAt]).toEqual([expected.f, expected.l, -1]);
  });

  it('the issue’s grid of 61 learning rates: the points skipped and the mean cycle step, against a plain Map of states', () => {
    const end = 20_000;
    const points = Array.from({ length: 61 }, (_, i) => point(0.6 + (0.6 * i) / 60));
    const { stats, done, atEarly } = runAll(points, end, 1e6, 1500);
    let skipped = 0;
    let stepSum = 0;
    points.forEach((p, i) => {
      const expected = plain(p, end, 1e6);
      expect([done[i].f, done[i].l, done[i].divergedAt], `η = ${p.eta}`).toEqual([expected.f, expected.l, expected.divergedAt]);
      const early = plain(p, 1500, 1e6);
      expect(atEarly[i].diverged).toBe(early.divergedAt >= 0);
      if (early.divergedAt < 0) expect([atEarly[i].f, atEarly[i].l]).toEqual([early.f, early.l]);
      const repeat = firstRepeat(p, end);
      if (repeat === null || expected.divergedAt >= 0) return;
      const at = brentStep(repeat[0], repeat[1]);
      if (at > end || repeat[1] * 8 > end - at) return; // found too late to pay
      skipped++;
      stepSum += at;
    });
    expect(skipped).toBeGreaterThan(20);
    expect(stats).toEqual({ points: 61, skipped, cycleStepSum: stepSum });
  });
});
