import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sweepRowsOnThisThread } from '../sweep-rows.js';
import { describe, expect, it } from 'vitest';
import { detectPeriod } from '../../src/analysis/period.js';
import { uvConstants } from '../../src/models/uv/constants.js';
import { uvTrainingProblem } from '../../src/models/uv/training-problem.js';
import { momentum } from '../../src/optimizers/momentum.js';
import { isUvSweep, sweepSpecSchema, type SweepSpec } from '../../src/spec/sweep-spec.js';
import { ROOT } from '../helpers.js';

/** sweeps/uv-momentum-route-to-chaos.json, the shipped spec, with its grid replaced. */
const SHIPPED = JSON.parse(readFileSync(join(ROOT, 'sweeps', 'uv-momentum-route-to-chaos.json'), 'utf8')) as Record<string, unknown>;
const BETA = 0.9;

function spec(extra: Record<string, unknown>): SweepSpec {
  const s = sweepSpecSchema.parse({ ...SHIPPED, ...extra });
  if (!isUvSweep(s)) throw new Error('a UV sweep');
  return s;
}

async function rows(s: SweepSpec): Promise<Record<string, number | string | null>[]> {
  return sweepRowsOnThisThread(s);
}

const { eps, target } = uvConstants(spec({}).model as never);
/** heavy ball on the line of minima (λ ≥ 2√ε|y|) is stable while ηλ < 2(1 + β) */
const onset = (1 + BETA) / (Math.sqrt(eps) * Math.abs(target));

describe('the UV model under momentum (β = 0.9)', () => {
  it('the shipped spec is the route-to-chaos model (√ε|y| = 1), so the theory puts the onset at η = 1.9', () => {
    expect(onset).toBeCloseTo(1.9, 12);
  });

  it('loses the minima and starts the 2-cycle within one grid spacing of η = (1 + β)/(√ε|y|)', async () => {
    const points = 41;
    const from = 1.85;
    const to = 1.95;
    const spacing = (to - from) / (points - 1);
    const result = await rows(spec({ sweep: { parameter: 'eta', from, to, points }, transient: 10000, record: 500 }));
    const first = result.findIndex((r) => r.period === 2);
    expect(first).toBeGreaterThan(0);
    expect(Math.abs((result[first].eta as number) - onset)).toBeLessThanOrEqual(spacing);
    for (const r of result.slice(0, first)) {
      expect(r.regime).toBe('converged');
      expect((r.eta as number) * 2).toBeLessThan(2 * (1 + BETA)); // η × the flattest minimum's sharpness
    }
    for (const r of result.slice(first)) {
      expect(r.period).toBe(2);
      // the 2-cycle straddles the optimizer's threshold, not GD's 2
      expect(r.eta_sharpness_min as number).toBeLessThan(2 * (1 + BETA));
      expect(r.eta_sharpness_max as number).toBeGreaterThan(2 * (1 + BETA));
    }
  });

  it('from rest, diverges where continuation still finds periods 4 and 8', async () => {
    const result = await rows(spec({ sweep: { parameter: 'eta', from: 2.08, to: 2.16, points: 5 }, transient: 2000, record: 200 }));
    for (const r of result) expect(r.regime).toBe('diverged');

    // Continuation: each η starts from the state (θ and velocity) the previous one ended in.
    const problem = uvTrainingProblem(spec({}).model as never);
    const opt = momentum(BETA);
    const theta = problem.initialTheta();
    const velocity = new Float64Array(theta.length);
    const record = 512;
    const states = new Float64Array(2 * record);
    const periodAt = (eta: number): number => {
      for (let t = 0; t < 10000 + record; t++) {
        const g = problem.full.gradient(theta);
        if (!(problem.full.loss < 1e8)) return -1;
        if (t >= 10000) {
          states[t - 10000] = problem.full.output;
          states[record + t - 10000] = problem.ntk!(theta);
        }
        opt.step(theta, velocity, g, eta, t + 1);
      }
      return detectPeriod(states, 2, record, { max: 64, tol: 1e-7 });
    };
    const periods = new Map<number, number>();
    for (let eta = 1.9; eta < 2.16; eta += 0.005) periods.set(Math.round(eta * 1000) / 1000, periodAt(eta));
    expect(periods.get(2.1)).toBe(2);
    expect(periods.get(2.125)).toBe(2);
    expect(periods.get(2.14)).toBe(4);
    expect(periods.get(2.155)).toBe(4);
    expect(periodAt(2.16)).toBe(8);
    for (const p of periods.values()) expect(p).not.toBe(-1); // never lost on the way
  });

  it('over β at η = 1.5: chaos near GD, the cascade in reverse, and the minima stable from β = η√ε|y| − 1 = 0.5', async () => {
    const points = 20;
    const result = await rows(
      spec({
        eta: 1.5,
        sweep: { parameter: 'beta', from: 0, to: 0.95, points },
        transient: 5000,
        record: 500,
        lyapunov: { enabled: true },
      }),
    );
    const spacing = 0.95 / (points - 1);
    expect(result[0].regime).toBe('chaotic'); // β = 0 is GD at η = 1.5
    const firstConverged = result.findIndex((r) => r.regime === 'converged');
    expect(Math.abs((result[firstConverged].beta as number) - 0.5)).toBeLessThanOrEqual(spacing * (1 + 1e-9));
    for (const r of result.slice(firstConverged)) expect(r.regime).toBe('converged');
    const periods = result.slice(0, firstConverged).map((r) => r.period as number);
    // from chaos (period 0) through 8 and 2 down to the minima: doubling in reverse as β grows
    expect(periods).toContain(8);
    expect(periods).toContain(2);
    expect(periods.indexOf(8)).toBeLessThan(periods.indexOf(2));
  });
});
