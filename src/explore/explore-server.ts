import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { constants as zlibConstants, createGzip } from 'node:zlib';
import type { Piscina } from 'piscina';
import { markedCascade } from '../api/sweep.js';
import { csvRow } from '../io/csv.js';
import { modelKindOf } from '../models/registry.js';
import { PARAMETER_LABEL } from '../render/bifurcation-figure.js';
import { bifurcationInput } from '../render/bifurcation-input.js';
import { sweepNames, type SweepSpec } from '../spec/sweep-spec.js';
import { ApiError } from './api-error.js';
import { EXPLORE_LIMITS } from './explore-limits.js';
import { encodeFrame } from './frame-stream.js';
import { pointOrbit } from './orbit.js';
import { loadClientFiles, type StaticFile } from './static-files.js';
import { SweepLog } from './sweep-log.js';
import { orbitQuery, parseQuery, renderQuery, viewQuery, type ViewQuery } from './view-params.js';
import { exportedSpecJson, viewOf, viewSpec, type BaseSpec } from './view-spec.js';
import { sweepView } from './view-sweep.js';
import { viewFrame } from './view-frame.js';

export interface ExploreServerOptions {
  base: BaseSpec;
  pool: Piscina;
  workers: number;
  host: string;
  port: number;
  /** where unexpected failures are reported (the server answers 500 and goes on) */
  log: (line: string) => void;
}

export interface ExploreServer {
  server: Server;
  url: string;
  sweeps: SweepLog;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * The explorer's HTTP server: the page's files, and an API that turns views into sweeps on the
 * shared worker pool. GET only; every query is checked (400 naming the field, 413 over the
 * budget); nothing a request sends is evaluated or used as a path. A newer view on a page's
 * channel cancels the older one, and so does a page that goes away mid-sweep.
 */
export async function startExploreServer(options: ExploreServerOptions): Promise<ExploreServer> {
  const { base, pool, workers } = options;
  const files = loadClientFiles();
  const sweeps = new SweepLog();
  const channels = new Map<string, AbortController>();
  let allowedHosts: Set<string> | null = null; // set once the port is known

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (allowedHosts && !allowedHosts.has(String(req.headers.host ?? '').toLowerCase())) {
      // a page elsewhere that rebinds its own host name to 127.0.0.1 must not reach the API
      throw new ApiError(403, `unexpected Host header ${JSON.stringify(req.headers.host ?? '')}; open the URL the server printed`);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new ApiError(405, `${req.method}: the explorer answers GET requests only`);
    const url = new URL(req.url ?? '/', 'http://explorer.invalid');
    const path = url.pathname;
    const file = files.get(path);
    if (file) return sendFile(res, file);
    switch (path) {
      case '/api/session':
        return sendJson(res, 200, session(base.spec, workers));
      case '/api/view':
        return streamView(req, res, parseQuery(renderQuery, url.searchParams));
      case '/api/orbit': {
        const { index, ...view } = parseQuery(orbitQuery, url.searchParams);
        const spec = viewSpec(base, view);
        if (index >= spec.sweep.points) throw new ApiError(400, `index: expected a grid index below columns = ${spec.sweep.points}, got ${index}`, 'index');
        return sendJson(res, 200, await pointOrbit(spec, index, pool, closeSignal(req, res)));
      }
      case '/api/sweeps':
        return sendJson(res, 200, sweeps.list());
      case '/api/export/spec': {
        const spec = viewSpec(base, parseQuery(viewQuery, url.searchParams));
        const text = exportedSpecJson(base, spec, spec.image.yRange);
        return sendDownload(res, 'application/json', `${spec.name}.json`, Buffer.from(text));
      }
      case '/api/export/csv': {
        const spec = viewSpec(base, parseQuery(viewQuery, url.searchParams));
        // the table does not depend on the diagram's y range: fix one so no pilot run is made
        const tableOnly = { ...spec, image: { ...spec.image, yRange: spec.image.yRange ?? ([0, 1] as [number, number]) } };
        const sweep = await sweepView(tableOnly, pool, workers, { columns: 1, rows: 1 }, closeSignal(req, res));
        const text = csvRow(sweep.columns) + sweep.rows.map(csvRow).join('');
        return sendDownload(res, 'text/csv; charset=utf-8', `${spec.name}.attractors.csv`, Buffer.from(text));
      }
      case '/api/export/png':
        return sendDownload(res, 'image/png', `${base.spec.name}.bifurcation.png`, await exportPng(viewSpec(base, parseQuery(viewQuery, url.searchParams)), req, res));
      default:
        throw new ApiError(404, `no such page or API: ${path.slice(0, 100)}`);
    }
  };

  /** The figure `uvchaos sweep` would draw for the view's spec, by the same renderer. */
  const exportPng = async (spec: SweepSpec, req: IncomingMessage, res: ServerResponse): Promise<Buffer> => {
    const renderer = import('../render/bifurcation-figure.js');
    const sweep = await sweepView(spec, pool, workers, { columns: spec.image.width, rows: spec.image.height }, closeSignal(req, res));
    const periods = Int32Array.from(sweep.rows, (row) => row[2] as number);
    const kind = modelKindOf(spec.model);
    const flips = markedCascade(kind, spec, periods)?.flips;
    const { renderBifurcationFigure } = await renderer;
    return renderBifurcationFigure(bifurcationInput(kind.info, sweep, flips));
  };

  /**
   * A view's two passes in one streamed response: a coarse grid first (every few columns), then
   * the full one with the same y range. Cancelled by a newer view on the same channel or by the
   * page closing the request; either way the workers stop taking this view's chunks.
   */
  const streamView = async (req: IncomingMessage, res: ServerResponse, query: ReturnType<typeof parseQuery<typeof renderQuery>>): Promise<void> => {
    const { width, height, channel, ...view } = query;
    const spec = viewSpec(base, view);
    const coarsePoints = Math.max(EXPLORE_LIMITS.minCoarse, Math.ceil(spec.sweep.points / EXPLORE_LIMITS.coarseFactor));
    const coarse = coarsePoints < spec.sweep.points ? viewSpec(base, { ...view, columns: coarsePoints }) : null;
    const controller = new AbortController();
    if (channel) {
      channels.get(channel)?.abort(new Error('superseded by a newer view'));
      channels.set(channel, controller);
    }
    const closed = closeSignal(req, res);
    closed.addEventListener('abort', () => controller.abort(closed.reason), { once: true });
    const requested = viewOf(spec);
    const entry = sweeps.start(channel ?? null, requested);
    const started = performance.now();
    // Pixels are mostly blank: gzip (fastest level, flushed per frame) cuts a frame about tenfold.
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')) ? createGzip({ level: 1 }) : null;
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'cache-control': 'no-store',
      'x-sweep-id': String(entry.id),
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    });
    gzip?.pipe(res);
    const out = gzip ?? res;
    const send = (pass: 'coarse' | 'full', sweep: Awaited<ReturnType<typeof sweepView>>) => {
      const { header, rgba } = viewFrame(sweep, requested, pass, entry.id, width, height);
      out.write(encodeFrame(header, rgba));
      gzip?.flush(zlibConstants.Z_SYNC_FLUSH);
      entry.passes.push(pass);
      entry.seconds.push((performance.now() - started) / 1000);
    };
    try {
      let yRange = spec.image.yRange;
      if (coarse) {
        const sweep = await sweepView(coarse, pool, workers, { columns: width, rows: height }, controller.signal);
        send('coarse', sweep);
        yRange ??= [sweep.layout.yMin, sweep.layout.yMax];
      }
      const full = yRange ? { ...spec, image: { ...spec.image, yRange } } : spec;
      send('full', await sweepView(full, pool, workers, { columns: width, rows: height }, controller.signal));
      entry.status = 'completed';
      out.end();
    } catch (err) {
      if (controller.signal.aborted) {
        entry.status = 'cancelled';
        out.end();
        return;
      }
      entry.status = 'failed';
      options.log(`explore: view failed: ${err instanceof Error ? err.message : String(err)}`);
      res.destroy(); // the page sees a broken stream and says so
    } finally {
      if (channel && channels.get(channel) === controller) channels.delete(channel);
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) {
        if (!res.writableEnded) res.destroy();
        return;
      }
      if (err instanceof ApiError) return sendJson(res, err.status, err.body());
      if (isAbort(err)) return sendJson(res, 499, { error: 'request cancelled' });
      const message = err instanceof Error ? err.message : String(err);
      if (/^grid point \d+/.test(message)) return sendJson(res, 500, { error: `sweep failed at ${message}` });
      options.log(`explore: internal error: ${err instanceof Error ? (err.stack ?? message) : message}`);
      sendJson(res, 500, { error: `internal error: ${message}` });
    });
  });
  // A malformed request line or header never reaches the handler: answer it and drop the socket.
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });
  server.requestTimeout = 0; // a full-budget sweep may stream for longer than the default 300 s
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  if (LOOPBACK.has(options.host)) allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    server,
    url: `http://${host}:${port}/`,
    sweeps,
    close: () =>
      new Promise<void>((resolve) => {
        for (const controller of channels.values()) controller.abort(new Error('server closing'));
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Runs the spec's first view once, coarse, through the page's whole path (sweep and frame), so
 * every worker has loaded its modules and kernels and the main thread's code is compiled before
 * the page asks: on a busy machine that is about a second the first diagram would otherwise wait.
 * Skipped for models whose every step is costly (mlp).
 */
export async function warmUp(base: BaseSpec, pool: Piscina, workers: number): Promise<void> {
  if (modelKindOf(base.spec.model).info.samplesToMainThread) return;
  const points = Math.max(EXPLORE_LIMITS.minCoarse, 8 * workers);
  let spec: SweepSpec;
  try {
    spec = viewSpec(base, { columns: points });
  } catch (err) {
    if (err instanceof ApiError) return; // even a coarse view is over the budget: the page will say so
    throw err;
  }
  viewFrame(await sweepView(spec, pool, workers, { columns: 800, rows: 420 }, new AbortController().signal), viewOf(spec), 'coarse', 0, 800, 420);
}

/** What the page needs before its first view: names, labels, defaults and the budget. */
function session(spec: SweepSpec, workers: number) {
  const names = sweepNames(spec.model);
  const kind = modelKindOf(spec.model).info;
  const view: ViewQuery = viewOf(spec);
  return {
    name: spec.name,
    title: spec.title ?? spec.name,
    kind: spec.model.kind,
    parameter: spec.sweep.parameter,
    parameterLabel: PARAMETER_LABEL[spec.sweep.parameter] ?? spec.sweep.parameter,
    observables: names.observables.map((name) => ({ name, label: kind.observableLabels[name] ?? name })),
    spacing: spec.sweep.spacing,
    view,
    budget: EXPLORE_LIMITS.budget,
    maxColumns: EXPLORE_LIMITS.maxColumns,
    workers,
  };
}

/** Aborted when the client goes away before the response is complete. */
function closeSignal(req: IncomingMessage, res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort(new Error('the page closed the request'));
  });
  req.once('aborted', () => controller.abort(new Error('the page closed the request')));
  return controller.signal;
}

function isAbort(err: unknown): boolean {
  return err instanceof Error && (err.name === 'AbortError' || /closed the request|superseded|server closing/.test(err.message));
}

function sendFile(res: ServerResponse, file: StaticFile): void {
  res.writeHead(200, { 'content-type': file.type, 'content-length': file.body.length, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
  res.end(file.body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': text.length, 'cache-control': 'no-store' });
  res.end(text);
}

function sendDownload(res: ServerResponse, type: string, name: string, body: Buffer): void {
  res.writeHead(200, { 'content-type': type, 'content-length': body.length, 'content-disposition': `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"`, 'cache-control': 'no-store' });
  res.end(body);
}
