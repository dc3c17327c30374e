import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesIn, runCli, tempDir } from '../helpers.js';
import { uvModel, writeSpec } from './cluster-helpers.js';
import { runHint, runScriptStubbed, sbatchDirectives } from './script-check.js';

/**
 * Hostile paths against `uvchaos slurm` (issue item 2): a newline in the spec path or in --out is
 * refused before anything is written; spaces, quotes and `$(…)` are quoted in the scripts, in the
 * `#SBATCH --output=` lines (as sbatch reads them) and in the printed hints.
 */
const spec = { name: 'safe', model: uvModel, sweep: { from: 0.9, to: 1.95, points: 31 }, transient: 300, record: 64, period: { max: 16 } };

function expectRefused(r: { code: number | null; stderr: string }, pattern: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('uvchaos slurm refuses control characters in paths that go into its scripts', () => {
  it('a spec path with a newline: exit 2, one line naming it escaped, no script', () => {
    const dir = tempDir();
    const file = writeSpec(dir, spec, 'nl\ntouch pwned\n#.json');
    const out = join(dir, 'out');
    const r = runCli(['slurm', file, '--shards', '2', '--out', out], { cwd: dir });
    expectRefused(r, /slurm: the spec path ".*nl\\ntouch pwned\\n#\.json" contains a control character \(U\+000A\)/);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(dir, 'pwned'))).toBe(false);
  });

  it('an --out with a newline: exit 2, no folder created', () => {
    const dir = tempDir();
    const file = writeSpec(dir, spec);
    const r = runCli(['slurm', file, '--shards', '2', '--out', join(dir, 'o\ntouch pwned\n')], { cwd: dir });
    expectRefused(r, /slurm: --out ".*o\\ntouch pwned\\n" contains a control character \(U\+000A\)/);
    expect(filesIn(dir)).toEqual(['spec.json']);
  });

  it("an --out with a backslash (it would switch off sbatch's %A_%a in the log names): exit 2", () => {
    const dir = tempDir();
    const file = writeSpec(dir, spec);
    const r = runCli(['slurm', file, '--shards', '2', '--out', join(dir, 'a\\b')], { cwd: dir });
    expectRefused(r, /slurm: --out ".*a\\\\b" contains a backslash/);
    expect(filesIn(dir)).toEqual(['spec.json']);
  });

  it("a tab in the working directory is refused too (it goes into the script's cd line)", () => {
    const dir = tempDir();
    const file = writeSpec(dir, spec);
    const cwd = join(dir, 'tab\there');
    spawnSync('mkdir', [cwd]);
    const r = runCli(['slurm', file, '--shards', '2', '--out', join(dir, 'out')], { cwd });
    expectRefused(r, /slurm: the working directory ".*tab\\there" contains a control character \(U\+0009\)/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});

describe('uvchaos slurm quotes paths with spaces, quotes, $ and %', () => {
  it('scripts and hints carry the paths verbatim, and nothing in them is run', () => {
    const dir = tempDir();
    const specDir = join(dir, "spec dir $(touch pwned) 'q'");
    const file = writeSpec(specDir, spec);
    const out = join(dir, 'out $(touch pwned) `touch pwned` "d" 50% #x');
    const r = runCli(['slurm', file, '--shards', '3', '--out', out], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const arrayFile = join(out, 'safe.slurm-array.sbatch');
    const mergeFile = join(out, 'safe.slurm-merge.sbatch');
    const array = readFileSync(arrayFile, 'utf8');
    const merge = readFileSync(mergeFile, 'utf8');

    // sbatch's own reading of the directives: the log names keep the folder as it is
    expect(sbatchDirectives(array)).toContain(`--output=${out.replace(/%/g, '%%')}/safe.slurm-%A_%a.log`);
    expect(sbatchDirectives(merge)).toContain(`--output=${out.replace(/%/g, '%%')}/safe.slurm-merge-%j.log`);
    expect(sbatchDirectives(array).some((d) => d.startsWith('--chdir'))).toBe(false);

    // bash's reading of the body: cd, then exec with every path as one word
    const ran = runScriptStubbed(array, { SLURM_CPUS_PER_TASK: '2' });
    expect(ran.calls[0]).toEqual(['cd', '--', dir]);
    expect(ran.calls[1].slice(3)).toEqual(['sweep', file, '--out', out, '--shard', 'auto/3', '--workers', '2', '--resume', '--quiet']);
    const ranMerge = runScriptStubbed(merge, {});
    expect(ranMerge.calls[1].slice(3)).toEqual(['merge', `${out}/safe.part-*-of-3.uvpart`, '--out', out, '--quiet']);

    // the printed hint, pasted into bash, submits exactly the two scripts
    const hint = /submit with: (.*)/.exec(r.stdout)![1];
    expect(runHint(hint, 'sbatch', dir)).toEqual([
      ['--parsable', arrayFile],
      ['--dependency=afterok:42', mergeFile],
    ]);
    // and the resubmission hint written into the array script's comment
    const resubmit = /# Resubmit failed tasks alone with: (.*)/.exec(array)![1];
    expect(runHint(resubmit.replace('<ids, e.g. 3,7>', '3,7'), 'sbatch', dir)).toEqual([['--array=3,7', arrayFile]]);

    for (const folder of [dir, specDir, out]) expect(readdirSync(folder)).not.toContain('pwned');
  });
});
