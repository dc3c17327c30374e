import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesIn, ROOT, runCli, tempDir } from '../helpers.js';
import { computeUvChunk } from '../../src/models/uv/sweep-chunk.js';
import { emptySkipStats } from '../../src/models/uv/transient-skip.js';
import { isUvSweep, sweepSpecSchema } from '../../src/spec/sweep-spec.js';
import { computeMapChunk } from '../../src/sweep/map-chunk.js';
import type { MapSkipStats } from '../../src/sweep/map-transient-skip.js';
import { modelKindOf } from '../../src/models/registry.js';

/**
 * The exact transient skip changes no output: every shipped UV and map sweep, phase and cascade spec
 * (and an expression map)
 * (grids shrunk to keep the test short, transients kept so the orbits really cycle) gives the same
 * bytes with the skip on and off (UVCHAOS_NO_SKIP=1), on 1 and on 2 workers. JSON files are compared
 * without their wall times and worker counts, which differ from run to run anyway.
 */

type Raw = Record<string, unknown> & { sweep?: { points: number }; grid?: { x: { points: number }; y: { points: number } } };

const CASES: Array<{ file: string; command: string; shrink: (raw: Raw) => void; label?: string }> = [
  { file: 'uv-route-to-chaos.json', command: 'sweep', shrink: (r) => (r.sweep!.points = 300) },
  { file: 'uv-cascade-zoom.json', command: 'sweep', shrink: (r) => (r.sweep!.points = 300) },
  { file: 'uv-period-3-window.json', command: 'sweep', shrink: (r) => (r.sweep!.points = 200) },
  { file: 'uv-cascade.json', command: 'sweep', shrink: () => {} },
  { file: 'uv-cascade.json', command: 'cascade', shrink: (r) => (r.cascade = { levels: 4 }) },
  {
    file: 'uv-phase-eta-target.json',
    command: 'phase',
    shrink: (r) => {
      r.grid!.x.points = 48;
      r.grid!.y.points = 32;
    },
  },
  {
    // the early window ends past the first checkpoints and block: cycles found before it, and after
    file: 'uv-phase-eta-initscale.json',
    command: 'phase',
    shrink: (r) => {
      r.grid!.x.points = 40;
      r.grid!.y.points = 24;
      r.early = { steps: 1500 };
    },
  },
  { file: 'logistic.json', command: 'sweep', shrink: (r) => (r.sweep!.points = 400) },
  { file: 'henon.json', command: 'sweep', shrink: (r) => (r.sweep!.points = 400) },
  { file: 'logistic-cascade.json', command: 'sweep', shrink: () => {} },
  { file: 'logistic-cascade.json', command: 'cascade', shrink: (r) => (r.cascade = { levels: 4 }) },
  {
    // an expression map (compiled, possibly to WebAssembly): the Hénon spec's map written out
    file: 'henon.json',
    label: 'as an expression map',
    command: 'sweep',
    shrink: (r) => {
      r.name = 'henon-expression';
      r.model = {
        kind: 'expression',
        variables: ['x', 'y'],
        parameters: { a: 1.4, b: 0.3 },
        equations: { x: '1 - a*x^2 + y', y: 'b*x' },
        init: { x: 0, y: 0 },
      };
      r.sweep!.points = 60;
      r.transient = 8000;
    },
  },
];

/** Every output file of a run: bytes, or for JSON the parsed value without run-dependent fields. */
function outputs(dir: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const name of filesIn(dir)) {
    const bytes = readFileSync(join(dir, name));
    out.set(name, name.endsWith('.json') ? JSON.stringify(withoutRunFields(JSON.parse(bytes.toString('utf8')))) : bytes.toString('base64'));
  }
  return out;
}

function withoutRunFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutRunFields);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'seconds' && key !== 'workers')
      .map(([key, v]) => [key, withoutRunFields(v)]),
  );
}

describe('the exact transient skip: byte-identical outputs', () => {
  for (const { file, command, shrink, label } of CASES) {
    it(`${command} ${file}${label ? ` ${label}` : ''}: skip on and off, 1 and 2 workers`, { timeout: 120_000 }, () => {
      const dir = tempDir('uvchaos-skip-');
      const raw = JSON.parse(readFileSync(join(ROOT, 'sweeps', file), 'utf8')) as Raw;
      shrink(raw);
      const specFile = join(dir, file);
      writeFileSync(specFile, JSON.stringify(raw));
      const run = (skip: boolean, workers: number) => {
        const out = join(dir, `${skip ? 'on' : 'off'}-${workers}`);
        const r = runCli([command, specFile, '--out', out, '--quiet', '--workers', String(workers)], {
          env: { UVCHAOS_NO_SKIP: skip ? '0' : '1' },
        });
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        return outputs(out);
      };
      const reference = run(false, 1);
      expect(reference.size).toBeGreaterThan(0);
      for (const [skip, workers] of [
        [true, 1],
        [true, 2],
        [false, 2],
      ] as const) {
        expect(run(skip, workers), `skip ${skip ? 'on' : 'off'}, ${workers} workers`).toEqual(reference);
      }
    });
  }

  it('the sweeps above really skip: most of their points cycle exactly before the transient ends', () => {
    for (const [file, points] of [
      ['uv-route-to-chaos.json', 300],
      ['uv-cascade-zoom.json', 300],
      ['uv-period-3-window.json', 200],
      ['uv-cascade.json', 400],
    ] as const) {
      const raw = JSON.parse(readFileSync(join(ROOT, 'sweeps', file), 'utf8')) as Raw;
      raw.sweep!.points = points;
      const spec = sweepSpecSchema.parse(raw);
      if (!isUvSweep(spec)) throw new Error(`${file} is a UV sweep`);
      const stats = emptySkipStats();
      computeUvChunk({ spec, start: 0, end: points, raster: null }, stats);
      expect(stats.points, file).toBe(points);
      expect(stats.skipped, file).toBeGreaterThan(points / 10);
    }
    for (const file of ['logistic.json', 'henon.json', 'logistic-cascade.json']) {
      const raw = JSON.parse(readFileSync(join(ROOT, 'sweeps', file), 'utf8')) as Raw;
      raw.sweep!.points = 400;
      const spec = sweepSpecSchema.parse(raw);
      const stats: MapSkipStats = { points: 0, skipped: 0, cycleStepSum: 0 };
      computeMapChunk({ spec, start: 0, end: 400, raster: null }, modelKindOf(spec.model).compute.definition!(spec.model), stats);
      expect(stats.points, file).toBe(400);
      expect(stats.skipped, file).toBeGreaterThan(40);
    }
  });
});
