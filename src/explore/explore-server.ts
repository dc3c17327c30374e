import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { constants as zlibConstants, createGzip } from 'node:zlib';
import type { Piscina } from 'piscina';
import { markedCascade } from '../api/sweep.js';
import { csvRow } from '../io/csv.js';
import { modelKindOf } from '../models/registry.js';
import { PARAMETER_LABEL } from '../render/bifurcation-figure.js';
import { bifurcationInput } from '../render/bifurcation-input.js';
import { sweepNamesOf, type SweepSpec } from '../spec/sweep-spec.js';
import { ApiError } from './api-error.js';
import { ClientSlots } from './client-slots.js';
import { EXPLORE_LIMITS } from './explore-limits.js';
import { encodeFrame } from './frame-stream.js';
import { canLocateFlips, flipNear } from './flip-near.js';
import { phaseCellOrbit, phaseCellQuery, phaseFrame, phaseQuery, phaseViewSpec, runPhaseView, type PhaseBase } from './phase-view.js';
import { pointOrbit } from './orbit.js';
import { ResponseStalled, writePaced } from './paced-write.js';
import { loadClientFiles, type StaticFile } from './static-files.js';
import { SweepLog } from './sweep-log.js';
import { TurnQueue } from './turn-queue.js';
import { orbitQuery, parseQuery, renderQuery, VIEW_INTEGER_RANGES, viewQuery, type ViewQuery } from './view-params.js';
import { checkViewCost } from './view-cost.js';
import { exportedSpecJson, viewOf, viewSpec, type BaseSpec } from './view-spec.js';
import { viewName } from './view-name.js';
import { sweepView } from './view-sweep.js';
import { viewFrame } from './view-frame.js';

export interface ExploreServerOptions {
  base: BaseSpec;
  /** a phase spec: the page is the phase diagram (explorer/phase.html) and the API its own (explore/phase-view.ts) */
  phase?: PhaseBase;
  pool: Piscina;
  workers: number;
  host: string;
  port: number;
  /** where unexpected failures are reported (the server answers 500 and goes on) */
  log: (line: string) => void;
  /** a response whose reader takes nothing for this long is cut off (default EXPLORE_LIMITS.stallTimeoutMs) */
  stallTimeoutMs?: number;
  /** a connection must send its request head within this long (default EXPLORE_LIMITS.headersTimeoutMs) */
  headersTimeoutMs?: number;
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
 * shared worker pool. GET only (HEAD is answered from the query alone, without a sweep); every
 * query is checked (400 naming the field, 413 over the budget or a cap); nothing a request sends
 * is evaluated or used as a path. A newer view on a page's channel cancels the older one, and so
 * does a page that goes away mid-sweep. What one client can hold is bounded: a few computing
 * requests at once (429 beyond), responses written at the reader's pace and cut off when it stops
 * reading, and connections that send no request closed.
 */
export async function startExploreServer(options: ExploreServerOptions): Promise<ExploreServer> {
  const { base, pool, workers } = options;
  const stallMs = options.stallTimeoutMs ?? EXPLORE_LIMITS.stallTimeoutMs;
  const headersMs = options.headersTimeoutMs ?? EXPLORE_LIMITS.headersTimeoutMs;
  const files = loadClientFiles();
  const sweeps = new SweepLog();
  const channels = new Map<string, AbortController>();
  const slots = new ClientSlots(EXPLORE_LIMITS.viewsPerClient);
  const frames = new TurnQueue();
  /** Runs a request that computes in one of its client's places (a 429 when it has none left). */
  const computing = async <T>(req: IncomingMessage, work: () => Promise<T>): Promise<T> => {
    const release = slots.take(clientOf(req));
    try {
      return await work();
    } finally {
      release();
    }
  };
  let allowedHosts: Set<string> | null = null; // set once the port is known

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (allowedHosts && !allowedHosts.has(String(req.headers.host ?? '').toLowerCase())) {
      // a page elsewhere that rebinds its own host name to 127.0.0.1 must not reach the API
      throw new ApiError(403, `unexpected Host header ${JSON.stringify(req.headers.host ?? '')}; open the URL the server printed`);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new ApiError(405, `${req.method}: the explorer answers GET requests only`);
    const head = req.method === 'HEAD';
    const url = new URL(req.url ?? '/', 'http://explorer.invalid');
    const path = url.pathname;
    if (options.phase) return handlePhase(req, res, path, url, head, options.phase);
    const file = files.get(path);
    if (file) return sendFile(res, file);
    switch (path) {
      case '/api/session':
        return sendJson(res, 200, session(base.spec, workers));
      case '/api/view':
        return streamView(req, res, parseQuery(renderQuery, url.searchParams));
      case '/api/orbit': {
        const { spec, index } = viewColumn(base, url.searchParams);
        if (head) return sendHead(res, JSON_TYPE);
        return sendJson(res, 200, await computing(req, () => pointOrbit(spec, index, pool, closeSignal(req, res))));
      }
      case '/api/flip': {
        const { spec, index } = viewColumn(base, url.searchParams);
        if (head) return sendHead(res, JSON_TYPE);
        return sendJson(res, 200, await computing(req, () => flipNear(spec, index, pool, workers, closeSignal(req, res))));
      }
      case '/api/sweeps':
        return sendJson(res, 200, sweeps.list());
      case '/api/export/spec': {
        const spec = viewSpec(base, parseQuery(viewQuery, url.searchParams));
        const text = exportedSpecJson(base, spec, spec.image.yRange);
        return sendDownload(res, 'application/json', `${viewName(base.spec.name, spec)}.json`, Buffer.from(text));
      }
      case '/api/export/csv': {
        const spec = viewSpec(base, parseQuery(viewQuery, url.searchParams));
        const [type, name] = [CSV_TYPE, `${viewName(base.spec.name, spec)}.attractors.csv`];
        if (head) return sendHead(res, type, name);
        // the table does not depend on the diagram's y range: fix one so no pilot run is made
        const tableOnly = { ...spec, image: { ...spec.image, yRange: spec.image.yRange ?? ([0, 1] as [number, number]) } };
        const sweep = await computing(req, () => sweepView(tableOnly, pool, workers, { columns: 1, rows: 1 }, closeSignal(req, res)));
        const text = csvRow(sweep.columns) + sweep.rows.map(csvRow).join('');
        return sendDownload(res, type, name, Buffer.from(text));
      }
      case '/api/export/png': {
        const spec = viewSpec(base, parseQuery(viewQuery, url.searchParams));
        const name = `${viewName(base.spec.name, spec)}.bifurcation.png`;
        if (head) return sendHead(res, 'image/png', name);
        return sendDownload(res, 'image/png', name, await computing(req, () => exportPng(spec, req, res)));
      }
      default:
        throw new ApiError(404, `no such page or API: ${path.slice(0, 100)}`);
    }
  };

  /** The phase page and its API: the plane's cells, one cell's orbit, the log of views. */
  const handlePhase = async (req: IncomingMessage, res: ServerResponse, path: string, url: URL, head: boolean, phase: PhaseBase) => {
    const file = files.get(path === '/' ? '/phase.html' : path);
    if (file) return sendFile(res, file);
    switch (path) {
      case '/api/session':
        return sendJson(res, 200, phaseSession(phase, workers));
      case '/api/sweeps':
        return sendJson(res, 200, sweeps.list());
      case '/api/phase': {
        const { channel, ...view } = parseQuery(phaseQuery, url.searchParams);
        const spec = phaseViewSpec(phase, view);
        if (head) return sendHead(res, JSON_TYPE);
        const controller = new AbortController();
        if (channel) channels.get(channel)?.abort(new Error('superseded by a newer view'));
        if (channel) channels.set(channel, controller);
        const closed = closeSignal(req, res);
        closed.addEventListener('abort', () => controller.abort(closed.reason), { once: true });
        const entry = sweeps.start(channel ?? null, { ...view });
        const started = performance.now();
        try {
          const grid = await computing(req, () => runPhaseView(spec, pool, workers, controller.signal));
          const seconds = (performance.now() - started) / 1000;
          entry.status = 'completed';
          entry.passes.push('full');
          entry.seconds.push(seconds);
          return sendJson(res, 200, await phaseFrame(spec, grid, seconds));
        } catch (err) {
          entry.status = controller.signal.aborted ? 'cancelled' : 'failed';
          throw controller.signal.aborted ? controller.signal.reason : err;
        } finally {
          if (channel && channels.get(channel) === controller) channels.delete(channel);
        }
      }
      case '/api/phase-cell': {
        const { ix, iy, ...view } = parseQuery(phaseCellQuery, url.searchParams);
        const spec = phaseViewSpec(phase, view);
        if (head) return sendHead(res, JSON_TYPE);
        return sendJson(res, 200, await computing(req, () => phaseCellOrbit(spec, ix, iy, pool, closeSignal(req, res))));
      }
      default:
        throw new ApiError(404, `no such page or API for a phase spec: ${path.slice(0, 100)}`);
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
   * the full one with the same y range. Cancelled by a newer view on the same channel, by the page
   * closing the request, or by a page that stops reading it; whichever, the workers stop this
   * view's chunks (see keepWorkersOnAbort) and its client's place is free at once.
   */
  const streamView = async (
    req: IncomingMessage,
    res: ServerResponse,
    query: ReturnType<typeof parseQuery<typeof renderQuery>>,
  ): Promise<void> => {
    const { width, height, channel, progress, ...view } = query;
    const spec = viewSpec(base, view);
    checkViewCost(spec, { width, height });
    if (req.method === 'HEAD') return sendHead(res, 'application/octet-stream');
    const coarsePoints = Math.max(EXPLORE_LIMITS.minCoarse, Math.ceil(spec.sweep.points / EXPLORE_LIMITS.coarseFactor));
    const coarse = coarsePoints < spec.sweep.points ? viewSpec(base, { ...view, columns: coarsePoints }) : null;
    const controller = new AbortController();
    if (channel) channels.get(channel)?.abort(new Error('superseded by a newer view'));
    // after the supersede: the view it cancelled has given its place up
    const release = slots.take(clientOf(req));
    controller.signal.addEventListener('abort', release, { once: true });
    if (channel) channels.set(channel, controller);
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
    res.flushHeaders(); // the page learns at once that the view was taken (or, above, why not)
    gzip?.pipe(res);
    const out = gzip ?? res;
    // Progress frames (asked for with progress=1): points done in the pass computing, at most a few
    // a second and one at each pass's end; written between the passes' frames, never inside one.
    let progressWrite: Promise<void> = Promise.resolve();
    let lastProgress = -Infinity;
    const progressOf = (stage: 'coarse' | 'full') => {
      if (progress !== '1') return undefined;
      const stageStarted = performance.now();
      return (done: number, total: number) => {
        const now = performance.now();
        if (done < total && now - lastProgress < EXPLORE_LIMITS.progressIntervalMs) return;
        lastProgress = now;
        const header = { pass: 'progress', stage, done, total, seconds: (now - stageStarted) / 1000 };
        progressWrite = progressWrite
          .then(async () => {
            for (const piece of encodeFrame(header, new Uint8Array(0))) await writePaced(out, piece, stallMs, controller.signal);
            gzip?.flush(zlibConstants.Z_SYNC_FLUSH);
          })
          .catch(() => {}); // a cancelled or stalled response: the pass itself reports it
      };
    };
    const send = async (pass: 'coarse' | 'full', sweep: Awaited<ReturnType<typeof sweepView>>) => {
      await progressWrite;
      // drawn in its turn (see TurnQueue); not at all if the view was cancelled while it waited
      const frame = await frames.run(() => (controller.signal.aborted ? null : viewFrame(sweep, requested, pass, entry.id, width, height)));
      if (!frame) throw controller.signal.reason;
      const { header, rgba } = frame;
      for (const piece of encodeFrame(header, rgba)) await writePaced(out, piece, stallMs, controller.signal);
      gzip?.flush(zlibConstants.Z_SYNC_FLUSH);
      entry.passes.push(pass);
      entry.seconds.push((performance.now() - started) / 1000);
    };
    try {
      let yRange = spec.image.yRange;
      if (coarse) {
        const sweep = await sweepView(coarse, pool, workers, { columns: width, rows: height }, controller.signal, progressOf('coarse'));
        await send('coarse', sweep);
        yRange ??= [sweep.layout.yMin, sweep.layout.yMax];
      }
      const full = yRange ? { ...spec, image: { ...spec.image, yRange } } : spec;
      await send('full', await sweepView(full, pool, workers, { columns: width, rows: height }, controller.signal, progressOf('full')));
      entry.status = 'completed';
      out.end();
    } catch (err) {
      if (err instanceof ResponseStalled) {
        // a page that stopped reading: drop its connection and the frames queued for it
        controller.abort(err);
        res.destroy();
      }
      if (controller.signal.aborted) {
        entry.status = 'cancelled';
        if (!res.destroyed) out.end();
        return;
      }
      entry.status = 'failed';
      options.log(`explore: view failed: ${err instanceof Error ? err.message : String(err)}`);
      res.destroy(); // the page sees a broken stream and says so
    } finally {
      release();
      if (channel && channels.get(channel) === controller) channels.delete(channel);
    }
  };

  // A request is its head (GET has no body): it must arrive within headersMs, checked this often.
  const server = createServer({ connectionsCheckingInterval: Math.min(5000, headersMs / 2) }, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) {
        if (!res.writableEnded) res.destroy();
        return;
      }
      if (err instanceof ApiError) return sendJson(res, err.status, err.body(), err.status === 429 ? { 'retry-after': '1' } : {});
      if (isAbort(err)) return sendJson(res, 499, { error: 'request cancelled' });
      const message = err instanceof Error ? err.message : String(err);
      if (/^grid point \d+/.test(message)) return sendJson(res, 500, { error: `sweep failed at ${message}` });
      options.log(`explore: internal error: ${err instanceof Error ? (err.stack ?? message) : message}`);
      sendJson(res, 500, { error: `internal error: ${message}` });
    });
  });
  // A malformed request line or header, or one not sent in time, never reaches the handler: answer
  // it and drop the socket (destroyed once the answer is out: a client that never reads would
  // otherwise keep a half-closed socket open).
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\n\r\n`, () => socket.destroy());
    else socket.destroy();
  });
  // Both bound only the receiving of a request, not a response streamed for minutes; a kept-alive
  // connection between requests is closed after keepAliveTimeout (Node's default, 5 s).
  server.headersTimeout = headersMs;
  server.requestTimeout = headersMs;
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
  viewFrame(
    await sweepView(spec, pool, workers, { columns: 800, rows: 420 }, new AbortController().signal),
    viewOf(spec),
    'coarse',
    0,
    800,
    420,
  );
}

/** What the phase page needs first: names, the plane's axes as the spec has them, the budget. */
/** The view and the grid column an orbit or flip query names; 400 for a column outside the view. */
function viewColumn(base: BaseSpec, params: URLSearchParams): { spec: SweepSpec; index: number } {
  const { index, ...view } = parseQuery(orbitQuery, params);
  const spec = viewSpec(base, view);
  if (index >= spec.sweep.points)
    throw new ApiError(400, `index: expected a grid index below columns = ${spec.sweep.points}, got ${index}`, 'index');
  return { spec, index };
}

function phaseSession(phase: PhaseBase, workers: number) {
  const { spec } = phase;
  return {
    mode: 'phase',
    name: spec.name,
    title: spec.title ?? spec.name,
    kind: spec.model.kind,
    view: { xfrom: spec.grid.x.from, xto: spec.grid.x.to, yfrom: spec.grid.y.from, yto: spec.grid.y.to },
    cells: { x: spec.grid.x.points, y: spec.grid.y.points },
    x: { parameter: spec.grid.x.parameter, label: PARAMETER_LABEL[spec.grid.x.parameter] ?? spec.grid.x.parameter },
    y: { parameter: spec.grid.y.parameter, label: PARAMETER_LABEL[spec.grid.y.parameter] ?? spec.grid.y.parameter },
    budget: EXPLORE_LIMITS.budget,
    workers,
  };
}

/** What the page needs before its first view: names, labels, defaults and the budget. */
function session(spec: SweepSpec, workers: number) {
  const names = sweepNamesOf(spec);
  const kind = modelKindOf(spec.model).info;
  const view: ViewQuery = viewOf(spec);
  return {
    mode: 'sweep',
    name: spec.name,
    title: spec.title ?? spec.name,
    kind: spec.model.kind,
    parameter: spec.sweep.parameter,
    parameterLabel: PARAMETER_LABEL[spec.sweep.parameter] ?? spec.sweep.parameter,
    parameterSymbol: parameterSymbol(spec.sweep.parameter),
    /** the recorded state's entries: an observable that is the whole state of a 1-D map gets a cobweb */
    recorded: kind.recorded(spec.model),
    observables: names.observables.map((name) => ({ name, label: kind.observableLabels[name] ?? name })),
    spacing: spec.sweep.spacing,
    view,
    budget: EXPLORE_LIMITS.budget,
    /** the coarse pass's points: max(min, ceil(columns / factor)), none if that is not fewer than columns */
    coarse: { factor: EXPLORE_LIMITS.coarseFactor, min: EXPLORE_LIMITS.minCoarse },
    maxColumns: EXPLORE_LIMITS.maxColumns,
    /** the integer fields' ranges, as the API checks them: the page refuses what the server would */
    ranges: VIEW_INTEGER_RANGES,
    /** every step is costly (mlp): the page defaults to the spec's own point count, not one per pixel */
    expensive: kind.samplesToMainThread,
    /** the orbit panel may locate a flip near its column (explore/flip-near.ts) */
    flipSearch: canLocateFlips(spec),
    maxPixels: EXPLORE_LIMITS.maxPixels,
    workers,
  };
}

/**
 * The parameter's symbol for the read-out: the last word of its axis label where that is a short
 * symbol ("learning rate η" → η, "target y" → y), else its name.
 */
function parameterSymbol(parameter: string): string {
  const label = PARAMETER_LABEL[parameter];
  const last = label?.split(' ').at(-1);
  return label && last && label.includes(' ') && [...last].length <= 2 ? last : parameter;
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
  res.writeHead(200, {
    'content-type': file.type,
    'content-length': file.body.length,
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  res.end(file.body);
}

const JSON_TYPE = 'application/json; charset=utf-8';
const CSV_TYPE = 'text/csv; charset=utf-8';

/** Where a request comes from, for the views-per-client cap. */
function clientOf(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? '';
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': text.length, 'cache-control': 'no-store', ...headers });
  res.end(text);
}

function sendDownload(res: ServerResponse, type: string, name: string, body: Buffer): void {
  res.writeHead(200, { 'content-type': type, 'content-length': body.length, ...attachment(name), 'cache-control': 'no-store' });
  res.end(body);
}

/** The answer to HEAD on an API that computes: the headers its GET would send, without computing the body. */
function sendHead(res: ServerResponse, type: string, download?: string): void {
  res.writeHead(200, { 'content-type': type, ...(download ? attachment(download) : {}), 'cache-control': 'no-store' });
  res.end();
}

function attachment(name: string): Record<string, string> {
  return { 'content-disposition': `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"` };
}
