import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { specFromText } from '../../src/spec/load-spec.js';
import { phaseSpecSchema } from '../../src/spec/phase-spec.js';
import { portraitSpecSchema } from '../../src/spec/portrait-spec.js';
import { SpecError } from '../../src/spec/spec-error.js';
import { sweepSpecSchema } from '../../src/spec/sweep-spec.js';
import { trajectorySpecSchema } from '../../src/spec/trajectory-spec.js';
import { ROOT } from '../helpers.js';

/**
 * The spec reader (file text → validated spec) over hostile text, for every kind of spec and
 * every model: whatever the text, the answer is a spec or one SpecError line naming the file (and
 * the field, unless the text is not JSON at all); never another exception, never a change to
 * Object.prototype, and never an error line that grows with the input (one is at most the file name and 600 characters).
 */

const SCHEMAS = { trajectory: trajectorySpecSchema, sweep: sweepSpecSchema, phase: phaseSpecSchema, portrait: portraitSpecSchema } as const;
type SpecKind = keyof typeof SCHEMAS;
const KINDS = Object.keys(SCHEMAS) as SpecKind[];

/** The spec file's path: inside sweeps/, so an mlp's relative paths resolve as the shipped specs' do. */
const FILE = join(ROOT, 'sweeps', 'fuzzed.json');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function kindOf(raw: Record<string, unknown>): SpecKind {
  if ('steps' in raw) return 'trajectory';
  if ('grid' in raw) return 'phase';
  if ('window' in raw) return 'portrait';
  return 'sweep';
}

const expressionModel = {
  kind: 'expression',
  variables: ['x', 'y'],
  parameters: { a: 1.4, b: 0.3 },
  equations: { x: '1 - a*x^2 + y', y: 'b*x' },
  init: { x: 0, y: 0 },
};

/** The shipped specs, and expression-map versions of a sweep and a trajectory (none is shipped). */
const SEEDS: { name: string; raw: Json }[] = [
  ...readdirSync(join(ROOT, 'sweeps'))
    .filter((name) => name.endsWith('.json'))
    .map((name) => ({ name, raw: JSON.parse(readFileSync(join(ROOT, 'sweeps', name), 'utf8')) as Json })),
  {
    name: 'expression sweep',
    raw: { name: 'e', model: expressionModel, sweep: { parameter: 'a', from: 1, to: 1.4, points: 20 }, transient: 100, record: 256 },
  },
  { name: 'expression trajectory', raw: { name: 'e', model: expressionModel, steps: 50 } },
];

const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();

function expectPrototypeUnchanged(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  const probe = {} as Record<string, unknown>;
  for (const key of ['polluted', 'kind', 'name', 'path', 'weights']) expect(probe[key]).toBeUndefined();
}

/**
 * Reads `text` as a spec of `kind`; checks that the outcome is a spec or one well-formed SpecError
 * naming the spec file (or `dataFile`, for a mistake inside an mlp's CSV, which names its line).
 */
async function readChecked(text: string, kind: SpecKind, dataFile?: string): Promise<'spec' | SpecError> {
  let outcome: 'spec' | SpecError;
  try {
    await specFromText(FILE, text, SCHEMAS[kind] as z.ZodType);
    outcome = 'spec';
  } catch (error) {
    if (!(error instanceof SpecError)) throw new Error(`not a SpecError (${kind}): ${String(error)}\n${(error as Error).stack}`);
    outcome = error;
    expect([FILE, dataFile]).toContain(error.file);
    expect(error.message).not.toMatch(/[\n\r\u2028\u2029]/);
    expect(error.message.length).toBeLessThanOrEqual(Math.max(FILE.length, dataFile?.length ?? 0) + 600);
    expect(error.message).toBe(error.field ? `${error.file}: ${error.field}: ${error.detail}` : `${error.file}: ${error.detail}`);
    if (!error.detail.startsWith('invalid JSON')) expect(error.field).not.toBeNull();
  }
  expectPrototypeUnchanged();
  return outcome;
}

// --- mutations of a parsed spec -------------------------------------------------------------

/** Every object or array in a JSON tree, as a path of keys from the root. */
function containers(value: Json, path: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [];
  const entries: [string | number, Json][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  return [path, ...entries.flatMap(([key, child]) => containers(child, [...path, key]))];
}

function at(root: Json, path: readonly (string | number)[]): Json {
  return path.reduce<Json>((node, key) => (node as Record<string, Json>)[key], root);
}

/** Sets an own property, even one named __proto__ (plain assignment would set the prototype). */
function setOwn(target: object, key: string | number, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const nested = (depth: number, leaf: Json, asObject: boolean): Json => {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = asObject ? { a: value } : [value];
  return value;
};

const HOSTILE_STRINGS = [
  '/dev/zero',
  '/dev/stdin',
  '/proc/self/status',
  '.',
  '/',
  '',
  ' ',
  'a\nb',
  '\u2028',
  'constructor',
  '__proto__',
  'toString',
  'x'.repeat(100_000),
  '../'.repeat(50) + 'etc/passwd',
  'NaN',
  '1e999',
  'sin(x)^x^x^x',
  'x = 3',
  'é'.repeat(1000),
];
const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'a\nb',
  '',
  'k'.repeat(10_000),
  'polluted',
];
const HUGE_NUMBERS = [
  0,
  -0,
  -1,
  0.5,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  1e21,
  2 ** 31,
  2 ** 32 + 1,
  5e-324,
  1e-320,
  1e15,
  1e9,
  100_001,
];

const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, [], {}, [1, 2, 3], { polluted: true }, { __proto__: null } as unknown as Json),
  fc.constantFrom(...HUGE_NUMBERS),
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.tuple(fc.constantFrom(10, 200, 505, 513, 700), fc.boolean()).map(([depth, asObject]) => nested(depth, 1, asObject)),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
);

type Mutation =
  | { op: 'delete'; target: number; pick: number }
  | { op: 'replace'; target: number; pick: number; value: Json }
  | { op: 'add'; target: number; key: string; value: Json }
  | { op: 'protoKey'; target: number; key: string; value: Json };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), target: fc.nat(), pick: fc.nat() }),
  fc.record({ op: fc.constant('replace' as const), target: fc.nat(), pick: fc.nat(), value: hostileValue }),
  fc.record({
    op: fc.constant('add' as const),
    target: fc.nat(),
    key: fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 12 })),
    value: hostileValue,
  }),
  fc.record({
    op: fc.constant('protoKey' as const),
    target: fc.nat(),
    key: fc.constantFrom('__proto__', 'constructor', 'prototype'),
    value: fc.constantFrom<Json>({ polluted: true }, { prototype: { polluted: true } }, null, 'x'),
  }),
);

/** A deep copy of `raw` with the mutations applied, each to a container chosen by its index. */
function mutate(raw: Json, mutations: readonly Mutation[]): Json {
  const root = { root: structuredClone(raw) } as Record<string, Json>;
  for (const m of mutations) {
    const targets = containers(root.root, ['root']); // the wrapper itself is never a target
    const node = at(root, targets[m.target % targets.length]) as Record<string, Json> | Json[];
    const keys: (string | number)[] = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
    // a copy: the generated values (constants among them) are shared between runs
    const value = 'value' in m ? structuredClone(m.value) : null;
    if (m.op === 'add' || m.op === 'protoKey') {
      if (Array.isArray(node)) node.push(value);
      else setOwn(node, m.key, value);
    } else if (keys.length > 0) {
      const key = keys[m.pick % keys.length];
      if (m.op === 'delete') {
        if (Array.isArray(node)) node.splice(key as number, 1);
        else delete node[key as string];
      } else setOwn(node, key, value);
    }
  }
  return root.root;
}

describe('the spec reader over hostile text', () => {
  it('reads every seed spec as it stands (the fuzzing starts from valid specs)', async () => {
    for (const { name, raw } of SEEDS) {
      const outcome = await readChecked(JSON.stringify(raw), kindOf(raw as Record<string, unknown>));
      expect(outcome, name).toBe('spec');
    }
  });

  it('mutated specs (keys deleted, wrong types, huge numbers, deep nesting, long strings, __proto__ and constructor keys): a spec or one SpecError', async () => {
    const seed = fc.constantFrom(...SEEDS);
    await fc.assert(
      fc.asyncProperty(seed, fc.array(mutation, { minLength: 1, maxLength: 4 }), async ({ raw }, mutations) => {
        let mutated: Json;
        try {
          mutated = mutate(raw, mutations);
        } catch (e) {
          throw new Error(`mutate: ${(e as Error).stack?.slice(0, 800)}`);
        }
        const kind = mutated && typeof mutated === 'object' && !Array.isArray(mutated) ? kindOf(mutated) : 'sweep';
        await readChecked(JSON.stringify(mutated), kind);
      }),
      { seed: 42, numRuns: 400 },
    );
  });

  it('any JSON value, under every kind of spec: a spec or one SpecError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom(...KINDS), async (value, kind) => {
        await readChecked(JSON.stringify(value), kind);
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('any text, and shipped specs cut short or with a character inserted: a spec or one SpecError', async () => {
    const texts = SEEDS.map(({ raw }) => JSON.stringify(raw, null, 2));
    const damaged = fc.tuple(
      fc.constantFrom(...texts),
      fc.nat(),
      fc.oneof(
        fc.constant(''),
        fc.string({ minLength: 1, maxLength: 3, unit: 'binary' }),
        fc.constantFrom('\u0000', '\ufeff', '"', '{', ']', ',', '1'.repeat(1000)),
      ),
      fc.boolean(),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 200 }),
          damaged.map(([text, at, insert, cut]) => {
            const i = at % (text.length + 1);
            return cut ? text.slice(0, i) : text.slice(0, i) + insert + text.slice(i);
          }),
        ),
        fc.constantFrom(...KINDS),
        async (text, kind) => {
          await readChecked(text, kind);
        },
      ),
      { seed: 42, numRuns: 400 },
    );
  });

  it("hostile paths as an mlp's init.weights or data.path: one SpecError naming that field", async () => {
    const mlpSeeds = SEEDS.filter(({ raw }) => (raw as { model: { kind: string } }).model.kind === 'mlp');
    const paths = [
      '/dev/zero',
      '/dev/stdin',
      '/proc/self/status',
      '.',
      '/',
      'absent.json',
      '../'.repeat(40) + 'etc/passwd',
      'x'.repeat(5000),
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...mlpSeeds), fc.constantFrom(...paths), fc.boolean(), async ({ raw }, path, asWeights) => {
        const spec = structuredClone(raw) as { model: Record<string, unknown> };
        if (asWeights) spec.model.init = { weights: path };
        else spec.model.data = { dataset: 'csv', path, targets: ['y'] };
        const dataFile = resolve(dirname(FILE), path);
        const outcome = await readChecked(JSON.stringify(spec), kindOf(spec), asWeights ? undefined : dataFile);
        expect(outcome).toBeInstanceOf(SpecError);
        // refused as a file, or read as a CSV and refused at its first line (/etc/passwd has no column "y")
        if ((outcome as SpecError).file === FILE)
          expect((outcome as SpecError).field).toBe(asWeights ? 'model.init.weights' : 'model.data.path');
        else expect((outcome as SpecError).field).toBe('line 1');
      }),
      { seed: 42, numRuns: 60 },
    );
  });

  // Defects the properties found, kept as plain examples.
  it('an unknown key with a line break, or thousands of unknown keys, still give one short line', async () => {
    const keys = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`stray${i}`, i]));
    for (const extra of [{ 'a\nb': 1 }, { ['k'.repeat(10_000)]: 1 }, keys]) {
      const outcome = await readChecked(
        JSON.stringify({ ...(SEEDS[0].raw as object), ...extra }),
        kindOf(SEEDS[0].raw as Record<string, unknown>),
      );
      expect((outcome as SpecError).detail).toMatch(/^unknown key /);
    }
  });

  it('a long string where a name is expected is quoted and cut, not echoed whole', async () => {
    const logistic = SEEDS.find(({ name }) => name === 'logistic.json')!.raw as Record<string, unknown>;
    const outcome = await readChecked(JSON.stringify({ ...logistic, observable: 'é'.repeat(1000) }), 'sweep');
    expect((outcome as SpecError).detail).toBe(`expected one of "x", got "${'é'.repeat(40)}…"`);
  });

  it('a second byte-order mark is a JSON error, not an internal one', async () => {
    const outcome = await readChecked('\ufeff\ufeff{}', 'sweep');
    expect((outcome as SpecError).detail).toMatch(/^invalid JSON at line 1, column 1: /);
  });

  it('inputs near the 10 MB cap end in one SpecError each: deep nesting, a huge string, a huge array, many keys', async () => {
    const cap = 10 * 1024 * 1024 - 100;
    const trajectory = SEEDS.find(({ name }) => name === 'mlp-catapult.json')!.raw as { model: object };
    const inputs = [
      '['.repeat(cap),
      JSON.stringify({ name: 'x'.repeat(cap - 20) }),
      JSON.stringify({ ...trajectory, model: { ...trajectory.model, layers: new Array(1_000_000).fill(8) } }),
      JSON.stringify(Object.fromEntries(Array.from({ length: 400_000 }, (_, i) => [`k${i}`, i]))),
      '{"steps": 1' + '0'.repeat(cap - 20) + '}',
    ];
    for (const text of inputs) {
      expect(text.length).toBeLessThanOrEqual(10 * 1024 * 1024);
      expect(await readChecked(text, 'trajectory')).toBeInstanceOf(SpecError);
    }
  });
});
