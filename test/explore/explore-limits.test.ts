import { connect, type Socket } from 'node:net';
import { request } from 'node:http';
import type { Piscina } from 'piscina';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPLORE_LIMITS } from '../../src/explore/explore-limits.js';
import { startExploreServer, type ExploreServer, type ExploreServerOptions } from '../../src/explore/explore-server.js';
import { readJsonFile } from '../../src/spec/json-source.js';
import { loadSpec } from '../../src/spec/load-spec.js';
import { sweepSpecSchema } from '../../src/spec/sweep-spec.js';
import { createSweepPool } from '../../src/sweep/pool.js';

/**
 * What one client can make the explorer hold and for how long: the pixels and bytes a view may
 * cost (413), how many views a client may run at once (429), responses nobody reads and sockets
 * that say nothing (cut off), and HEAD (answered without a sweep).
 */
const UV_SPEC = 'sweeps/uv-route-to-chaos.json';
const MLP_SPEC = 'sweeps/mlp-one-example-cascade.json';
/** An mlp view whose one chunk trains for minutes: what a request must not wait for. */
const ENDLESS_MLP = 'columns=2&transient=2000000&record=130';

let pool: Piscina;
const servers: ExploreServer[] = [];

async function serve(file: string, extra: Partial<ExploreServerOptions> = {}): Promise<ExploreServer> {
  const spec = await loadSpec(file, sweepSpecSchema);
  const base = { file, raw: readJsonFile(file) as Record<string, unknown>, spec };
  const server = await startExploreServer({ base, pool, workers: 2, host: '127.0.0.1', port: 0, log: () => {}, ...extra });
  servers.push(server);
  return server;
}

/** One request on its own connection: status, headers and body (HEAD has none). */
function call(
  server: ExploreServer,
  path: string,
  method = 'GET',
): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, server.url), { method, agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** A raw connection that sends `text` and then never reads what comes back. */
function deafSocket(server: ExploreServer, text: string): Promise<Socket> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.pause();
      if (text) socket.write(text);
      resolve(socket);
    });
    socket.on('error', () => {}); // the server cutting it off is what the tests wait for
    socket.once('error', reject);
  });
}

const connections = (server: ExploreServer) =>
  new Promise<number>((resolve, reject) => server.server.getConnections((err, n) => (err ? reject(err) : resolve(n))));
const sweepLog = async (server: ExploreServer) =>
  JSON.parse((await call(server, '/api/sweeps')).body.toString('utf8')) as { id: number; status: string; passes: string[] }[];

beforeAll(() => {
  pool = createSweepPool(2);
});

afterAll(async () => {
  for (const s of servers) await s.close();
  await pool.destroy();
});

describe('what a view may cost', () => {
  let uv: ExploreServer;
  beforeAll(async () => {
    uv = await serve(UV_SPEC);
  });

  it('refuses a plot area over the pixel cap with 413 naming width × height, before any sweep', async () => {
    const before = (await sweepLog(uv)).length;
    const r = await call(uv, '/api/view?width=4000&height=3000&columns=4000&transient=100&record=200');
    expect(r.status).toBe(413);
    const body = JSON.parse(r.body.toString('utf8')) as Record<string, unknown>;
    expect(body.field).toBe('width');
    expect(body.budget).toBe(EXPLORE_LIMITS.maxPixels);
    expect(body.error).toMatch(/^width × height = 4000 × 3000 = 1\.20e\+7 pixels, over the explorer's cap of 1e\+6 pixels per view/);
    expect((await sweepLog(uv)).length).toBe(before);
  });

  it('accepts the largest plot area and sends no more bytes than it counted', async () => {
    const r = await call(uv, '/api/view?width=2000&height=500&columns=200&transient=100&record=200&ymin=0&ymax=5');
    expect(r.status).toBe(200);
    expect(2000 * 500).toBe(EXPLORE_LIMITS.maxPixels);
    expect(r.body.length).toBeGreaterThan(2 * 4 * EXPLORE_LIMITS.maxPixels);
    expect(r.body.length).toBeLessThanOrEqual(EXPLORE_LIMITS.maxResponseBytes);
  });

  it('refuses an mlp view whose recorded samples the server would hold over its cap (413 naming record)', async () => {
    const mlp = await serve(MLP_SPEC);
    // 200 × (0 + 1e6) steps is within the step budget, but 2e8 samples are 1.6 GB of doubles
    const r = await call(mlp, '/api/export/csv?columns=200&transient=0&record=1000000');
    expect(r.status).toBe(413);
    const body = JSON.parse(r.body.toString('utf8')) as Record<string, unknown>;
    expect(body.field).toBe('record');
    expect(body.budget).toBe(EXPLORE_LIMITS.maxSamples);
    expect(body.error).toMatch(/^columns × record = 200 × 1000000 = 2\.00e\+8 recorded samples/);
  });
});

describe('HEAD', () => {
  it('answers a view, an orbit and the exports with their headers and runs no sweep', async () => {
    const mlp = await serve(MLP_SPEC);
    for (const path of [
      `/api/view?${ENDLESS_MLP}&width=100&height=100`,
      `/api/orbit?${ENDLESS_MLP}&index=1`,
      `/api/export/csv?${ENDLESS_MLP}`,
      `/api/export/png?${ENDLESS_MLP}`,
      `/api/export/spec?${ENDLESS_MLP}`,
    ]) {
      const r = await call(mlp, path, 'HEAD');
      expect({ path, status: r.status }).toEqual({ path, status: 200 });
      expect(r.body.length).toBe(0);
    }
    expect((await call(mlp, `/api/export/csv?${ENDLESS_MLP}`, 'HEAD')).headers['content-type']).toMatch(/^text\/csv/);
    expect(await sweepLog(mlp)).toEqual([]);
    // a bad query is still refused
    expect((await call(mlp, '/api/view?width=1&height=100', 'HEAD')).status).toBe(400);
  });
});

describe('views at once per client', () => {
  it(`runs at most ${EXPLORE_LIMITS.viewsPerClient} views of one client at once and answers the rest 429`, async () => {
    const mlp = await serve(MLP_SPEC);
    const n = EXPLORE_LIMITS.viewsPerClient + 2;
    const controllers = Array.from({ length: n }, () => new AbortController());
    // the response head of a view is sent before its sweep: fetch resolves at once either way
    const responses = await Promise.all(
      controllers.map((c, i) =>
        fetch(new URL(`/api/view?${ENDLESS_MLP}&width=100&height=100&ymin=0&ymax=${i + 1}`, mlp.url), { signal: c.signal }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(EXPLORE_LIMITS.viewsPerClient).fill(200), 429, 429]);
    const refused = responses.find((r) => r.status === 429)!;
    expect(((await refused.json()) as { error: string }).error).toMatch(
      new RegExp(`^${EXPLORE_LIMITS.viewsPerClient} views of this client are running`),
    );
    for (const c of controllers) c.abort();
    // once the pages went away their views are cancelled and their places free again
    await expect.poll(async () => (await sweepLog(mlp)).every((e) => e.status === 'cancelled'), { timeout: 20_000 }).toBe(true);
    expect((await call(mlp, '/api/export/spec?columns=2')).status).toBe(200);
    const small = await call(mlp, '/api/view?columns=2&transient=10&record=130&width=50&height=50');
    expect(small.status).toBe(200);
  });

  it('a newer view on a channel takes the place of the one it cancels', async () => {
    const mlp = await serve(MLP_SPEC);
    const controllers: AbortController[] = [];
    for (let i = 0; i < EXPLORE_LIMITS.viewsPerClient + 3; i++) {
      const c = new AbortController();
      controllers.push(c);
      const r = await fetch(new URL(`/api/view?${ENDLESS_MLP}&width=100&height=100&ymin=0&ymax=${i + 1}&channel=page`, mlp.url), {
        signal: c.signal,
      });
      expect(r.status).toBe(200);
    }
    for (const c of controllers) c.abort();
    await expect.poll(async () => (await sweepLog(mlp)).every((e) => e.status === 'cancelled'), { timeout: 20_000 }).toBe(true);
  });
});

describe('responses nobody reads and sockets that say nothing', () => {
  it('cuts off a response its reader stopped taking, and cancels its sweep', async () => {
    const uv = await serve(UV_SPEC, { stallTimeoutMs: 1000 });
    const { host } = new URL(uv.url);
    // two 4 MB frames, more than the sockets' buffers take from a reader that reads nothing
    const socket = await deafSocket(
      uv,
      `GET /api/view?width=2000&height=500&columns=400&transient=100&record=200&ymin=0&ymax=5 HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
    );
    await expect.poll(async () => (await sweepLog(uv)).map((e) => e.status), { timeout: 20_000 }).toEqual(['cancelled']);
    expect((await sweepLog(uv))[0].passes).not.toContain('full');
    await expect.poll(() => connections(uv), { timeout: 10_000 }).toBe(0);
    socket.destroy();
  });

  it('closes a connection that sends no request', async () => {
    const uv = await serve(UV_SPEC, { headersTimeoutMs: 1000 });
    const silent = await deafSocket(uv, '');
    const half = await deafSocket(uv, 'GET /api/session HTTP/1.1\r\n');
    await expect.poll(() => connections(uv), { timeout: 15_000 }).toBe(0);
    silent.destroy();
    half.destroy();
  });
});
