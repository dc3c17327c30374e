import { modelKindOf } from '../models/registry.js';
import { SpecError } from '../spec/spec-error.js';
import { initialConditionsRefusal } from '../spec/initial-conditions.js';
import { runCascade, type CascadeResult } from '../api/cascade.js';
import { csvRow } from '../io/csv.js';
import { loadSpec } from '../spec/load-spec.js';
import { sweepSpecSchema, type SweepSpec } from '../spec/sweep-spec.js';
import { workerCount } from '../util/worker-count.js';
import { runsInline } from '../sweep/inline-sweep.js';
import { CommandFailure } from '../util/user-errors.js';
import { COMMON_FLAGS, type CommandDefinition } from './command.js';
import { prepareOutputs } from './output-dir.js';
import { ProgressBar } from './progress.js';
import { COMMAND_SUMMARIES } from './commands.js';

export const cascadeCommand: CommandDefinition = {
  name: 'cascade',
  summary: COMMAND_SUMMARIES.cascade,
  usage: 'uvchaos cascade <spec.json> [--out DIR] [--workers N] [--quiet]',
  flags: {
    out: COMMON_FLAGS.out('<name>.cascade.csv'),
    workers: COMMON_FLAGS.workers('worker threads for the coarse scan; without it a small scan runs on the main thread'),
    quiet: COMMON_FLAGS.quiet,
  },
  details: `Reads a sweep spec. The sweep range bounds the search, sweep.points sets the coarse scan, and
cascade {levels (default 8, at most 14)} says how many doublings to find. Each flip is located by
continuing the attracting 2^k-cycle with Newton's method on F^p(z) = z and bisecting on its multiplier
crossing −1, to the resolution of double precision. For the UV model the first doubling (1 → 2) is
the onset of the edge of stability, located where the 2-cycle's amplitude vanishes, and compared
with 1/(√ε|y|). A range that starts past it finds the doublings from its first period on. Columns:
k (the doubling's level in its cascade: q·2^(k−1) → q·2^k, q odd), period_from, period_to,
<parameter>, delta_estimate (from the range's third flip), and for the UV model
eta_rescaled = η √ε |y|. A search that stops early says how far it got (exit 1).`,
  rendersFigures: false,
  async run({ positionals, flags, log, signal }) {
    const spec = await loadSpec(positionals[0], sweepSpecSchema);
    const refusal = initialConditionsRefusal(spec, 'the cascade search');
    if (refusal) throw new SpecError(positionals[0], 'initialConditions', refusal);
    const kind = modelKindOf(spec.model);
    const outputs = prepareOutputs(String(flags.out), spec.name);
    // a small coarse scan runs on the main thread, as a small sweep does (runsInline): 0 workers
    const workers = flags.workers === undefined && runsInline(spec, kind.info) ? 0 : workerCount(flags.workers, log);
    const progress = new ProgressBar(process.stderr, spec.sweep.points, 'points', !flags.quiet && Boolean(process.stderr.isTTY));
    let result: CascadeResult;
    try {
      result = await runCascade(kind, spec, { workers, signal, onProgress: (d) => progress.update(d) });
    } finally {
      progress.finish();
    }
    const parameter = spec.sweep.parameter;
    const table = formatTable(spec, result);

    if (result.rows.length < spec.cascade.levels) {
      const firstDiverged = result.firstDiverged === null ? '' : `; orbits diverge from ${parameter} = ${result.firstDiverged} on`;
      const ks = result.rows.map((r) => r.k);
      const found = ks.length ? `found k = ${ks[0]}${ks.length > 1 ? `–${ks[ks.length - 1]}` : ''}:\n${table}\n` : '';
      if (found) log(found, 'stderr');
      throw new CommandFailure(
        `cascade: found ${result.rows.length} of ${spec.cascade.levels} period doublings in ${parameter} ∈ [${spec.sweep.from}, ${spec.sweep.to}]: ${result.stopped}${firstDiverged}`,
      );
    }

    const path = outputs.path('cascade.csv');
    const header = [
      'k',
      'period_from',
      'period_to',
      parameter,
      'delta_estimate',
      ...(result.rows[0].etaRescaled !== null ? ['eta_rescaled'] : []),
    ];
    const body = result.rows.map((r) =>
      csvRow([r.k, r.periodFrom, r.periodTo, r.value, r.delta, ...(r.etaRescaled !== null ? [r.etaRescaled] : [])]),
    );
    outputs.write('cascade.csv', csvRow(header) + body.join(''));
    outputs.commit();

    log(table);
    if (result.accumulation !== null)
      log(`accumulation point (geometric extrapolation): ${parameter} ≈ ${result.accumulation.toPrecision(12)}`);
    if (result.theoryOnset !== null) {
      const onset = result.rows[0].value;
      log(
        `edge-of-stability onset: ${parameter} = ${onset.toPrecision(12)}; theory 1/(√ε|y|) = ${result.theoryOnset.toPrecision(12)} (relative difference ${(Math.abs(onset - result.theoryOnset) / result.theoryOnset).toExponential(1)})`,
      );
    }
    log(
      result.firstChaotic === null
        ? 'no grid point of the coarse scan has a positive Lyapunov exponent'
        : `first grid point with a positive Lyapunov exponent: ${parameter} = ${result.firstChaotic} (resolution ${result.spacing.toPrecision(3)})`,
    );
    log(`wrote ${path}`);
    return 0;
  },
};

function formatTable(spec: SweepSpec, result: CascadeResult): string {
  const uv = result.rows[0]?.etaRescaled !== null && result.rows[0]?.etaRescaled !== undefined;
  const head = [
    'k'.padStart(2),
    'period'.padEnd(11),
    spec.sweep.parameter.padStart(18),
    'delta estimate'.padStart(15),
    ...(uv ? ['eta_rescaled'.padStart(18)] : []),
  ].join('  ');
  const lines = result.rows.map((r) =>
    [
      String(r.k).padStart(2),
      `${r.periodFrom} → ${r.periodTo}`.padEnd(11),
      r.value.toPrecision(14).padStart(18),
      (r.delta === null ? '' : r.delta.toFixed(6)).padStart(15),
      ...(uv ? [r.etaRescaled!.toPrecision(14).padStart(18)] : []),
    ].join('  '),
  );
  return [head, ...lines].join('\n');
}
