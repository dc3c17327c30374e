import { parseArgs } from 'node:util';
import { closestName } from '../util/closest-name.js';
import { UsageError } from '../util/user-errors.js';
import { MAX_WORKERS_FLAG, WORKERS_PER_CORE } from '../util/worker-count.js';

export interface FlagDefinition {
  type: 'string' | 'boolean';
  default?: string | boolean;
  help: string;
  /** what the value is called in --help (default DIR for --out, else N) */
  value?: string;
  /** a value that must parse as an integer in [1, max] */
  positiveInteger?: { max: number };
}

export interface CommandContext {
  positionals: string[];
  flags: Record<string, string | boolean | undefined>;
  /** prints a line on stdout (default) or stderr */
  log: (line: string, stream?: 'stdout' | 'stderr') => void;
  /** aborted on Ctrl-C */
  signal: AbortSignal;
}

export interface CommandDefinition {
  name: string;
  summary: string;
  usage: string;
  flags: Record<string, FlagDefinition>;
  details: string;
  /**
   * false for a command that writes no figure: the CLI then runs it without the optional
   * rendering packages (canvas, Chart.js); every other command is refused before it starts
   */
  rendersFigures?: boolean;
  /** positional arguments: one spec file (default), or one or more paths (analyze: files a shell glob expanded) */
  positionals?: 'one' | 'many';
  run(context: CommandContext): Promise<number>;
}

export function commandHelp(command: CommandDefinition): string {
  const lines = [`usage: ${command.usage}`, '', command.summary, '', 'options:'];
  for (const [name, flag] of Object.entries(command.flags)) {
    const value = flag.type === 'string' ? ` ${flag.value ?? (name === 'out' ? 'DIR' : 'N')}` : '';
    const fallback = flag.default !== undefined && flag.type === 'string' ? ` (default: ${flag.default})` : '';
    const left = `  --${name}${value}`;
    lines.push((left.length < 22 ? left.padEnd(22) : `${left}  `) + flag.help + fallback);
  }
  lines.push(`  --help`.padEnd(22) + 'show this help');
  lines.push('', command.details, '');
  return lines.join('\n');
}

/** Parses argv for one command: one spec path, known flags only. */
export function parseCommandArgs(command: CommandDefinition, argv: string[]): { positionals: string[]; flags: CommandContext['flags'] } {
  const options: Record<string, { type: 'string' | 'boolean'; default?: string | boolean }> = { help: { type: 'boolean' } };
  for (const [name, flag] of Object.entries(command.flags)) options[name] = { type: flag.type, default: flag.default };
  let parsed;
  try {
    parsed = parseArgs({ args: attachNegativeValues(command, argv), options, allowPositionals: true, strict: true });
  } catch (err) {
    const message = (err as Error).message;
    const unknown = /Unknown option '-*([^']+)'/.exec(message);
    if (unknown) {
      const near = closestName(unknown[1], Object.keys(options));
      throw new UsageError(
        `${command.name}: unknown option --${unknown[1]}${near ? ` (did you mean --${near}?)` : ''}; see uvchaos ${command.name} --help`,
      );
    }
    throw new UsageError(`${command.name}: ${message.split('.')[0]}; see uvchaos ${command.name} --help`);
  }
  const flags = parsed.values as CommandContext['flags'];
  if (flags.help) return { positionals: [], flags };
  if (command.positionals === 'many' && parsed.positionals.length === 0) {
    throw new UsageError(`${command.name}: expected a folder, a glob or files; usage: ${command.usage}`);
  }
  if (command.positionals !== 'many' && parsed.positionals.length !== 1) {
    throw new UsageError(`${command.name}: expected exactly one spec file, got ${parsed.positionals.length}; usage: ${command.usage}`);
  }
  for (const [name, flag] of Object.entries(command.flags)) {
    const value = flags[name];
    const bound = flag.positiveInteger;
    if (bound && value !== undefined) {
      const n = /^\d{1,16}$/.test(String(value)) ? Number(value) : NaN;
      if (!(n >= 1 && n <= bound.max)) {
        throw new UsageError(`${command.name}: --${name} expects an integer from 1 to ${bound.max}, got "${value}"`);
      }
    }
  }
  return { positionals: parsed.positionals, flags };
}

/**
 * `--workers -1`: parseArgs reads "-1" as an option and reports an "ambiguous" argument. A value
 * that looks like a negative number is meant as the flag's value, so attach it (`--workers=-1`)
 * and let the range check say what is expected.
 */
function attachNegativeValues(command: CommandDefinition, argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = /^--(.+)$/.exec(argv[i])?.[1];
    const next = argv[i + 1];
    if (flag && command.flags[flag]?.type === 'string' && next !== undefined && /^-[\d.]/.test(next)) {
      out.push(`${argv[i]}=${next}`);
      i++;
    } else out.push(argv[i]);
  }
  return out;
}

/** Flags several commands share, so their help reads the same everywhere. */
export const COMMON_FLAGS = {
  out: (what: string): FlagDefinition => ({ type: 'string', default: 'output', help: `folder for ${what}` }),
  workers: (what = 'worker threads'): FlagDefinition => ({
    type: 'string',
    help: `${what} (default: one per core; more than ${WORKERS_PER_CORE} per core are capped)`,
    positiveInteger: { max: MAX_WORKERS_FLAG },
  }),
  quiet: { type: 'boolean', help: 'no progress bar' } as FlagDefinition,
};
