#!/usr/bin/env node
import { abortPendingOutputs } from '../io/output-set.js';
import { FileError } from '../io/file-error.js';
import { OutputBusyError } from '../io/output-lock.js';
import { SpecError } from '../spec/spec-error.js';
import { toolVersion } from '../version.js';
import { openJournals } from '../cluster/open-journals.js';
import { missingRenderingPackages, renderingPackagesMessage } from '../render/rendering-packages.js';
import { CommandFailure, EXIT, UsageError } from '../util/user-errors.js';
import { formatMegabytes } from '../io/bounded-read.js';
import { MLP_LIMITS } from '../models/mlp/names.js';
import { LIMITS } from '../spec/limits.js';
import { commandHelp, parseCommandArgs } from './command.js';
import { COMMANDS, type CommandEntry } from './commands.js';
import { workerCount } from '../util/worker-count.js';

function mainHelp(): string {
  const lines = [
    'uvchaos — bifurcation and chaos analysis of gradient-descent dynamics',
    '',
    'usage: uvchaos <command> <spec.json> [options]',
    `  spec.json: a regular file (not a device or pipe) of at most ${formatMegabytes(LIMITS.specBytes)}; an mlp's data CSV at most ${formatMegabytes(MLP_LIMITS.dataBytes)}, its weights file ${formatMegabytes(MLP_LIMITS.weightsBytes)}`,
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(12)}${c.summary}`),
    '',
    'global options:',
    '  --help        show help (also: uvchaos <command> --help)',
    '  --version     print the version',
    '',
    'exit codes: 0 done, 1 internal failure, 2 bad spec or command line (nothing written), 130 interrupted',
    '',
  ];
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(mainHelp());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version') {
    process.stdout.write(`${toolVersion()}\n`);
    return EXIT.ok;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) throw new UsageError(`unknown command "${name}"; commands: ${COMMANDS.map((c) => c.name).join(', ')}`);
  const release = entry.sweepPool ? await prestartPool(rest, entry.sweepPool === 'unless-inline') : null;
  try {
    return await runCommand(entry, rest);
  } finally {
    await release?.();
  }
}

/**
 * Starts the worker pool of a sweep, phase or cascade run before the command's modules load, so
 * the threads load their kernels meanwhile. --workers is read here by itself; a value the command
 * will refuse, or --help, starts nothing; nor does a small sweep that will run on the main thread
 * (its spec is the first .json argument: a wrong guess costs time, not results, as the command
 * decides from the parsed spec). Returns what ends the pool if the command never took it.
 */
async function prestartPool(args: string[], unlessInline: boolean): Promise<(() => Promise<void>) | null> {
  if (args.includes('--help') || args.includes('-h')) return null;
  const at = args.findIndex((a) => a === '--workers' || a.startsWith('--workers='));
  const value = at < 0 ? undefined : args[at].startsWith('--workers=') ? args[at].slice('--workers='.length) : args[at + 1];
  if (value !== undefined && !/^[1-9][0-9]{0,5}$/.test(value)) return null;
  if (unlessInline && value === undefined) {
    const specFile = args.find((a) => a.endsWith('.json'));
    const [{ specFileRunsInline }, { modelKindOf }] = await Promise.all([
      import('../sweep/inline-sweep.js'),
      import('../models/registry.js'),
    ]);
    if (specFile && specFileRunsInline(specFile, (model) => modelKindOf(model).info)) return null;
  }
  const pool = await import('../sweep/pool.js');
  pool.prestartSweepPool(workerCount(value, () => {}));
  return pool.releasePrestartedPool;
}

async function runCommand(entry: CommandEntry, rest: string[]): Promise<number> {
  const command = await entry.load();
  const { positionals, flags } = parseCommandArgs(command, rest);
  if (flags.help) {
    process.stdout.write(commandHelp(command));
    return EXIT.ok;
  }
  if (command.rendersFigures !== false) {
    const missing = missingRenderingPackages();
    if (missing.length) throw new CommandFailure(renderingPackagesMessage(command.name, missing));
  }
  const controller = new AbortController();
  const onInterrupt = () => {
    controller.abort();
    abortPendingOutputs();
    const kept = [...openJournals];
    const resume = kept.length ? `; ${kept.join(', ')} keeps the chunks done: rerun with --resume to continue (or delete it)` : '';
    process.stderr.write(`\ninterrupted: no output files were written${resume}\n`);
    process.exit(EXIT.interrupted);
  };
  process.once('SIGINT', onInterrupt);
  process.once('SIGTERM', onInterrupt);
  return command.run({
    positionals,
    flags,
    signal: controller.signal,
    log: (line, stream = 'stdout') => (stream === 'stdout' ? process.stdout : process.stderr).write(`${line}\n`),
  });
}

// Whatever ends the process (process.exit included), no temp file or lock of this run stays behind.
process.on('exit', () => abortPendingOutputs());

// `uvchaos … | head` closes the pipe early: that is the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
    throw err;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    abortPendingOutputs();
    if (err instanceof SpecError || err instanceof UsageError || err instanceof OutputBusyError) {
      process.stderr.write(`uvchaos: error: ${err.message}\n`);
      process.exitCode = EXIT.usage;
    } else if (err instanceof CommandFailure) {
      process.stderr.write(`uvchaos: error: ${err.message}\n`);
      process.exitCode = EXIT.failure;
    } else if (err instanceof FileError) {
      // an unwritable or read-only place is the user's to fix (2); a full disk is not (1)
      process.stderr.write(`uvchaos: error: ${err.message}\n`);
      process.exitCode = err.userMistake ? EXIT.usage : EXIT.failure;
    } else {
      process.stderr.write(`uvchaos: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = EXIT.failure;
    }
  },
);
