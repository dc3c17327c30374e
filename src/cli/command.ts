import { parseArgs } from 'node:util';
import { closestName } from '../util/closest-name.js';
import { UsageError } from './cli-error.js';

export interface FlagDefinition {
  type: 'string' | 'boolean';
  default?: string | boolean;
  help: string;
  /** a value that must parse as a positive integer */
  positiveInteger?: boolean;
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
  run(context: CommandContext): Promise<number>;
}

export function commandHelp(command: CommandDefinition): string {
  const lines = [`usage: ${command.usage}`, '', command.summary, '', 'options:'];
  for (const [name, flag] of Object.entries(command.flags)) {
    const value = flag.type === 'string' ? ` ${name === 'out' ? 'DIR' : 'N'}` : '';
    const fallback = flag.default !== undefined && flag.type === 'string' ? ` (default: ${flag.default})` : '';
    lines.push(`  --${name}${value}`.padEnd(22) + flag.help + fallback);
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
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
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
  if (parsed.positionals.length !== 1) {
    throw new UsageError(
      `${command.name}: expected exactly one spec file, got ${parsed.positionals.length}; usage: ${command.usage}`,
    );
  }
  for (const [name, flag] of Object.entries(command.flags)) {
    const value = flags[name];
    if (flag.positiveInteger && value !== undefined && !/^[1-9]\d{0,5}$/.test(String(value))) {
      throw new UsageError(`${command.name}: --${name} expects a positive integer, got "${value}"`);
    }
  }
  return { positionals: parsed.positionals, flags };
}

/** Flags several commands share, so their help reads the same everywhere. */
export const COMMON_FLAGS = {
  out: (what: string): FlagDefinition => ({ type: 'string', default: 'output', help: `folder for ${what}` }),
  workers: (what = 'worker threads'): FlagDefinition => ({ type: 'string', help: `${what} (default: one per core)`, positiveInteger: true }),
  quiet: { type: 'boolean', help: 'no progress bar' } as FlagDefinition,
};
