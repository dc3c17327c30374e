import type { InitialConditionsSpec } from '../kind/initial-conditions.js';
import { SeededRandom } from '../random/rng.js';

/**
 * The box's values of each of the K runs, drawn once from initialConditions.seed and used at every
 * grid point. Run 0 is the spec's own start (null: nothing drawn); runs 1 … K − 1 in turn draw one
 * uniform u per named variable in the kind's order (a map's variables, or f0 then ntk0), value
 * lo + (hi − lo)·u, u from SeededRandom(seed).uniform(). Null without a box.
 */
export function drawInitialConditions(ic: InitialConditionsSpec, names: readonly string[]): (Record<string, number> | null)[] | null {
  const box = ic.box;
  if (!box) return null;
  const named = names.filter((name) => Object.hasOwn(box, name));
  const rng = new SeededRandom(ic.seed);
  return Array.from({ length: ic.count }, (_, k) => {
    if (k === 0) return null;
    const drawn: Record<string, number> = {};
    for (const name of named) {
      const [lo, hi] = box[name];
      drawn[name] = lo + (hi - lo) * rng.uniform();
    }
    return drawn;
  });
}
