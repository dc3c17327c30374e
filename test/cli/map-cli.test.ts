import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/io/csv.js';
import { CLI, filesIn, runCli, tempDir } from '../helpers.js';

function writeSpec(dir: string, spec: unknown): string {
  const file = join(dir, 'spec.json');
  writeFileSync(file, JSON.stringify(spec));
  return file;
}

const henonExpression = {
  kind: 'expression',
  variables: ['x', 'y'],
  parameters: { a: 1.4, b: 0.3 },
  equations: { x: '1 - a*x^2 + y', y: 'b*x' },
};

describe('uvchaos with other maps', () => {
  it('sweeps an expression map in two workers exactly as the built-in map', () => {
    const grid = { parameter: 'a', from: 0.3, to: 1.42, points: 203 };
    const tables = [henonExpression, { kind: 'henon' }].map((model) => {
      const dir = tempDir();
      const result = runCli([
        'sweep',
        writeSpec(dir, { name: 'h', model, sweep: grid, transient: 2000, record: 256 }),
        '--out',
        dir,
        '--workers',
        '2',
        '--quiet',
      ]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      return readFileSync(join(dir, 'h.attractors.csv'), 'utf8');
    });
    expect(tables[0]).toBe(tables[1]);
    const { header, rows } = parseCsv(tables[0]);
    expect(header).toEqual([
      'a',
      'regime',
      'period',
      'lyap_max',
      'lyap_1',
      'lyap_2',
      'lyap_err',
      'x_min',
      'x_max',
      'diverged_at',
      'final_x',
      'final_y',
    ]);
    expect(rows).toHaveLength(203);
  });

  it('runs a logistic trajectory with one column per variable', () => {
    const dir = tempDir();
    const result = runCli([
      'trajectory',
      writeSpec(dir, { name: 'l', model: { kind: 'logistic', parameters: { r: 3.2 } }, steps: 100 }),
      '--out',
      dir,
    ]);
    expect(result.code).toBe(0);
    const { header, rows } = parseCsv(readFileSync(join(dir, 'l.trajectory.csv'), 'utf8'));
    expect(header).toEqual(['step', 'x']);
    expect(rows).toHaveLength(101);
    let x = 0.1;
    for (const row of rows) {
      expect(Number(row[1])).toBe(x);
      x = 3.2 * x * (1 - x);
    }
  });

  const bad: [string, unknown, RegExp][] = [
    [
      'an unknown symbol',
      { ...henonExpression, equations: { x: '1 - c*x^2 + y', y: 'b*x' } },
      /model\.equations\.x: unknown symbol "c" .* at column 5/,
    ],
    ['an assignment', { ...henonExpression, equations: { x: 'x = 1', y: 'b*x' } }, /model\.equations\.x: assignments are not allowed/],
    [
      'a missing equation',
      { ...henonExpression, equations: { x: '1 - a*x^2 + y' } },
      /model\.equations: missing the equation for variable "y"/,
    ],
    ['an init for an unknown variable', { ...henonExpression, init: { z: 1 } }, /model\.init\.z: "z" is not a variable/],
    [
      'a parameter named like a function',
      { ...henonExpression, parameters: { sin: 1, b: 0.3 } },
      /model\.parameters\.sin: invalid name "sin": is a function or constant name/,
    ],
    ['a misspelt map kind', { kind: 'henom' }, /model\.kind: expected one of "uv", "logistic", "henon", "expression", "mlp", got "henom"/],
    ['an unknown built-in parameter', { kind: 'henon', parameters: { a: 1.4, c: 1 } }, /model\.parameters: unknown key "c"/],
    ['an empty equation', { ...henonExpression, equations: { x: '', y: 'b*x' } }, /model\.equations\.x: the equation is empty\n$/],
    ['a blank equation', { ...henonExpression, equations: { x: ' \t ', y: 'b*x' } }, /model\.equations\.x: the equation is empty\n$/],
    [
      'the equation "undefined"',
      { ...henonExpression, equations: { x: 'undefined', y: 'b*x' } },
      /model\.equations\.x: only numbers are allowed, found undefined at column 1/,
    ],
    [
      'a 5000-term sum',
      { ...henonExpression, equations: { x: `${'x+'.repeat(4999)}x`, y: 'b*x' } },
      /model\.equations\.x: expected string ≤ 2000, got "x\+x\+/,
    ],
    [
      '300 nested parentheses',
      { ...henonExpression, equations: { x: `${'('.repeat(300)}x${')'.repeat(300)}`, y: 'b*x' } },
      /model\.equations\.x: brackets nested more than 64 deep at column 65/,
    ],
    [
      'a bare constructor',
      { ...henonExpression, equations: { x: 'constructor', y: 'b*x' } },
      /model\.equations\.x: unknown symbol "constructor" .* at column 1/,
    ],
    [
      'a bare __proto__',
      { ...henonExpression, equations: { x: '1 - a*x^2 + __proto__', y: 'b*x' } },
      /model\.equations\.x: unknown symbol "__proto__" .* at column 13/,
    ],
    [
      'a variable mathjs reads as a number',
      { ...henonExpression, variables: ['x', 'NaN'], equations: { x: '1', NaN: 'x' } },
      /model\.variables\[1\]: is a reserved word/,
    ],
  ];
  for (const [label, model, message] of bad) {
    it(`rejects ${label}: exit 2, one line, no files`, () => {
      const dir = tempDir();
      const out = join(dir, 'out');
      const result = runCli([
        'sweep',
        writeSpec(dir, { name: 'h', model, sweep: { parameter: 'a', from: 1, to: 1.4, points: 4 } }),
        '--out',
        out,
      ]);
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(message);
      expect(existsSync(out) ? filesIn(out) : []).toEqual([]);
    });
  }

  it('validates, compiles and runs the equations that made mathjs’s simplify() take minutes', () => {
    // before: the sum never finished, the product ran 12 minutes; the spawn timeout kills a hang
    const equations = [`${'x+'.repeat(27)}x`, `${'sin(x)*'.repeat(199)}sin(x)`];
    for (const equation of equations) {
      const dir = tempDir();
      const model = {
        kind: 'expression',
        variables: ['x'],
        parameters: { a: 1 },
        equations: { x: `a*(${equation})/100` },
        init: { x: 0.5 },
      };
      const spec = writeSpec(dir, {
        name: 'p',
        model,
        sweep: { parameter: 'a', from: 0.5, to: 1, points: 8 },
        transient: 100,
        record: 256,
      });
      const result = runCli(['sweep', spec, '--out', dir, '--workers', '1', '--quiet'], { timeout: 30_000 });
      expect(result.stderr, equation.slice(0, 20)).toBe('');
      expect(result.code, equation.slice(0, 20)).toBe(0);
      expect(parseCsv(readFileSync(join(dir, 'p.attractors.csv'), 'utf8')).rows).toHaveLength(8);
    }
  });

  it('stops on Ctrl-C during a sweep of such an equation', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const model = {
      kind: 'expression',
      variables: ['x'],
      parameters: { a: 1 },
      equations: { x: `a*(${'sin(x)*'.repeat(199)}sin(x))` },
      init: { x: 0.5 },
    };
    const spec = writeSpec(dir, { name: 'p', model, sweep: { parameter: 'a', from: 0.5, to: 1, points: 2_000_000 }, transient: 20_000 });
    const child = spawn(process.execPath, [CLI, 'sweep', spec, '--out', out, '--quiet']);
    try {
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      // wait until validation is over and the sweep is under way (its temp files exist)
      // the lock file comes first, then the temp files: wait for a temp file (a loaded machine is slow to get there)
      for (let i = 0; i < 1200 && !(existsSync(out) && readdirSync(out).some((f) => f.includes('.tmp-'))); i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(existsSync(out) && readdirSync(out).some((f) => f.includes('.tmp-'))).toBe(true);
      child.kill('SIGINT');
      const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('still running 20 s after Ctrl-C'), 20_000))]);
      expect(code).toBe(130);
      expect(stderr).toMatch(/interrupted/);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  it('runs a map whose variable and parameter are named like Object.prototype members', () => {
    const dir = tempDir();
    const model = {
      kind: 'expression',
      variables: ['constructor'],
      parameters: { valueOf: 0.5 },
      equations: { constructor: 'valueOf*constructor + 1' },
    };
    const result = runCli(['trajectory', writeSpec(dir, { name: 'o', model, steps: 3 }), '--out', dir]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const { header, rows } = parseCsv(readFileSync(join(dir, 'o.trajectory.csv'), 'utf8'));
    expect(header).toEqual(['step', 'constructor']);
    expect(rows.map((row) => Number(row[1]))).toEqual([0, 1, 1.5, 1.75]);
  });

  it('rejects a swept name the map does not have, and an observable it does not have', () => {
    const dir = tempDir();
    const a = runCli([
      'sweep',
      writeSpec(dir, { name: 'h', model: { kind: 'henon' }, sweep: { parameter: 'r', from: 1, to: 2, points: 4 } }),
    ]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/sweep\.parameter: expected one of "a", "b", got "r"/);
    const b = runCli([
      'sweep',
      writeSpec(dir, { name: 'h', model: { kind: 'henon' }, sweep: { from: 1, to: 2, points: 4 }, observable: 'z' }),
    ]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/observable: expected one of "x", "y", got "z"/);
  });
});
