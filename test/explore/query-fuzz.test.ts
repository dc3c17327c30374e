import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/explore/api-error.js';
import { EXPLORE_LIMITS } from '../../src/explore/explore-limits.js';
import { checkViewCost } from '../../src/explore/view-cost.js';
import { orbitQuery, parseQuery, renderQuery, viewQuery } from '../../src/explore/view-params.js';
import { viewSpec, type BaseSpec } from '../../src/explore/view-spec.js';
import { readJsonFile } from '../../src/spec/json-source.js';
import { loadSpec } from '../../src/spec/load-spec.js';
import { sweepSpecSchema } from '../../src/spec/sweep-spec.js';

/**
 * The explorer's query path, from the query string to a spec and its cost, over any query a page
 * or anyone else could send: it either gives a view within every cap, or throws one ApiError
 * (400 naming a field, 413 naming a cap) with a one-line message of bounded length; never
 * another exception. Seeded; each property runs in a few seconds.
 */
const KEYS = ['from', 'to', 'ymin', 'ymax', 'obs', 'transient', 'record', 'columns', 'width', 'height', 'channel', 'index'];

const numberText = fc.oneof(
  fc.double().map(String), // NaN, ±Infinity, -0, subnormals, 1.7976931348623157e+308
  fc.integer({ min: -10, max: 5000 }).map(String),
  fc.integer({ min: 0, max: 2e8 }).map(String),
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String),
  fc.constantFrom(
    '',
    ' ',
    '1e999',
    '-1e-999',
    '0x10',
    '1_000',
    '١٢',
    '+.5',
    '5.',
    '1e',
    'NaN',
    'Infinity',
    '00000000000000000064',
    ' 64 ',
    '64\n',
    '\u00a064',
  ),
);
const anyText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);
const value = fc.oneof(
  { weight: 4, arbitrary: numberText },
  { weight: 2, arbitrary: anyText },
  { weight: 1, arbitrary: fc.string({ minLength: 1000, maxLength: 20_000 }) },
);
const key = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...KEYS) },
  { weight: 1, arbitrary: anyText },
  { weight: 1, arbitrary: fc.string({ minLength: 500, maxLength: 5000 }) },
);

/** Queries near the ones a page sends (sizes and steps around the caps, most fields in order), at times with more. */
const ordered = (min: number, max: number) =>
  fc.tuple(fc.double({ min, max, noNaN: true }), fc.double({ min, max, noNaN: true })).map(([a, b]) => (a <= b ? [a, b] : [b, a]));
const nearValid = fc
  .record(
    {
      width: fc.integer({ min: 12, max: 2600 }),
      height: fc.integer({ min: 12, max: 1300 }),
      columns: fc.integer({ min: 1, max: 4100 }),
      transient: fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 2e6 })),
      record: fc.integer({ min: 100, max: 20_000 }),
      range: ordered(0.5, 2.2),
      y: ordered(-1, 5),
      obs: fc.oneof(
        { weight: 6, arbitrary: fc.constant('eta_sharpness') },
        { weight: 1, arbitrary: fc.constantFrom('sharpness', 'loss', 'f', 'x', 'bogus') },
      ),
      channel: fc.oneof(
        { weight: 6, arbitrary: fc.constant('page1') },
        { weight: 1, arbitrary: fc.constantFrom('a_b-C', 'bad/channel', '') },
      ),
    },
    { requiredKeys: ['width', 'height'] },
  )
  .map(({ range, y, ...fields }) => {
    const query: [string, string][] = Object.entries(fields).map(([k, v]) => [k, String(v)]);
    if (range) query.push(['from', String(range[0])], ['to', String(range[1])]);
    if (y) query.push(['ymin', String(y[0])], ['ymax', String(y[1])]);
    return query;
  })
  .chain((query) => fc.tuple(fc.constant(query), fc.array(fc.tuple(key, value), { maxLength: 2 }), fc.nat({ max: 9 })))
  .map(([query, extra, roll]) => (roll === 0 ? [...query, ...extra] : query));

/** Mostly plausible queries (every key known, numbers of any size), some with anything at all. */
const pairs = fc.oneof(
  fc.array(fc.tuple(key, value), { maxLength: 14 }),
  fc.uniqueArray(fc.tuple(fc.constantFrom(...KEYS), numberText), { selector: ([k]) => k, maxLength: 12 }),
);
const queryString = fc.oneof(
  { weight: 3, arbitrary: nearValid.map((p) => new URLSearchParams(p)) },
  { weight: 2, arbitrary: pairs.map((p) => new URLSearchParams(p)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 300 }).map((s) => new URLSearchParams(s)) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }).map((s) => new URLSearchParams(s)) },
);

let uv: BaseSpec;
let mlp: BaseSpec;

beforeAll(async () => {
  for (const file of ['sweeps/uv-route-to-chaos.json', 'sweeps/mlp-one-example-cascade.json']) {
    const b = { file, raw: readJsonFile(file) as Record<string, unknown>, spec: await loadSpec(file, sweepSpecSchema) };
    if (b.spec.model.kind === 'uv') uv = b;
    else mlp = b;
  }
});

/** The refusal the query path may throw: an ApiError, 400 or 413, one line of bounded length. */
function expectRefusal(err: unknown): void {
  if (!(err instanceof ApiError)) throw err;
  expect([400, 413]).toContain(err.status);
  expect(err.message).not.toMatch(/[\r\n]/);
  expect(err.message.length).toBeLessThanOrEqual(600);
  if (err.field !== undefined) expect(err.field.length).toBeLessThanOrEqual(80);
  expect(JSON.parse(JSON.stringify(err.body()))).toEqual(err.body());
}

function expectWithinCaps(
  cost: ReturnType<typeof checkViewCost>,
  spec: ReturnType<typeof viewSpec>,
  plot?: { width: number; height: number },
): void {
  const steps = spec.sweep.points * (spec.transient + spec.record);
  expect(cost.steps).toBe(steps);
  expect(steps).toBeLessThanOrEqual(EXPLORE_LIMITS.budget);
  expect(cost.samples).toBeLessThanOrEqual(EXPLORE_LIMITS.maxSamples);
  expect(spec.sweep.points).toBeLessThanOrEqual(EXPLORE_LIMITS.maxColumns);
  if (plot) {
    expect(cost.pixels).toBe(plot.width * plot.height);
    expect(cost.pixels).toBeLessThanOrEqual(EXPLORE_LIMITS.maxPixels);
    // two frames of RGBA pixels at least
    expect(cost.responseBytes).toBeGreaterThanOrEqual(8 * cost.pixels);
    expect(cost.responseBytes).toBeLessThanOrEqual(EXPLORE_LIMITS.maxResponseBytes);
  }
}

describe('the explorer query path over any query string', () => {
  for (const [name, getBase] of [
    ['UV', () => uv],
    ['mlp', () => mlp],
  ] as const) {
    it(`${name}: /api/view gives a view within the caps or one 400/413`, () => {
      const outcomes = { accepted: 0, 400: 0, 413: 0 };
      fc.assert(
        fc.property(queryString, (params) => {
          try {
            const { width, height, channel: _channel, ...view } = parseQuery(renderQuery, params);
            const spec = viewSpec(getBase(), view);
            expectWithinCaps(checkViewCost(spec, { width, height }), spec, { width, height });
            outcomes.accepted++;
          } catch (err) {
            expectRefusal(err);
            outcomes[(err as ApiError).status as 400 | 413]++;
          }
        }),
        { seed: 42, numRuns: 400 },
      );
      // the runs reach every outcome, not only the parser's first refusal
      console.log(`${name} /api/view: ${JSON.stringify(outcomes)}`);
      expect(outcomes.accepted).toBeGreaterThan(20);
      expect(outcomes[413]).toBeGreaterThan(20);
    });

    it(`${name}: /api/orbit and the exports give a view within the caps or one 400/413`, () => {
      fc.assert(
        fc.property(queryString, fc.boolean(), (params, orbit) => {
          try {
            if (orbit) {
              const { index, ...view } = parseQuery(orbitQuery, params);
              expect(index).toBeLessThan(EXPLORE_LIMITS.maxColumns);
              const spec = viewSpec(getBase(), view);
              expectWithinCaps(checkViewCost(spec), spec);
            } else {
              const spec = viewSpec(getBase(), parseQuery(viewQuery, params));
              expectWithinCaps(checkViewCost(spec), spec);
            }
          } catch (err) {
            expectRefusal(err);
          }
        }),
        { seed: 42, numRuns: 300 },
      );
    });
  }

  it('accepts the views the page sends', () => {
    fc.assert(
      fc.property(
        fc.record({
          columns: fc.integer({ min: 2, max: 1600 }),
          width: fc.integer({ min: 300, max: 1600 }),
          transient: fc.integer({ min: 0, max: 100_000 }),
          record: fc.integer({ min: 129, max: 2000 }),
        }),
        ({ columns, width, transient, record }) => {
          fc.pre(columns * (transient + record) <= EXPLORE_LIMITS.budget);
          const params = new URLSearchParams({
            columns: String(columns),
            width: String(width),
            height: '420',
            transient: String(transient),
            record: String(record),
            channel: 'page1',
          });
          const { width: w, height, channel: _channel, ...view } = parseQuery(renderQuery, params);
          const spec = viewSpec(uv, view);
          expectWithinCaps(checkViewCost(spec, { width: w, height }), spec, { width: w, height });
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });
});
