import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/io/csv.js';
import { filesIn, runCli, tempDir } from '../helpers.js';

const uv = { kind: 'uv', width: 100, inputDim: 1, target: 10, init: { f0: 0, ntk0: 0.2 } };
const eos = {
  name: 'p',
  model: uv,
  eta: 1.05,
  plane: 'rescaled',
  window: { x: [-1, 2.5], y: [0, 4.2] },
  cycles: { maxPeriod: 4 },
  fixedPoints: { seeds: 10 },
  basins: { resolution: 70 },
  trajectories: [{ x: 0.3, y: 3.2 }],
};
const OUTPUTS = ['p.basin-fractions.csv', 'p.basins.csv', 'p.fixed-points.csv', 'p.portrait.png'];

function writeSpec(dir: string, spec: unknown): string {
  const file = join(dir, 'spec.json');
  writeFileSync(file, JSON.stringify(spec));
  return file;
}

function runPortrait(spec: unknown, workers: number) {
  const dir = tempDir();
  const result = runCli(['portrait', writeSpec(dir, spec), '--out', dir, '--quiet', '--workers', String(workers)]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const read = (suffix: string) => readFileSync(join(dir, `p.${suffix}`), 'utf8');
  return {
    dir,
    stdout: result.stdout,
    basins: read('basins.csv'),
    fractions: read('basin-fractions.csv'),
    fixed: read('fixed-points.csv'),
  };
}

describe('uvchaos portrait', () => {
  it('writes the four outputs, the same for 1 and 2 workers, with fractions that sum to 1 and match the basin table', () => {
    const one = runPortrait(eos, 1);
    const two = runPortrait(eos, 2);
    expect(filesIn(one.dir)).toEqual([...OUTPUTS, 'spec.json']);
    expect(two.basins).toBe(one.basins);
    expect(two.fractions).toBe(one.fractions);
    expect(two.fixed).toBe(one.fixed);
    const basins = parseCsv(one.basins);
    expect(basins.header).toEqual(['x', 'y', 'label']);
    expect(basins.rows).toHaveLength(70 * 70);
    const fractions = parseCsv(one.fractions);
    expect(fractions.header).toEqual(['label', 'description', 'fraction']);
    expect(fractions.rows.map((r) => r[0])).toEqual(['cycle2_1', 'diverged', 'unreachable']);
    expect(fractions.rows.reduce((s, r) => s + Number(r[2]), 0)).toBeCloseTo(1, 14);
    for (const [label, , fraction] of fractions.rows) {
      expect(Number(fraction)).toBe(basins.rows.filter((r) => r[2] === label).length / (70 * 70));
    }
    // the rescaled plane: ηλ ≥ 2η|√ε f| is reachable; cells below it are labelled so, and only they
    for (const [x, y, label] of basins.rows) {
      expect(label === 'unreachable').toBe(Number(y) < 2 * 1.05 * Math.abs(Number(x)));
    }
    const fixed = parseCsv(one.fixed);
    expect(fixed.header).toEqual(['kind', 'period', 'x', 'y', 'eigenvalue_1', 'eigenvalue_2', 'stability']);
    // the threshold row sits at ηλ = 2 in the rescaled plane
    expect(fixed.rows.find((r) => r[0] === 'line_of_minima' && r[6].startsWith('threshold'))!.slice(2, 4)).toEqual(['1', '2']);
    expect(fixed.rows.filter((r) => r[1] === '2' && r[6] === 'sink')).toHaveLength(2);
    expect(one.stdout).toMatch(/period 2: 1 stable, \d+ unstable/);
    expect(one.stdout).toMatch(/basins: cycle2_1 0\.\d+, diverged 0\.\d+, unreachable 0\.\d+; /);
  });

  it('runs an expression map in the workers (mathjs loaded there): the Hénon map as equations gives the built-in Hénon portrait', () => {
    const window = { x: [-2, 2], y: [-2, 2] };
    const common = { window, cycles: { maxPeriod: 1 }, basins: { resolution: 40 }, vectorField: { enabled: false } };
    const equations = {
      name: 'p',
      model: { kind: 'expression', variables: ['x', 'y'], parameters: { a: 1.4, b: 0.3 }, equations: { x: '1 - a*x^2 + y', y: 'b*x' } },
      ...common,
    };
    const builtin = { name: 'p', model: { kind: 'henon', parameters: { a: 1.4, b: 0.3 } }, ...common };
    const mine = runPortrait(equations, 2);
    const theirs = runPortrait(builtin, 1);
    const share = (text: string) => Object.fromEntries(parseCsv(text).rows.map((r) => [r[0], Number(r[2])]));
    const [a, b] = [share(mine.fractions), share(theirs.fractions)];
    expect(Object.keys(a)).toEqual(['chaotic', 'diverged']);
    expect(Math.abs(a.diverged - b.diverged)).toBeLessThanOrEqual(2 / 1600);
    const points = (text: string) => parseCsv(text).rows.map((r) => [Number(r[2]), Number(r[3])]);
    points(mine.fixed).forEach(([x, y], i) => {
      expect(x).toBeCloseTo(points(theirs.fixed)[i][0], 12);
      expect(y).toBeCloseTo(points(theirs.fixed)[i][1], 12);
    });
  });

  const bad: [string, unknown, RegExp][] = [
    ['a window with lo ≥ hi', { ...eos, window: { x: [2, 2], y: [0, 4] } }, /spec\.json: window\.x: expected \[lo, hi\] with lo < hi/],
    [
      'a map of three variables',
      { name: 'p', model: { kind: 'expression', variables: ['x', 'y', 'z'], equations: { x: 'y', y: 'z', z: 'x' } } },
      /spec\.json: model\.variables: a portrait draws the state plane of a map of one or two variables; this map has 3/,
    ],
    [
      'a resolution beyond the cap',
      { ...eos, basins: { resolution: 2001 } },
      /spec\.json: basins\.resolution: expected at most 2000 cells per axis, got 2001/,
    ],
    [
      'a UV initial condition no weights realise',
      { ...eos, trajectories: [{ x: 1, y: 1 }] },
      /spec\.json: trajectories\[0\]: \(1, 1\) is outside the feasible region: .*λ ≥ 2√ε\|f\| = 2/,
    ],
    ['a map without the learning rate', { ...eos, eta: undefined }, /spec\.json: eta: missing; expected a number > 0/],
  ];
  for (const [what, spec, message] of bad) {
    it(`refuses ${what}: one line, exit 2, nothing written`, () => {
      const dir = tempDir();
      const result = runCli(['portrait', writeSpec(dir, spec), '--out', join(dir, 'out'), '--quiet']);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(filesIn(dir)).toEqual(['spec.json']);
    });
  }
});
