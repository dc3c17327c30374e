#!/usr/bin/env node
import { abortPendingOutputs } from '../io/output-set.js';
import { FileError } from '../io/file-error.js';
import { OutputBusyError } from '../io/output-lock.js';
import { SpecError } from '../spec/spec-error.js';
import { toolVersion } from '../version.js';
import { openJournals } from '../cluster/open-journals.js';
import { missingRenderingPackages, renderingPackagesMessage } from '../render/rendering-packages.js';
import { CommandFailure, EXIT, UsageError } from './cli-error.js';
import { commandHelp, parseCommandArgs } from './command.js';
import { COMMANDS } from './commands.js';

function mainHelp(): string {
  const lines = [
    'uvchaos — bifurcation and chaos analysis of gradient-descent dynamics',
    '',
    'usage: uvchaos <command> <spec.json> [options]',
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
