import { COMMAND_SUMMARIES } from './commands.js';
import { basename, dirname } from 'node:path';
import { checkPartSet, partFilesFrom } from '../cluster/part-set.js';
import { specHash, shortHash } from '../cluster/cluster-job.js';
import { replayingEngine } from '../cluster/replay-engine.js';
import { parseSpec } from '../spec/load-spec.js';
import { phaseAsSweep, phaseSpecSchema, type PhaseSpec } from '../spec/phase-spec.js';
import { sweepSpecSchema, type SweepSpec } from '../spec/sweep-spec.js';
import { UsageError } from '../util/user-errors.js';
import { COMMON_FLAGS, type CommandDefinition } from './command.js';
import { prepareOutputs } from './output-dir.js';
import { runPhase } from './phase-command.js';
import { formatSeconds } from './progress.js';
import { runSweepCommand } from './sweep-command.js';
import { formatFlag, parseTableFormat } from './table-format.js';

export const mergeCommand: CommandDefinition = {
  name: 'merge',
  summary: COMMAND_SUMMARIES.merge,
  usage: 'uvchaos merge <folder | part files…> [--out DIR] [--quiet] [--format csv|parquet|both]',
  positionals: 'many',
  flags: {
    out: { type: 'string', help: 'folder for the outputs (default: the folder of the parts)' },
    quiet: COMMON_FLAGS.quiet,
    format: {
      ...formatFlag('attractors'),
      help: 'csv, parquet or both: the table (<name>.attractors or <name>.phase) as .csv, .parquet or both',
    },
  },
  details: `Reads <name>.part-K-of-N.uvpart files (from uvchaos sweep|phase <spec> --shard K/N), checks that
they are complete (checksums), of one spec and one uvchaos version, with every shard 0 … N−1 exactly
once, and writes the same files as an unsharded run of the spec: for a sweep <name>.attractors.csv/.json,
<name>.windows.csv and <name>.bifurcation.png, for a phase diagram <name>.phase.csv and <name>.phase.png.
They are byte for byte those of a run on one machine, except the timing in attractors.json's summary:
its seconds and workers are summed over the parts. --format parquet|both writes the Parquet table as
sweep and phase do (the parts do not depend on it). The parts carry their spec, so no spec file is
needed. Any problem refuses the merge in one line listing all of them, and nothing is written.`,
  async run({ positionals, flags, log, signal }) {
    const format = parseTableFormat('merge', flags.format);
    const files = partFilesFrom(positionals);
    const set = checkPartSet(files);
    const header = set.parts[0].header;
    const spec = await parseSpec(header.specFile, header.spec, header.command === 'phase' ? phaseSpecSchema : sweepSpecSchema);
    if (specHash(header.command, spec) !== header.specHash) {
      throw new UsageError(
        `merge: the spec carried by the parts (${header.specFile}) now validates to another spec (hash ${shortHash(specHash(header.command, spec))}, the parts have ${shortHash(header.specHash)}); merge with the uvchaos version and files that computed them`,
      );
    }
    const points = header.command === 'phase' ? phaseAsSweep(spec as PhaseSpec).sweep.points : (spec as SweepSpec).sweep.points;
    if (header.points !== points) {
      throw new UsageError(
        `merge: refusing to merge, nothing written: ${basename(set.parts[0].file)}: corrupted (its header counts ${header.points} grid points, its spec has ${points})`,
      );
    }
    const outputs = prepareOutputs(flags.out === undefined ? dirname(set.parts[0].file) : String(flags.out), header.name);
    const engine = replayingEngine(set.chunks, { compute: { seconds: set.computeSeconds, workers: set.workers } });
    const quiet = Boolean(flags.quiet);
    const code =
      header.command === 'phase'
        ? await runPhase(spec as PhaseSpec, outputs, 1, quiet, log, signal, engine, format)
        : await runSweepCommand(spec as SweepSpec, { outputs, workers: 1, quiet, log, signal, engine, format });
    log(
      `merged ${set.parts.length} part${set.parts.length > 1 ? 's' : ''}; they computed for ${formatSeconds(set.computeSeconds)} in all on ${set.workers} worker${set.workers > 1 ? 's' : ''}`,
    );
    return code;
  },
};
