import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../src/spec/load-spec.js';
import { SpecError } from '../../src/spec/spec-error.js';
import { trajectorySpecSchema } from '../../src/spec/trajectory-spec.js';
import { tempDir } from '../helpers.js';

const dir = tempDir();
const valid = {
  name: 'ok',
  model: { kind: 'uv', width: 100, inputDim: 1, target: 10, init: { f0: 0, ntk0: 0.2 } },
  eta: 1.01,
  steps: 600,
};

function specFile(content: unknown, raw = false): string {
  const file = join(dir, `spec-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, raw ? String(content) : JSON.stringify(content, null, 2));
  return file;
}

async function errorFor(file: string): Promise<SpecError> {
  try {
    await loadSpec(file, trajectorySpecSchema);
  } catch (err) {
    if (err instanceof SpecError) return err;
    throw err;
  }
  throw new Error('expected a SpecError');
}

function withModel(fields: Record<string, unknown>) {
  return { ...valid, model: { ...valid.model, ...fields } };
}

describe('trajectory spec', () => {
  it('applies the documented defaults', async () => {
    const spec = await loadSpec(specFile(valid), trajectorySpecSchema);
    expect(spec.engine).toBe('map');
    if (spec.model.kind !== 'uv') throw new Error('the spec is a UV model');
    expect(spec.model.inputNorm2).toBe(1);
    expect(spec.model.multiplier).toBeCloseTo(0.1, 15);
    expect(spec.divergenceBound).toBe(1e12);
  });

  const bad: [string, () => string, string | null, RegExp][] = [
    ['a missing file', () => join(dir, 'nope.json'), null, /no such file/],
    ['invalid JSON', () => specFile('{\n  "name": "x",\n  "eta": ,\n}', true), null, /invalid JSON at line 3, column 10/],
    ['a misspelt key', () => specFile({ ...valid, stpes: 3 }), '(top level)', /unknown key "stpes" \(did you mean "steps"\?\)/],
    [
      'a misspelt model key',
      () => specFile(withModel({ widht: 3 })),
      'model',
      /unknown key "widht" \(did you mean "width"\?\).*expected keys: kind, width/,
    ],
    ['a wrong type', () => specFile(withModel({ width: '100' })), 'model.width', /expected a number, got "100"/],
    ['a fractional width', () => specFile(withModel({ width: 10.5 })), 'model.width', /expected an integer, got 10.5/],
    ['a zero eta', () => specFile({ ...valid, eta: 0 }), 'eta', /expected a number > 0, got 0/],
    ['a negative eta', () => specFile({ ...valid, eta: -0.1 }), 'eta', /expected a number > 0, got -0.1/],
    ['a negative width', () => specFile(withModel({ width: -3 })), 'model.width', /> 0, got -3/],
    ['zero steps', () => specFile({ ...valid, steps: 0 }), 'steps', /> 0, got 0/],
    ['steps beyond the bound', () => specFile({ ...valid, steps: 1e9 }), 'steps', /≤ 10000000, got 1000000000/],
    [
      'an init below the Cauchy–Schwarz floor',
      () => specFile(withModel({ init: { f0: 5, ntk0: 0.5 } })),
      'model.init.ntk0',
      /expected ntk0 ≥ 2√ε\|f0\| = 1\.00000/,
    ],
    ['a half-written init', () => specFile(withModel({ init: { f0: 1 } })), 'model.init.ntk0', /missing; expected a number/],
    ['an unknown engine', () => specFile({ ...valid, engine: 'fast' }), 'engine', /expected one of "map", "full", got "fast"/],
    [
      'a model kind that does not exist',
      () => specFile(withModel({ kind: 'mpl' })),
      'model.kind',
      /expected one of "uv", "logistic", "henon", "expression", "mlp", got "mpl"/,
    ],
    ['a name that is not a file name', () => specFile({ ...valid, name: '../etc/x' }), 'name', /file-name-safe/],
    [
      'a full engine too large to hold',
      () => specFile({ ...withModel({ width: 100000, inputDim: 1000 }), engine: 'full' }),
      'engine',
      /at most 20000000/,
    ],
    [
      'a seeded init too large to draw',
      () => specFile(withModel({ width: 1e6, inputDim: 1e3, init: { seed: 1, sigmaU: 1, sigmaV: 1 } })),
      'model.init',
      /at most 100000000/,
    ],
    ['a missing field', () => specFile({ ...valid, eta: undefined }), 'eta', /missing; expected a number/],
  ];
  for (const [label, make, field, detail] of bad) {
    it(`rejects ${label} with one line naming the file, the field and what was expected`, async () => {
      const file = make();
      const err = await errorFor(file);
      expect(err.file).toBe(file);
      expect(err.field).toBe(field);
      expect(err.detail).toMatch(detail);
      expect(err.message).not.toContain('\n');
      expect(err.message.startsWith(file)).toBe(true);
    });
  }
});
