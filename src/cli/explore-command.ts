import { spawn } from 'node:child_process';
import { SpecError } from '../spec/spec-error.js';
import { initialConditionsRefusal } from '../spec/initial-conditions.js';
import { readJsonFile } from '../spec/json-source.js';
import { loadSpec } from '../spec/load-spec.js';
import { phaseAsSweep, phaseSpecSchema } from '../spec/phase-spec.js';
import { sweepSpecSchema } from '../spec/sweep-spec.js';
import { createSweepPool } from '../sweep/pool.js';
import { EXPLORE_LIMITS } from '../explore/explore-limits.js';
import { UsageError } from '../util/user-errors.js';
import { COMMON_FLAGS, type CommandDefinition } from './command.js';
import { COMMAND_SUMMARIES } from './commands.js';
import { formatSeconds } from './progress.js';
import { workerCount } from '../util/worker-count.js';

export const exploreCommand: CommandDefinition = {
  name: 'explore',
  summary: COMMAND_SUMMARIES.explore,
  usage: 'uvchaos explore <spec.json | phase-spec.json> [--port P] [--host H] [--workers N] [--open]',
  flags: {
    port: { type: 'string', value: 'P', default: '8787', help: 'TCP port (0: any free port)' },
    host: {
      type: 'string',
      value: 'H',
      default: '127.0.0.1',
      help: 'address to listen on; anything but loopback lets others on the network run sweeps here',
    },
    workers: COMMON_FLAGS.workers(),
    open: { type: 'boolean', help: 'open the page in the default browser (xdg-open)' },
  },
  details: `Serves one page (no CDN; works offline) with the spec's bifurcation diagram, computed by the
sweep engine in worker threads at the screen's column count (an mlp spec: its own point count).
Drag a rectangle to zoom, the wheel zooms about the pointer, Shift-drag pans, Zoom out widens; a
coarse pass shows first, then the full one, with a progress bar and Cancel (a newer view cancels
the older in the workers). Hover for a column's period, regime and λ_max; click for its orbit
beside the diagram (series, return map, pin up to four, locate the flip near it). Back, forward
and reset keep the view in the URL. Exports, named after the view: the view as a sweep spec, the
PNG of uvchaos sweep, the attractor CSV. A phase spec (with a grid) opens its phase diagram
instead: the regime and λ_max heatmaps with the analytic lines; drag to recompute a region at the
same cell count, click a cell for its trajectory.
A view may cost at most ${EXPLORE_LIMITS.budget.toExponential(0)} points × steps and ${EXPLORE_LIMITS.maxPixels.toExponential(0)} pixels (else 413);
a client may run ${EXPLORE_LIMITS.viewsPerClient} at once (else 429).
The server reads only the spec file, at start; requests set the view's numbers and observable,
never the model. Ctrl-C stops the workers and exits with 130.`,
  async run({ positionals, flags, log, signal }) {
    const file = positionals[0];
    const port = portNumber(String(flags.port));
    const host = String(flags.host);
    if (!/^[A-Za-z0-9.:-]{1,253}$/.test(host))
      throw new UsageError(`explore: --host expects a host name or IP address, got ${JSON.stringify(host)}`);
    const raw = readJsonFile(file) as Record<string, unknown>;
    // a phase spec (it has a grid): the page is the phase diagram
    const phase = raw && typeof raw === 'object' && 'grid' in raw ? { file, raw, spec: await loadSpec(file, phaseSpecSchema) } : undefined;
    const spec = phase ? phaseAsSweep(phase.spec) : await loadSpec(file, sweepSpecSchema);
    // several starts per point are not the explorer's (phase specs have none)
    const refusal = phase ? null : initialConditionsRefusal(spec, 'the explorer');
    if (refusal) throw new SpecError(file, 'initialConditions', refusal);
    const workers = workerCount(flags.workers, log);
    const pool = createSweepPool(workers);
    const started = performance.now();
    // The server pulls in the figure renderer (canvas): loaded only when this command runs.
    const { startExploreServer, warmUp } = await import('../explore/explore-server.js');
    const base = { file, raw, spec };
    let explorer;
    try {
      if (!phase) await warmUp(base, pool, workers);
      explorer = await startExploreServer({ base, phase, pool, workers, host, port, log: (line) => log(line, 'stderr') });
    } catch (err) {
      await pool.destroy();
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE')
        throw new UsageError(`explore: --port ${port}: address already in use; choose another port, or --port 0 for any free one`);
      if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EACCES')
        throw new UsageError(`explore: cannot listen on ${host}:${port} (${code})`);
      throw err;
    }
    log(
      `uvchaos explore: ${spec.name} at ${explorer.url}  (${workers} worker${workers > 1 ? 's' : ''}, ready in ${formatSeconds((performance.now() - started) / 1000)}; Ctrl-C to stop)`,
    );
    if (!['127.0.0.1', 'localhost', '::1'].includes(host))
      log(`note: listening on ${host}: anyone who can reach it can run sweeps on this machine`, 'stderr');
    if (flags.open) openBrowser(explorer.url, log);
    // Runs until Ctrl-C: the CLI's handler aborts `signal` and exits with 130, which ends the workers.
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    await explorer.close();
    await pool.destroy();
    return 130;
  },
};

function portNumber(text: string): number {
  const n = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(n >= 0 && n <= 65535)) throw new UsageError(`explore: --port expects an integer from 0 to 65535, got "${text}"`);
  return n;
}

function openBrowser(url: string, log: (line: string, stream?: 'stdout' | 'stderr') => void): void {
  const child = spawn('xdg-open', [url], { detached: true, stdio: 'ignore' });
  child.on('error', () => log(`note: could not open a browser (xdg-open); open ${url} yourself`, 'stderr'));
  child.unref();
}
