import { createUvMap, uvNextF, uvNextNtk } from './map.js';
import { rateOf } from '../../schedules/schedule.js';
import type { UvTrajectorySpec } from '../../spec/trajectory-spec.js';
import { uvConstants } from './constants.js';
import { buildUvNetwork, initialFunctionState } from './network.js';

/** A GD run in function space: (f, λ) after each step, step 0 being the initialisation. */
export interface Trajectory {
  f: Float64Array;
  ntk: Float64Array;
  /** rows held: steps + 1, or fewer when the run diverged */
  length: number;
  /** first step whose state was not finite or beyond the divergence bound; null if none */
  divergedAtStep: number | null;
}

export function isDiverged(f: number, ntk: number, bound: number): boolean {
  // Written so that NaN is caught too: every comparison with NaN is false.
  return !(Math.abs(f) <= bound && Math.abs(ntk) <= bound);
}

/** Runs gradient descent with the engine the spec names. */
export function runTrajectory(spec: UvTrajectorySpec): Trajectory {
  const rows = spec.steps + 1;
  const f = new Float64Array(rows);
  const ntk = new Float64Array(rows);
  const bound = spec.divergenceBound;
  const c = uvConstants(spec.model);
  let advance: () => void;
  let read: (t: number) => void;

  // η_t of a schedule (the step from state t); without one, the one η, in the same arithmetic as ever
  const rate = spec.schedule ? rateOf(spec.eta, spec.schedule, spec.steps - 1) : null;
  let step = 0;
  if (spec.engine === 'full') {
    const net = buildUvNetwork(spec.model);
    advance = rate ? () => net.step(rate.at(step++), c.target) : () => net.step(spec.eta, c.target);
    read = (t) => {
      f[t] = net.output();
      ntk[t] = net.ntk();
    };
  } else {
    const map = createUvMap({ eta: spec.eta, eps: c.eps, target: c.target });
    const state = new Float64Array(2);
    const start = initialFunctionState(spec.model);
    state[0] = start.f0;
    state[1] = start.ntk0;
    const p = { eta: spec.eta, eps: c.eps, target: c.target };
    advance = rate
      ? () => {
          p.eta = rate.at(step++);
          const f = state[0];
          state[0] = uvNextF(f, state[1], p);
          state[1] = uvNextNtk(f, state[1], p);
        }
      : () => map.step(state, state);
    read = (t) => {
      f[t] = state[0];
      ntk[t] = state[1];
    };
  }

  read(0);
  if (isDiverged(f[0], ntk[0], bound)) return { f, ntk, length: 0, divergedAtStep: 0 };
  for (let t = 1; t < rows; t++) {
    advance();
    read(t);
    if (isDiverged(f[t], ntk[t], bound)) {
      return { f, ntk, length: t, divergedAtStep: t };
    }
  }
  return { f, ntk, length: rows, divergedAtStep: null };
}
