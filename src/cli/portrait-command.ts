import { planPortrait, runPortrait } from '../api/portrait.js';
import { basinFractions, basinFractionsTable, basinsTable, fixedPointsTable } from '../portrait/portrait-tables.js';
import { loadSpec } from '../spec/load-spec.js';
import { portraitSpecSchema, PORTRAIT_LIMITS } from '../spec/portrait-spec.js';
import { COMMON_FLAGS, type CommandDefinition } from './command.js';
import { COMMAND_SUMMARIES } from './commands.js';
import { prepareOutputs } from './output-dir.js';
import { formatSeconds, ProgressBar } from './progress.js';
import { workerCount } from '../util/worker-count.js';

export const portraitCommand: CommandDefinition = {
  name: 'portrait',
  summary: COMMAND_SUMMARIES.portrait,
  usage: 'uvchaos portrait <spec.json> [--out DIR] [--workers N] [--quiet]',
  flags: {
    out: COMMON_FLAGS.out('<name>.portrait.png, .fixed-points.csv, .basins.csv and .basin-fractions.csv'),
    workers: COMMON_FLAGS.workers(),
    quiet: COMMON_FLAGS.quiet,
  },
  details: `Spec fields: name, title?, model (uv, logistic, henon, or expression with one or two variables),
eta (UV only), plane (UV only: f (f, λ) | residual (Δf, λ) | rescaled (√ε·f, ηλ)),
window? {x: [lo, hi], y: [lo, hi]} in the plane's coordinates (chosen around the attractors if absent),
vectorField {enabled (true), arrows (22 per axis)}, fixedPoints {seeds (24 per axis)},
cycles {maxPeriod (8)}, basins {resolution (400 per axis, at most ${PORTRAIT_LIMITS.resolution}; 1000 along
the line of a one-variable map), transient (3000), lyapunovSteps (1000), tol (1e-7), divergenceBound (1e8),
zeroTolerance (1e-3)}, trajectories [{x, y, label?}], trajectorySteps (60), image {width, height}.
A UV initial condition must satisfy λ ≥ 2√ε|f| (no weights realise it otherwise).
Basin labels: minima (UV line f = y), fixed_point_<n>, cycle<p>_<n>, chaotic, unresolved, diverged,
unreachable (UV, λ < 2√ε|f|). Every cell depends on its initial condition only: the same for any --workers.`,
  async run({ positionals, flags, log, signal }) {
    const spec = await loadSpec(positionals[0], portraitSpecSchema);
    const outputs = prepareOutputs(String(flags.out), spec.name);
    const workers = workerCount(flags.workers, log);
    const started = performance.now();
    const renderer = import('../render/portrait-figure.js'); // load Chart.js while the workers compute
    const plan = planPortrait(spec);
    const progress = new ProgressBar(process.stderr, plan.cells, 'cells', !flags.quiet && Boolean(process.stderr.isTTY));
    let portrait;
    try {
      portrait = await runPortrait(spec, plan, { workers, signal, onProgress: (d) => progress.update(d) });
    } finally {
      progress.finish();
    }
    const { renderPortraitFigure } = await renderer;
    outputs.write('portrait.png', await renderPortraitFigure(portrait));
    outputs.write('fixed-points.csv', fixedPointsTable(portrait));
    outputs.write('basins.csv', basinsTable(portrait));
    outputs.write('basin-fractions.csv', basinFractionsTable(portrait));
    outputs.commit();
    const wall = (performance.now() - started) / 1000;
    const counts = new Map<number, { sinks: number; others: number }>();
    for (const c of portrait.cycles) {
      const entry = counts.get(c.period) ?? { sinks: 0, others: 0 };
      if (c.type === 'sink') entry.sinks++;
      else entry.others++;
      counts.set(c.period, entry);
    }
    const found = [...counts.entries()].map(
      ([p, e]) => `${p === 1 ? 'fixed points' : `period ${p}`}: ${e.sinks} stable, ${e.others} unstable`,
    );
    log(found.length ? found.join('; ') : 'no fixed points or cycles off the line of minima in the window');
    log(
      `basins: ${basinFractions(portrait)
        .map((f) => `${f.id} ${Number(f.fraction.toPrecision(4))}`)
        .join(', ')}; ${formatSeconds(wall)} wall on ${workers} worker${workers > 1 ? 's' : ''}`,
    );
    log(`wrote ${outputs.path('portrait.png')}, .fixed-points.csv, .basins.csv and .basin-fractions.csv`);
    return 0;
  },
};
