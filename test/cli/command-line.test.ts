import { availableParallelism } from 'node:os';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI, filesIn, ROOT, runCli, tempDir } from '../helpers.js';

const model = { kind: 'uv', width: 100, inputDim: 1, target: 10, init: { f0: 0, ntk0: 0.2 } };
const tiny = { name: 's', model, sweep: { from: 0.9, to: 1.5, points: 40 }, transient: 500, record: 256 };

function writeSpec(dir: string, spec: unknown): string {
  const file = join(dir, 'spec.json');
  writeFileSync(file, JSON.stringify(spec));
  return file;
}

describe('command-line flags', () => {
  it('--workers -1 is refused as a number out of range, not as an "ambiguous argument"', () => {
    const dir = tempDir();
    const result = runCli(['sweep', writeSpec(dir, tiny), '--out', dir, '--workers', '-1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('uvchaos: error: sweep: --workers expects an integer from 1 to 100000, got "-1"\n');
    expect(filesIn(dir)).toEqual(['spec.json']);
  });

  it('--chunk-size states its real limit, the largest grid', () => {
    const dir = tempDir();
    const ok = runCli(['sweep', writeSpec(dir, tiny), '--out', dir, '--quiet', '--chunk-size', '10000000']);
    expect(ok.code).toBe(0);
    const bad = runCli(['sweep', writeSpec(dir, tiny), '--out', dir, '--chunk-size', '10000001']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('uvchaos: error: sweep: --chunk-size expects an integer from 1 to 10000000, got "10000001"\n');
  });

  it('--workers far beyond the cores is capped at four per core, with a note', () => {
    const dir = tempDir();
    const cores = availableParallelism();
    const result = runCli(['sweep', writeSpec(dir, tiny), '--out', dir, '--quiet', '--workers', '1000']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(`note: --workers 1000 capped at ${4 * cores} (4 per core on ${cores} core${cores > 1 ? 's' : ''})\n`);
    expect(result.stdout).toContain(`wall on ${4 * cores} workers`);
  });
});

describe('a spec given to the wrong command', () => {
  it.each([
    ['trajectory', 'uv-route-to-chaos.json', '"uvchaos sweep" or "uvchaos cascade" (it has "sweep")'],
    ['sweep', 'uv-edge-of-stability.json', '"uvchaos trajectory" (it has "steps")'],
    ['cascade', 'uv-phase-eta-target.json', '"uvchaos phase" (it has "grid")'],
    ['phase', 'uv-route-to-chaos.json', '"uvchaos sweep" or "uvchaos cascade" (it has "sweep")'],
    ['sweep', 'henon-portrait.json', '"uvchaos portrait" (it has "window")'],
    ['portrait', 'uv-phase-eta-target.json', '"uvchaos phase" (it has "grid")'],
  ])('%s on sweeps/%s names the command it is for', (command, spec, hint) => {
    const dir = tempDir();
    const result = runCli([command, join(ROOT, 'sweeps', spec), '--out', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`(top level): this looks like a spec for ${hint}; unknown key`);
    expect(result.stderr.split('\n')).toHaveLength(2);
    expect(existsSync(join(dir, 's.attractors.csv'))).toBe(false);
  });

  it('a typo in a spec of the right command gets no such hint', () => {
    const dir = tempDir();
    const result = runCli(['sweep', writeSpec(dir, { ...tiny, recrod: 64 }), '--out', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain('looks like a spec for');
    expect(result.stderr).toContain('unknown key "recrod" (did you mean "record"?)');
  });

  it('loads only the command it runs: --help loads no command module, zod or piscina; sweep loads no other command', () => {
    // a resolve hook prints every module the process loads
    const hook =
      'data:text/javascript,export async function resolve(s,c,n){const r=await n(s,c);process.stderr.write("loaded "+r.url+"\\n");return r}';
    const register = `data:text/javascript,import{register}from"node:module";register(${JSON.stringify(hook)})`;
    const loaded = (args: string[]) => {
      const r = spawnSync(process.execPath, ['--import', register, CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
      return r.stderr
        .split('\n')
        .filter((l) => l.startsWith('loaded '))
        .map((l) => l.slice(7));
    };
    const help = loaded(['--help']);
    expect(help.some((u) => u.endsWith('/cli/commands.js'))).toBe(true); // the hook works
    expect(help.filter((u) => /-command\.js$|\/zod\/|\/piscina\//.test(u))).toEqual([]);
    const sweep = loaded(['sweep', '--help']);
    expect(sweep.filter((u) => u.endsWith('-command.js')).map((u) => u.split('/').pop())).toEqual(['sweep-command.js']);
  });
});
