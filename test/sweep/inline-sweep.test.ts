import { modelKindOf } from '../../src/models/registry.js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INLINE_SWEEP_STEPS, runsInline, specFileRunsInline } from '../../src/sweep/inline-sweep.js';
import { createSweepPool, prestartSweepPool, releasePrestartedPool } from '../../src/sweep/pool.js';
import { filesIn, runCli, tempDir } from '../helpers.js';

const info = (model: { kind: string }) => modelKindOf(model).info;
const uv = { kind: 'uv', width: 2, inputDim: 1, target: 2, init: { f0: 0.1, ntk0: 1 } };

describe('which sweeps run on the main thread', () => {
  it('cheap kinds up to INLINE_SWEEP_STEPS point-steps, counting the default transient and record', () => {
    expect(runsInline({ model: uv, sweep: { points: 200 }, transient: 20_000, record: 2_000 }, info(uv))).toBe(true);
    // 952 × 21,000 = 1.9992e7 ≤ 2e7 < 953 × 21,000, with transient 20,000 and record 1,000 by default
    expect(INLINE_SWEEP_STEPS).toBe(2e7);
    expect(runsInline({ model: uv, sweep: { points: 952 } }, info(uv))).toBe(true);
    expect(runsInline({ model: uv, sweep: { points: 953 } }, info(uv))).toBe(false);
    expect(
      runsInline({ model: { kind: 'logistic' }, sweep: { points: 300 }, transient: 3000, record: 256 }, info({ kind: 'logistic' })),
    ).toBe(true);
    // costly points, and maps that need mathjs, always go to the workers
    expect(runsInline({ model: { kind: 'mlp' }, sweep: { points: 2 }, transient: 10, record: 16 }, info({ kind: 'mlp' }))).toBe(false);
    expect(
      runsInline({ model: { kind: 'expression' }, sweep: { points: 2 }, transient: 10, record: 16 }, info({ kind: 'expression' })),
    ).toBe(false);
  });

  it('reads the same decision off a spec file, and answers false for anything it cannot read', () => {
    const dir = tempDir();
    const write = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    expect(specFileRunsInline(write('small.json', JSON.stringify({ model: uv, sweep: { from: 1, to: 2, points: 200 } })), info)).toBe(true);
    expect(specFileRunsInline(write('large.json', JSON.stringify({ model: uv, sweep: { from: 1, to: 2, points: 20_000 } })), info)).toBe(
      false,
    );
    expect(specFileRunsInline(write('typo.json', JSON.stringify({ model: uv, sweep: { points: 200 }, transient: '500' })), info)).toBe(
      false,
    );
    expect(specFileRunsInline(write('kind.json', JSON.stringify({ model: { kind: 'nope' }, sweep: { points: 2 } })), info)).toBe(false);
    expect(specFileRunsInline(write('broken.json', '{ "model": '), info)).toBe(false);
    expect(specFileRunsInline(join(dir, 'missing.json'), info)).toBe(false);
    mkdirSync(join(dir, 'folder.json'));
    expect(specFileRunsInline(join(dir, 'folder.json'), info)).toBe(false);
  });
});

describe('a small sweep on the main thread', () => {
  it('writes the same tables and figure as two workers, and says where it ran', () => {
    const dir = tempDir();
    const spec = join(dir, 'spec.json');
    writeFileSync(spec, JSON.stringify({ name: 's', model: uv, sweep: { from: 0.6, to: 1.2, points: 120 }, transient: 3000, record: 300 }));
    const outputs = ['', '--workers=2'].map((flag) => {
      const out = join(dir, flag ? 'pool' : 'inline');
      const result = runCli(['sweep', spec, '--out', out, ...(flag ? [flag] : [])]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain(flag ? 'wall on 2 workers' : 'wall on the main thread');
      const json = JSON.parse(readFileSync(join(out, 's.attractors.json'), 'utf8'));
      expect(json.summary.workers).toBe(flag ? 2 : 0);
      delete json.summary.workers;
      delete json.summary.seconds;
      return {
        csv: readFileSync(join(out, 's.attractors.csv'), 'utf8'),
        windows: readFileSync(join(out, 's.windows.csv'), 'utf8'),
        png: readFileSync(join(out, 's.bifurcation.png')).toString('base64'),
        json,
      };
    });
    expect(outputs[0].csv.split('\n').length).toBe(122); // header, 120 rows, final newline
    expect(outputs[0]).toEqual(outputs[1]);
  });
});

describe('the pool started while the command loads', () => {
  it('is the one the command then asks for, with the same worker count', async () => {
    prestartSweepPool(2);
    const pool = createSweepPool(2);
    expect(pool.threads.length).toBe(2);
    // taken: the next request gets a pool of its own, and there is nothing left to release
    const other = createSweepPool(2);
    expect(other).not.toBe(pool);
    await releasePrestartedPool();
    await Promise.all([pool.destroy(), other.destroy()]);
  });

  // releasePrestartedPool: piscina's threads would keep the process alive until the timeout
  it('does not keep the process alive after a spec error (the CLI exits at once, writing nothing)', () => {
    const dir = tempDir();
    const spec = join(dir, 'spec.json');
    // large enough to start workers before the spec is parsed; the typo fails the parse
    writeFileSync(
      spec,
      JSON.stringify({ name: 's', model: uv, sweep: { from: 0.6, to: 1.2, points: 100_000 }, transient: 20_000, recrod: 10 }),
    );
    const result = runCli(['sweep', spec, '--out', join(dir, 'out')], { timeout: 20_000 });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('recrod');
    expect(filesIn(dir)).toEqual(['spec.json']);
  });
});
