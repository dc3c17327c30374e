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
 * uvchaos against PyTorch (issue 27): the same small network (3 inputs, one hidden tanh layer of 5
 * units with bias, 1 output, NTK parameterisation) trained from the same weights file on the same
 * CSV data for 50 steps of each optimizer, by uvchaos (runTrajectorySpec, as `uvchaos trajectory`)
 * and by torch.optim in float64 (test/oracle/torch_mlp.py, which writes the forward pass by hand
 * from architecture.ts and takes the full Hessian by autograd). Every row must agree to 1e-10
 * relative: loss, f, grad_norm, sharpness, ntk and, for rmsprop and adam, the preconditioned
 * sharpness. Skipped, saying why, when /usr/bin/python3 cannot import torch (python3-torch, which
 * .ci/install installs when it can).
 */
const PYTHON = '/usr/bin/python3';
const ORACLE = join(ROOT, 'test', 'oracle', 'torch_mlp.py');
const probe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8', timeout: 60_000 });
const unavailable =
  probe.status === 0
    ? null
    : `${PYTHON} cannot import torch (Debian package python3-torch): ${(probe.stderr || String(probe.error)).trim().split('\n').pop()}`;
if (unavailable) console.warn(`skipping the PyTorch oracle test: ${unavailable}`);

const TOLERANCE = 1e-10;
const STEPS = 50;
const EXAMPLES = 12;
const INPUTS = 3;
const WIDTH = 5;

interface Case {
  name: string;
  eta: number;
  /** the spec's `optimizer` field; absent for gd, whose default it is */
  optimizer?: Record<string, number | string>;
}

/** η for each: the loss falls clearly in 50 steps, and nothing diverges. */
const CASES: Case[] = [
  { name: 'gd', eta: 0.5 },
  { name: 'momentum', eta: 0.1, optimizer: { kind: 'momentum', beta: 0.9 } },
  { name: 'nesterov', eta: 0.1, optimizer: { kind: 'nesterov', beta: 0.9 } },
  { name: 'rmsprop', eta: 0.003, optimizer: { kind: 'rmsprop', rho: 0.99, epsilon: 1e-8 } },
  { name: 'adam', eta: 0.01, optimizer: { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } },
];

type Rows = Record<string, number[]>;

/** The data set and initial weights, drawn once from a fixed seed, in the files both sides read. */
function writeProblem(dir: string): { X: number[][]; Y: number[][]; weights: string } {
  const rng = new SeededRandom(27);
  const X = Array.from({ length: EXAMPLES }, () => Array.from({ length: INPUTS }, () => rng.gaussian()));
  const Y = X.map(([a, b, c]) => [Math.sin(a) + 0.5 * b * c]);
  writeFileSync(join(dir, 'data.csv'), ['x1,x2,x3,y', ...X.map((x, i) => [...x, Y[i][0]].join(','))].join('\n') + '\n');
  // written by hand in the documented format (weights-file.ts): W_l has w_l rows of w_{l−1} entries
  const layer = (outputs: number, inputs: number) => ({
    W: Array.from({ length: outputs }, () => Array.from({ length: inputs }, () => rng.gaussian())),
    b: Array.from({ length: outputs }, () => rng.gaussian()),
  });
  const weights = join(dir, 'initial.weights.json');
  const file = {
    format: 'uvchaos.mlp-weights/1',
    widths: [INPUTS, WIDTH, 1],
    bias: true,
    checkpoints: [{ step: 0, layers: [layer(WIDTH, INPUTS), layer(1, WIDTH)] }],
  };
  writeFileSync(weights, JSON.stringify(file));
  return { X, Y, weights };
}

const network = { layers: [WIDTH], activation: 'tanh', bias: true, parameterization: 'ntk', sigmaW: 1, sigmaB: 1, multiplier: 1 } as const;

describe.skipIf(unavailable !== null)('uvchaos against torch.optim on a small tanh network, float64', () => {
  let dir: string;
  let torch: Record<string, Rows>;

  beforeAll(() => {
    dir = tempDir();
    const { X, Y, weights } = writeProblem(dir);
    const job = join(dir, 'job.json');
    const runs = CASES.map(({ name, eta, optimizer }) => ({ name, eta, optimizer: optimizer ?? { kind: 'gd' } }));
    writeFileSync(job, JSON.stringify({ X, Y, network, weights, steps: STEPS, runs }));
    // one python process for all optimizers: importing torch is most of its time
    const oracle = spawnSync(PYTHON, [ORACLE, job], { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20 });
    if (oracle.status !== 0) throw new Error(`torch_mlp.py failed (${oracle.status}): ${oracle.stderr}`);
    torch = (JSON.parse(oracle.stdout) as { runs: Record<string, Rows> }).runs;
  }, 120_000);

  async function uvchaos({ name, eta, optimizer }: Case) {
    const file = join(dir, `${name}.json`);
    const model = {
      kind: 'mlp',
      layers: network.layers,
      activation: network.activation,
      bias: network.bias,
      parameterization: network.parameterization,
      multiplier: network.multiplier,
      init: { sigmaW: network.sigmaW, sigmaB: network.sigmaB, weights: 'initial.weights.json' },
      data: { dataset: 'csv', path: 'data.csv', targets: ['y'] },
    };
    writeFileSync(file, JSON.stringify({ name, model, eta, steps: STEPS, sharpnessEvery: 1, ...(optimizer ? { optimizer } : {}) }));
    const spec = await loadSpec(file, trajectorySpecSchema);
    return runTrajectorySpec(modelKindOf(spec.model), spec, { source: file });
  }

  for (const c of CASES) {
    it(`${c.name}: every row agrees with torch to ${TOLERANCE} relative`, async () => {
      const ours = await uvchaos(c);
      const theirs = torch[c.name];
      expect(ours.divergedAtStep).toBeNull();
      expect(ours.length).toBe(STEPS + 1);
      expect(theirs.loss).toHaveLength(STEPS + 1);
      // the run goes somewhere: a comparison of two standing-still runs would prove nothing
      expect(theirs.loss[STEPS]).toBeLessThan(0.8 * theirs.loss[0]);

      const compared: [string, number[]][] = [
        ['loss', theirs.loss],
        ['f', theirs.f],
        ['grad_norm', theirs.grad_norm],
        ['sharpness', theirs.sharpness],
        ['eta_sharpness', theirs.sharpness.map((s) => c.eta * s)],
        ['ntk', theirs.ntk],
      ];
      const preconditioned = theirs.preconditioned_sharpness;
      if (c.name === 'rmsprop' || c.name === 'adam') {
        expect(preconditioned).toHaveLength(STEPS + 1);
        compared.push(['preconditioned_sharpness', preconditioned], ['eta_preconditioned_sharpness', preconditioned.map((s) => c.eta * s)]);
      }
      const worst: Record<string, string> = {};
      for (const [column, expected] of compared) {
        const got = ours.columns[column];
        expect(got, `uvchaos has no column ${column}`).toBeDefined();
        let max = 0;
        let at = 0;
        for (let t = 0; t <= STEPS; t++) {
          const error = relativeError(got[t], expected[t]);
          const counted = Number.isNaN(error) ? Infinity : error; // a missing cell (NaN) fails
          if (counted > max) [max, at] = [counted, t];
        }
        worst[column] = `${max.toExponential(2)} (row ${at})`;
        expect(max, `${column}, row ${at}: uvchaos ${got[at]}, torch ${expected[at]}`).toBeLessThanOrEqual(TOLERANCE);
      }
      console.log(`${c.name}: worst relative error per column ${JSON.stringify(worst)}`);
    });
  }
});
