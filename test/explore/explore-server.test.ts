import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { promisify } from 'node:util';
import { join } from 'node:path';
import type { Piscina } from 'piscina';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExploreServer, type ExploreServer } from '../../src/explore/explore-server.js';
import { createUvMap } from '../../src/models/uv/map.js';
import { uvSharpness } from '../../src/models/uv/sharpness.js';
import { densityToRgba } from '../../src/render/density-image.js';
import { divergedColumns } from '../../src/render/bifurcation-figure.js';
import { readJsonFile } from '../../src/spec/json-source.js';
import { loadSpec } from '../../src/spec/load-spec.js';
import { sweepSpecSchema } from '../../src/spec/sweep-spec.js';
import { gridValue } from '../../src/sweep/grid.js';
import { createSweepPool } from '../../src/sweep/pool.js';
import { runSweep } from '../../src/api/engine-by-kind.js';
import { attractorRow } from '../../src/io/attractor-table.js';
import { searchCascade } from '../../src/api/engine-by-kind.js';
import { CLI, ROOT, runCli, tempDir } from '../helpers.js';
import { writeLogisticExpressionSpec } from './expression-spec.js';
import { writeSmallPhaseSpec } from './phase-spec.js';
import { phase } from '../../src/api/phase.js';
import { phaseAsSweep, phaseSpecSchema } from '../../src/spec/phase-spec.js';
import { decodeFrames } from './frames.js';

/**
 * The explorer's API against the real sweep engine and worker pool (built workers, as the CLI
 * runs them). Known values: the UV demo (ε = 0.01, y = 10) has its 2-cycle from η = 1 to
 * √5 − 1 = 1.23607 and its 4-cycle to 1.28803; the logistic map flips at r = 3 and 1 + √6.
 */
const UV_SPEC = 'sweeps/uv-route-to-chaos.json';
const SMALL = 'columns=64&transient=2000&record=200';

let pool: Piscina;
const servers: ExploreServer[] = [];

async function serve(file: string): Promise<ExploreServer> {
  const spec = await loadSpec(file, sweepSpecSchema);
  return start({ base: { file, raw: readJsonFile(file) as Record<string, unknown>, spec } });
}

/** A server of these tests: on a free local port, on the shared pool, closed after them. */
async function start(specs: Pick<Parameters<typeof startExploreServer>[0], 'base' | 'phase'>): Promise<ExploreServer> {
  const server = await startExploreServer({ ...specs, pool, workers: 2, host: '127.0.0.1', port: 0, log: () => {} });
  servers.push(server);
  return server;
}

async function get(server: ExploreServer, path: string, init?: RequestInit) {
  const response = await fetch(new URL(path, server.url), init);
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: Buffer.from(await response.arrayBuffer()) };
}

async function json(server: ExploreServer, path: string) {
  const r = await get(server, path);
  return { status: r.status, body: JSON.parse(r.body.toString('utf8')) as Record<string, unknown> };
}

beforeAll(() => {
  pool = createSweepPool(2);
});

afterAll(async () => {
  for (const s of servers) await s.close();
  await pool.destroy();
});

describe('explorer API on the UV demo', () => {
  let uv: ExploreServer;
  beforeAll(async () => {
    uv = await serve(UV_SPEC);
  });

  it('streams a coarse then a full pass whose numbers, pixels and lines are the sweep engine’s', async () => {
    const view = 'from=0.95&to=1.28&columns=64&transient=2000&record=200&ymin=0.5&ymax=4.2';
    const r = await get(uv, `/api/view?${view}&width=128&height=90&channel=t1`);
    expect(r.status).toBe(200);
    const frames = decodeFrames(r.body);
    expect(frames.map((f) => f.header.pass)).toEqual(['coarse', 'full']);
    expect(frames[0].header.points).toBe(16);
    const { header, rgba } = frames[1];
    expect(header.points).toBe(64);
    expect(rgba.length).toBe(128 * 90 * 4);

    // The same view run by the engine on this thread (no pool, no server): same rows, same pixels.
    const spec = await loadSpec(UV_SPEC, sweepSpecSchema);
    const local = {
      ...spec,
      transient: 2000,
      record: 200,
      sweep: { ...spec.sweep, from: 0.95, to: 1.28, points: 64 },
      image: { ...spec.image, yRange: [0.5, 4.2] as [number, number] },
    };
    const lyapMax = new Float64Array(64);
    const diverged = new Uint8Array(64);
    const periods: number[] = [];
    const outcome = await runSweep(local, { pool: null, workers: 1, raster: { columns: 64, rows: 90 } }, (chunk) => {
      for (let i = chunk.start; i < chunk.end; i++) {
        const row = attractorRow(local, chunk, i);
        periods[i] = row[2] as number;
        lyapMax[i] = (row[3] as number | null) ?? NaN;
      }
    });
    expect(header.period).toEqual(periods);
    expect(header.lyapMax).toEqual(Array.from(lyapMax));
    expect(header.values).toEqual(Array.from({ length: 64 }, (_, i) => gridValue(local.sweep, i)));
    const expected = densityToRgba(
      outcome.raster!,
      outcome.layout!,
      128,
      90,
      divergedColumns({
        spec: local,
        layout: outcome.layout!,
        raster: outcome.raster!,
        lyapMax,
        diverged,
        theoryOnset: null,
        subtitle: '',
      }),
    );
    expect(Buffer.from(rgba).equals(Buffer.from(expected.buffer))).toBe(true);

    // the literature: converged below η = 1, period 2 up to √5 − 1, period 4 above it (to 1.288)
    header.values.forEach((eta, i) => {
      if (eta < 0.99) expect(header.period[i]).toBe(1);
      if (eta > 1.01 && eta < Math.sqrt(5) - 1 - 0.005) expect(header.period[i]).toBe(2);
      if (eta > Math.sqrt(5) - 1 + 0.01 && eta < 1.28) expect(header.period[i]).toBe(4);
    });
    // the figure's reference lines: η × sharpness = 2 and the onset η = 1/(√ε|y|) = 1, λ = 0
    const lines = Object.fromEntries(header.references.map((l) => [l.label, l]));
    expect(lines['η × sharpness = 2'].points.map((p) => p[1])).toEqual([2, 2]);
    expect(lines['η = 1/(√ε|y|) = 1'].points.map((p) => p[0])).toEqual([1, 1]);
    expect(lines['λ = 0'].axis).toBe('lyap');
    expect(header.x.ticks.every((t) => t.value >= header.x.min && t.value <= header.x.max)).toBe(true);
  });

  it('with progress=1, reports each pass’s points done between the same two frames, ending at the pass’s total', async () => {
    const view = 'from=0.95&to=1.28&columns=64&transient=2000&record=200&ymin=0.5&ymax=4.2&width=128&height=90';
    const plain = decodeFrames((await get(uv, `/api/view?${view}`)).body);
    const frames = decodeFrames((await get(uv, `/api/view?${view}&progress=1`)).body);
    const progress = frames.map(
      (f) => f.header as unknown as { pass: string; stage?: string; done?: number; total?: number; seconds?: number },
    );
    const passes = progress.filter((f) => f.pass !== 'progress');
    expect(passes.map((f) => f.pass)).toEqual(['coarse', 'full']);
    // the diagram's frames are those of a request without progress, pixel for pixel
    const drawn = frames.filter((f) => (f.header.pass as string) !== 'progress');
    expect(drawn[1].rgba.equals(plain[1].rgba)).toBe(true);
    for (const [stage, total, before] of [
      ['coarse', 16, 'coarse'],
      ['full', 64, 'full'],
    ] as const) {
      const reports = progress.filter((f) => f.pass === 'progress' && f.stage === stage);
      expect(reports.length).toBeGreaterThanOrEqual(1);
      expect(reports.every((f) => f.total === total)).toBe(true);
      const done = reports.map((f) => f.done!);
      expect(done).toEqual([...done].sort((a, b) => a - b));
      expect(done.at(-1)).toBe(total);
      expect(reports.every((f) => f.seconds! >= 0)).toBe(true);
      // every report of a pass comes before that pass's frame
      const frameAt = progress.findIndex((f) => f.pass === before);
      expect(progress.lastIndexOf(reports.at(-1)!)).toBeLessThan(frameAt);
      for (const f of frames) if ((f.header.pass as string) === 'progress') expect(f.rgba.length).toBe(0);
    }
  });

  it('opens a grid point’s orbit: the table’s period and exponents, and the map’s own orbit', async () => {
    const view = 'from=1&to=1.2&columns=21&transient=2000&record=200';
    const { status, body } = await json(uv, `/api/orbit?${view}&index=10`);
    expect(status).toBe(200);
    const row = body.row as Record<string, number | string>;
    expect(body.value).toBeCloseTo(1.1, 14);
    expect(row.period).toBe(2);
    expect(row.regime).toBe('periodic');
    // the same point in the CSV export of the same view
    const csv = (await get(uv, `/api/export/csv?${view}`)).body.toString('utf8').trim().split('\n');
    const header = csv[0].split(',');
    const line = csv[1 + 10].split(',');
    expect(Number(line[header.indexOf('lyap_1')])).toBe(row.lyap_1);
    expect(Number(line[header.indexOf('period')])).toBe(2);
    // independent: iterate the function-space map from (f0, λ0) = (0, 0.2), η × sharpness each step
    const eta = body.value as number;
    const map = createUvMap({ eta, eps: 0.01, target: 10 });
    const z = Float64Array.of(0, 0.2);
    for (let t = 0; t < 2000; t++) map.step(z, z);
    const series = body.series as number[];
    expect(series).toHaveLength(200);
    expect(body.firstStep).toBe(2001);
    for (let t = 0; t < 200; t++) {
      map.step(z, z);
      expect(series[t]).toBeCloseTo(eta * uvSharpness(z[0], z[1], 0.01, 10), 12);
    }
    expect(Math.abs(series[0] - series[2])).toBeLessThan(1e-9);
    expect(Math.abs(series[0] - series[1])).toBeGreaterThan(1);
  });

  it('locates the flip near a column to double precision: the 2 → 4 flip at √5 − 1, and none near η = 1.03', async () => {
    // the spec's range on 800 columns: √5 − 1 = 1.2360680 lies at grid index (1.2360680 − 0.9) / (1.05 / 799) = 255.7
    const { status, body } = await json(uv, '/api/flip?columns=800&index=256');
    expect(status).toBe(200);
    const flip = body.flip as { periodFrom: number; periodTo: number; value: number };
    expect(flip.periodFrom).toBe(2);
    expect(flip.periodTo).toBe(4);
    expect(Math.abs(flip.value - (Math.sqrt(5) - 1))).toBeLessThan(1e-12);
    // four grid steps each side of the column
    const step = 1.05 / 799;
    expect(body.from).toBeCloseTo(0.9 + 252 * step, 12);
    expect(body.to).toBeCloseTo(0.9 + 260 * step, 12);
    const none = await json(uv, '/api/flip?columns=800&index=100');
    expect(none.body.flip).toBeNull();
    expect(none.body.stopped).toMatch(/no doubling of period 2/);
    expect((await json(uv, '/api/flip?columns=64&index=64')).body.field).toBe('index');
  });

  it('exports a spec that `uvchaos sweep` runs to the same CSV and PNG, byte for byte', async () => {
    const view = 'from=1.2&to=1.31&columns=48&transient=3000&record=300&ymin=0.4&ymax=4.5&obs=eta_sharpness';
    const download = await fetch(new URL(`/api/export/spec?${view}`, uv.url));
    // named after the view (η 1.2 … 1.31: a hundredth of the 0.11 span needs no more digits), so
    // sweeping it never overwrites the original run's files; the range is in its description
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="uv-route-to-chaos-eta-1.2-1.31.json"');
    const specText = await download.text();
    const exported = JSON.parse(specText) as Record<string, unknown>;
    expect(exported.name).toBe('uv-route-to-chaos-eta-1.2-1.31');
    expect(exported.description).toMatch(
      /^A view exported from uvchaos explore: eta from 1\.2 to 1\.31 \(48 points\), 3000 transient \+ 300 recorded steps, observable eta_sharpness\. width 100, /,
    );
    expect(exported.sweep).toEqual({ parameter: 'eta', from: 1.2, to: 1.31, points: 48 });
    expect(exported).toMatchObject({
      transient: 3000,
      record: 300,
      observable: 'eta_sharpness',
      image: { yRange: [0.4, 4.5] },
      model: { kind: 'uv', width: 100 },
    });
    const dir = tempDir();
    writeFileSync(join(dir, 'view.json'), specText);
    // asynchronously: a blocking spawnSync would stall this process's server and its keep-alive sockets
    await promisify(execFile)(process.execPath, [CLI, 'sweep', join(dir, 'view.json'), '--out', dir, '--quiet', '--workers', '2'], {
      cwd: ROOT,
    });
    const csv = await get(uv, `/api/export/csv?${view}`);
    expect(csv.type).toMatch(/^text\/csv/);
    expect(csv.body.toString('utf8')).toBe(readFileSync(join(dir, 'uv-route-to-chaos-eta-1.2-1.31.attractors.csv'), 'utf8'));
    const png = await get(uv, `/api/export/png?${view}`);
    expect(png.type).toBe('image/png');
    expect(png.body.equals(readFileSync(join(dir, 'uv-route-to-chaos-eta-1.2-1.31.bifurcation.png')))).toBe(true);
  });

  it('answers a bad request with 400 naming the field, and an over-budget one with 413 naming the budget', async () => {
    const cases: [string, string, RegExp][] = [
      ['/api/view?from=1.3&to=1.2&width=100&height=100', 'to', /expected to > from/],
      ['/api/view?columns=abc&width=100&height=100', 'columns', /integer from 2 to 4000/],
      ['/api/view?colums=64&width=100&height=100', 'colums', /unknown query parameter \(did you mean "columns"\?\)/],
      ['/api/view?obs=loss2&width=100&height=100', 'obs', /expected one of "eta_sharpness"/],
      ['/api/view?ymin=1&width=100&height=100', 'ymin', /ymin and ymax together/],
      ['/api/view?ymin=3&ymax=1&width=100&height=100', 'ymin', /low < high/],
      ['/api/view?record=64&width=100&height=100', 'record', /period\.max/],
      ['/api/view?from=1&from=2&width=100&height=100', 'from', /given twice/],
      ['/api/view?from=1e999&width=100&height=100', 'from', /finite/],
      ['/api/view?width=0&height=100', 'width', /integer from 16/],
      ['/api/view?channel=a/b&width=100&height=100', 'channel', /letters, digits/],
      ['/api/orbit?columns=64&index=64', 'index', /below columns = 64/],
      // a span of 1e-14 around 1.467: 800 points would sit under 1/6 ulp apart (ulp 2.2e-16)
      ['/api/view?from=1.467&to=1.46700000000001&columns=800&width=100&height=100', 'to', /below floating-point resolution/],
      ['/api/orbit?__proto__=1&index=1', '__proto__', /unknown query parameter/],
    ];
    for (const [path, field, message] of cases) {
      const { status, body } = await json(uv, path);
      expect({ path, status }).toEqual({ path, status: 400 });
      expect(body.field, path).toBe(field);
      expect(body.error, path).toMatch(message);
    }
    const over = await json(uv, '/api/view?columns=4000&transient=60000&width=100&height=100');
    expect(over.status).toBe(413);
    expect(over.body.budget).toBe(2e8);
    expect(over.body.error).toMatch(/4000 × 61000 = 2\.44e\+8 steps, over the explorer's budget of 2e\+8 steps per view/);
  });

  it('serves only its own page, to its own host name, and keeps answering', async () => {
    expect((await get(uv, '/')).type).toMatch(/^text\/html/);
    expect((await get(uv, '/main.js')).type).toMatch(/^text\/javascript/);
    expect((await get(uv, '/../package.json')).status).toBe(404);
    expect((await get(uv, '/%2e%2e/package.json')).status).toBe(404);
    expect((await get(uv, '/api/nothing')).status).toBe(404);
    expect((await get(uv, '/api/session', { method: 'POST' })).status).toBe(405);
    // a page whose own name was rebound to 127.0.0.1 sends its name as Host (fetch cannot set it)
    const rebound = await new Promise<number>((resolve, reject) => {
      const req = request(new URL('/api/session', uv.url), { headers: { host: 'attacker.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      req.end();
    });
    expect(rebound).toBe(403);
    const session = await json(uv, '/api/session');
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({
      name: 'uv-route-to-chaos',
      parameter: 'eta',
      parameterSymbol: 'η',
      expensive: false,
      flipSearch: true,
      recorded: ['f', 'ntk'],
      ranges: { transient: [0, 1e8], record: [16, 1e6], columns: [2, 4000] },
      budget: 2e8,
      view: { from: 0.9, to: 1.95, transient: 20000, record: 1000, columns: 4000 },
    });
  });
});

describe('what the explorer found: the period-3 window of the UV map has its own cascade', () => {
  it('the periods of the zoomed view step 3 → 6 → 12 → 24 → 48 exactly where Newton continuation puts the flips', async () => {
    const file = 'sweeps/uv-period-3-window.json';
    const server = await serve(file);
    const { header } = decodeFrames((await get(server, '/api/view?width=200&height=100')).body)[1];
    expect(header.points).toBe(800);
    const spec = await loadSpec(file, sweepSpecSchema);
    const flips = searchCascade(spec, Int32Array.from(header.period)).rows.map((r) => r.value);
    // the values the README quotes (uvchaos cascade on this spec)
    const quoted = [1.4608286738786, 1.4657090579322, 1.4668440975562, 1.4670924082189, 1.4671458110488];
    quoted.forEach((v, k) => expect(Math.abs(flips[k] - v)).toBeLessThan(1e-12));
    // an independent reading: period detection on the grid, away from the flips by a grid step
    const step = (spec.sweep.to - spec.sweep.from) / (spec.sweep.points - 1);
    let checked = 0;
    header.values.forEach((eta, i) => {
      if (eta > flips[3] - step || flips.some((f) => Math.abs(eta - f) < step)) return;
      const k = flips.filter((f) => f < eta).length;
      expect(header.period[i], `eta = ${eta}`).toBe(3 * 2 ** k);
      checked++;
    });
    expect(checked).toBeGreaterThan(700);
  });
});

describe('explorer API on a phase spec', () => {
  it('computes the plane as uvchaos phase does, a dragged region at the same cell count, and a cell’s trajectory', async () => {
    const file = writeSmallPhaseSpec();
    const phaseSpec = await loadSpec(file, phaseSpecSchema);
    const raw = readJsonFile(file) as Record<string, unknown>;
    const server = await start({ base: { file, raw, spec: phaseAsSweep(phaseSpec) }, phase: { file, raw, spec: phaseSpec } });
    const session = await json(server, '/api/session');
    expect(session.body).toMatchObject({ mode: 'phase', cells: { x: 24, y: 16 }, view: { xfrom: 0.05, xto: 3, yfrom: 1, yto: 20 } });
    // the whole plane: every cell's category and the counts, as the library's phase() (the command's engine) has them
    const whole = await json(server, '/api/phase');
    expect(whole.status).toBe(200);
    type PhaseInput = Parameters<typeof phase>[0];
    const reference = await phase(raw as PhaseInput, { workers: 2 });
    expect(whole.body.category).toEqual(Array.from(reference.category));
    expect(whole.body.counts).toEqual(reference.counts);
    // a dragged region: the same 24 × 16 cells over the new ranges
    const region = 'xfrom=0.8&xto=1.6&yfrom=6&yto=14';
    const zoomed = await json(server, `/api/phase?${region}`);
    const x = zoomed.body.x as { from: number; to: number; points: number };
    expect([x.from, x.to, x.points]).toEqual([0.8, 1.6, 24]);
    const grid = raw.grid as { x: object; y: object };
    const zoomedRaw = { ...raw, grid: { x: { ...grid.x, from: 0.8, to: 1.6 }, y: { ...grid.y, from: 6, to: 14 } } };
    const zoomedReference = await phase(zoomedRaw as PhaseInput, { workers: 2 });
    expect(zoomed.body.category).toEqual(Array.from(zoomedReference.category));
    // a cell in the 2-cycle band: period 2, its series alternating, and past the onset η = 1/(√ε|y|) = 10/y
    const category = zoomed.body.category as number[];
    const c = category.indexOf(1);
    expect(c).toBeGreaterThanOrEqual(0);
    const [ix, iy] = [c % 24, Math.floor(c / 24)];
    const cell = await json(server, `/api/phase-cell?${region}&ix=${ix}&iy=${iy}`);
    expect(cell.status).toBe(200);
    const row = cell.body.row as Record<string, number | string>;
    expect(row.period).toBe(2);
    expect(cell.body.x).toBeCloseTo(0.8 + (ix * 0.8) / 23, 12);
    expect(cell.body.y).toBeCloseTo(6 + (iy * 8) / 15, 12);
    expect([row.eta, row.target]).toEqual([cell.body.x, cell.body.y]);
    expect(cell.body.x as number).toBeGreaterThan(10 / (cell.body.y as number));
    const series = cell.body.series as number[];
    expect(Math.abs(series[0] - series[2])).toBeLessThan(1e-9);
    expect(Math.abs(series[0] - series[1])).toBeGreaterThan(1e-6);
    expect((await json(server, `/api/phase-cell?${region}&ix=24&iy=0`)).body.field).toBe('ix');
    expect((await json(server, '/api/phase?xfrom=2&xto=1')).status).toBe(400);
    // a plane over the budget: 24 × 16 cells × 600,000 steps = 2.3e8 > 2e8
    const big = { ...raw, transient: 599_872 };
    const bigPhase = await start({
      base: { file, raw: big, spec: phaseAsSweep(phaseSpec) },
      phase: { file, raw: big, spec: { ...phaseSpec, transient: 599_872 } },
    });
    const refused = await json(bigPhase, '/api/phase');
    expect(refused.status).toBe(413);
    expect(refused.body.error).toMatch(/^cells × \(transient \+ record\) = 384 × 600000 = 2\.30e\+8 steps, over the explorer's budget/);
  });
});

describe('explorer API on the other map kinds', () => {
  it('logistic: period 1 below r = 3, 2 up to 1 + √6', async () => {
    const server = await serve('sweeps/logistic.json');
    const { header } = decodeFrames((await get(server, `/api/view?from=2.9&to=3.4&${SMALL}&width=64&height=50`)).body)[1];
    header.values.forEach((r, i) => expect(header.period[i]).toBe(r < 2.99 ? 1 : r > 3.01 ? 2 : header.period[i]));
    expect(header.references.map((l) => l.label)).toEqual(['λ = 0']);
  });

  it('Hénon (b = 0.3): a stable fixed point below a = 3(1 − b)²/4 = 0.3675', async () => {
    const server = await serve('sweeps/henon.json');
    const { header } = decodeFrames((await get(server, `/api/view?from=0.1&to=0.35&${SMALL}&width=64&height=50`)).body)[1];
    expect(new Set(header.period)).toEqual(new Set([1]));
    const orbit = await json(server, `/api/orbit?from=0.1&to=0.35&${SMALL}&index=3`);
    expect(orbit.body.row).toMatchObject({ period: 1, regime: 'converged' });
    // λ1 + λ2 = ln b for the Hénon map (constant Jacobian determinant −b)
    const row = orbit.body.row as Record<string, number>;
    expect(row.lyap_1 + row.lyap_2).toBeCloseTo(Math.log(0.3), 10);
  });

  it('expression maps: the logistic map written out gives the built-in map’s periods', async () => {
    const file = writeLogisticExpressionSpec();
    const server = await serve(file);
    const logistic = await serve('sweeps/logistic.json');
    const view = `from=2.9&to=3.4&${SMALL}&width=64&height=50`;
    const expr = decodeFrames((await get(server, `/api/view?${view}`)).body)[1].header;
    const builtIn = decodeFrames((await get(logistic, `/api/view?${view}`)).body)[1].header;
    expect(expr.period).toEqual(builtIn.period);
    expect(expr.regime).toEqual(builtIn.regime);
  });
});

describe('uvchaos explore on the command line', () => {
  it('refuses a bad port or spec with one line and exit 2', () => {
    const port = runCli(['explore', UV_SPEC, '--port', '70000']);
    expect(port.code).toBe(2);
    expect(port.stderr).toBe('uvchaos: error: explore: --port expects an integer from 0 to 65535, got "70000"\n');
    const missing = runCli(['explore', 'sweeps/none.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('uvchaos: error: sweeps/none.json: no such file\n');
  });
});
