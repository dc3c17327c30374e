// Makes this folder's logged learning-rate sweep with uvchaos itself: for each learning rate, one
// `uvchaos trajectory` run of the one-digit tanh network of sweeps/mlp-one-example-cascade.json,
// rewritten as a PyTorch training script would log it: lr=<η>.csv with columns step, loss,
// sharpness, lr, values as float32 (what `tensor.item()` of a float32 tensor prints, to 9 digits).
// A run that diverges stops logging there, as a training loop that breaks on a blown-up loss does.
//
//   npm run build && node sweeps/logs-example/make-logs.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const cli = resolve(here, '../../dist/cli/main.js');
// irregular, as hand-picked sweeps are: denser where the behaviour changes
const rates = [48, 50, 51.5, 52.5, 53, 53.5, 54, 54.5, 55, 55.5, 56, 56.5, 57, 57.5, 58, 59, 60, 61];
const steps = 3000;

const model = {
  kind: 'mlp',
  layers: [16],
  activation: 'tanh',
  bias: false,
  data: { dataset: 'digits', classes: [0, 1], examples: 1 },
  sharpness: { tolerance: 1e-10 },
};
const float32 = (x) => (Number.isFinite(x) ? String(Number(Math.fround(x).toPrecision(9))) : 'nan');

const work = mkdtempSync(join(tmpdir(), 'uvchaos-logs-'));
try {
  for (const lr of rates) {
    const spec = join(work, 'spec.json');
    writeFileSync(spec, JSON.stringify({ name: 'run', model, eta: lr, steps }));
    execFileSync(process.execPath, [cli, 'trajectory', spec, '--out', work], { stdio: ['ignore', 'ignore', 'inherit'] });
    const [header, ...rows] = readFileSync(join(work, 'run.trajectory.csv'), 'utf8').trim().split('\n');
    const col = Object.fromEntries(header.split(',').map((name, i) => [name, i]));
    const out = ['step,loss,sharpness,lr'];
    for (const row of rows) {
      const cells = row.split(',');
      out.push([cells[col.step], float32(Number(cells[col.loss])), float32(Number(cells[col.sharpness])), lr].join(','));
    }
    writeFileSync(join(here, `lr=${lr}.csv`), out.join('\n') + '\n');
    process.stdout.write(`lr=${lr}.csv: ${rows.length} steps\n`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
