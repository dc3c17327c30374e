import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runTrajectorySpec } from '../../src/api/trajectory.js';
import { modelKindOf } from '../../src/models/registry.js';
import { SeededRandom } from '../../src/random/rng.js';
import { loadSpec } from '../../src/spec/load-spec.js';
import { trajectorySpecSchema } from '../../src/spec/trajectory-spec.js';
import { ROOT, relativeError, tempDir } from '../helpers.js';

/**
 * uvchaos's cross-entropy against PyTorch (issue 28): a small tanh network (3 inputs, 5 hidden units
 * with bias, NTK parameterisation) trained by GD for 30 steps from the same weights on the same CSV of
 * class labels, by uvchaos (`model.loss: "cross-entropy"`, as `uvchaos trajectory` runs it) and by
 * test/oracle/torch_mlp.py in float64 with torch's own losses: binary_cross_entropy_with_logits for
 * two classes (one output) and cross_entropy for three. Loss, f, grad_norm, sharpness (torch: the
 * full autograd Hessian's top eigenvalue) and ntk must agree to 1e-10 relative at every step.
 * Skipped, saying why, when /usr/bin/python3 cannot import torch.
 */
const PYTHON = '/usr/bin/python3';
const ORACLE = join(ROOT, 'test', 'oracle', 'torch_mlp.py');
const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8', timeout: 60_000 });
const unavailable =
  probe.status === 0
    ? null
    : `${PYTHON} cannot import torch (Debian package python3-torch): ${(probe.stderr || String(probe.error)).trim().split('\n').pop()}`;
if (unavailable) console.warn(`skipping the PyTorch cross-entropy oracle test: ${unavailable}`);

const TOLERANCE = 1e-10;
const STEPS = 30;
const EXAMPLES = 16;
const INPUTS = 3;
const WIDTH = 5;
const network = { layers: [WIDTH], activation: 'tanh', bias: true, parameterization: 'ntk', sigmaW: 1, sigmaB: 1, multiplier: 1 } as const;

/** Two classes (one output) and three, each at an η where the loss falls clearly in 30 steps. */
const CASES = [
  { name: 'binary', classes: 2, eta: 2, label: ([a, b, c]: number[]) => (a + 0.5 * b * c > 0 ? 1 : 0) },
  { name: 'three-class', classes: 3, eta: 2, label: ([a, b, c]: number[]) => [a, b, c + 0.3].indexOf(Math.max(a, b, c + 0.3)) },
];

type Rows = Record<string, number[]>;

describe.skipIf(unavailable !== null)('uvchaos cross-entropy against torch, float64, 30 GD steps', () => {
  const dir = tempDir();
  const torch: Record<string, Rows> = {};

  beforeAll(() => {
    for (const c of CASES) {
      const rng = new SeededRandom(28 + c.classes);
      const X = Array.from({ length: EXAMPLES }, () => Array.from({ length: INPUTS }, () => rng.gaussian()));
      const labels = X.map(c.label);
      for (let k = 0; k < c.classes; k++) expect(labels).toContain(k);
      writeFileSync(join(dir, `${c.name}.csv`), ['x1,x2,x3,label', ...X.map((x, i) => [...x, labels[i]].join(','))].join('\n') + '\n');
      const outputs = c.classes === 2 ? 1 : c.classes;
      const layer = (o: number, i: number) => ({
        W: Array.from({ length: o }, () => Array.from({ length: i }, () => rng.gaussian())),
        b: Array.from({ length: o }, () => rng.gaussian()),
      });
      const weights = join(dir, `${c.name}.weights.json`);
      const checkpoint = { step: 0, layers: [layer(WIDTH, INPUTS), layer(outputs, WIDTH)] };
      writeFileSync(
        weights,
        JSON.stringify({ format: 'uvchaos.mlp-weights/1', widths: [INPUTS, WIDTH, outputs], bias: true, checkpoints: [checkpoint] }),
      );
      const job = join(dir, `${c.name}.job.json`);
      const runs = [{ name: c.name, eta: c.eta, optimizer: { kind: 'gd' } }];
      writeFileSync(job, JSON.stringify({ X, labels, outputs, loss: 'cross-entropy', network, weights, steps: STEPS, runs }));
      const oracle = spawnSync(PYTHON, [ORACLE, job], { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20 });
      if (oracle.status !== 0) throw new Error(`torch_mlp.py failed (${oracle.status}): ${oracle.stderr}`);
      torch[c.name] = (JSON.parse(oracle.stdout) as { runs: Record<string, Rows> }).runs[c.name];
    }
  }, 240_000);

  for (const c of CASES) {
    it(`${c.name}: every row agrees with torch to ${TOLERANCE} relative`, async () => {
      const file = join(dir, `${c.name}.json`);
      const { sigmaW, sigmaB, ...architecture } = network;
      const model = {
        kind: 'mlp',
        ...architecture,
        loss: 'cross-entropy',
        init: { sigmaW, sigmaB, weights: `${c.name}.weights.json` },
        data: { dataset: 'csv', path: `${c.name}.csv`, targets: ['label'] },
      };
      writeFileSync(file, JSON.stringify({ name: c.name, model, eta: c.eta, steps: STEPS, sharpnessEvery: 1 }));
      const spec = await loadSpec(file, trajectorySpecSchema);
      const ours = await runTrajectorySpec(modelKindOf(spec.model), spec, { source: file });
      const theirs = torch[c.name];
      expect(ours.divergedAtStep).toBeNull();
      expect(ours.length).toBe(STEPS + 1);
      expect(theirs.loss).toHaveLength(STEPS + 1);
      expect(theirs.loss[STEPS]).toBeLessThan(0.5 * theirs.loss[0]);
      const worst: Record<string, string> = {};
      for (const column of ['loss', 'f', 'grad_norm', 'sharpness', 'ntk']) {
        const got = ours.columns[column];
        let max = 0;
        let at = 0;
        for (let t = 0; t <= STEPS; t++) {
          const error = relativeError(got[t], theirs[column][t]);
          const counted = Number.isNaN(error) ? Infinity : error;
          if (counted > max) [max, at] = [counted, t];
        }
        worst[column] = `${max.toExponential(2)} (row ${at})`;
        expect(max, `${column}, row ${at}: uvchaos ${got[at]}, torch ${theirs[column][at]}`).toBeLessThanOrEqual(TOLERANCE);
      }
      console.log(
        `${c.name}: loss ${theirs.loss[0].toFixed(4)} → ${theirs.loss[STEPS].toFixed(4)}; worst relative error per column ${JSON.stringify(worst)}`,
      );
    });
  }
});
