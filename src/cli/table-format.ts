import { UsageError } from '../util/user-errors.js';
import type { FlagDefinition } from './command.js';

/** Which table files a command writes: `--format csv|parquet|both`. */
export interface TableFormat {
  csv: boolean;
  parquet: boolean;
}

const FORMATS: Record<string, TableFormat> = {
  csv: { csv: true, parquet: false },
  parquet: { csv: false, parquet: true },
  both: { csv: true, parquet: true },
};

/** The `--format` flag, the same on every command that writes a table (`table`: its file suffix, e.g. attractors). */
export function formatFlag(table: string): FlagDefinition {
  return { type: 'string', value: 'FORMAT', default: 'csv', help: `csv, parquet or both: <name>.${table}.csv, .parquet or both` };
}

/** Reads `--format` (absent: csv); anything else is a one-line usage error (exit 2). */
export function parseTableFormat(command: string, value: string | boolean | undefined): TableFormat {
  const name = value === undefined ? 'csv' : String(value);
  const format = Object.hasOwn(FORMATS, name) ? FORMATS[name] : undefined;
  if (!format) throw new UsageError(`${command}: --format expects csv, parquet or both, got "${name}"`);
  return format;
}

/** The suffixes of the files a sweep-like run writes (attractor table in the chosen formats, summary, windows, diagram), in the order the "wrote" line names them. */
export function attractorOutputSuffixes(format: TableFormat): string[] {
  return [
    ...(format.csv ? ['attractors.csv'] : []),
    ...(format.parquet ? ['attractors.parquet'] : []),
    'attractors.json',
    'windows.csv',
    'bifurcation.png',
  ];
}
