import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { parseDecimal } from '../io/csv.js';
import { parentNames } from './run-files.js';

/** A parameter value and where it was read. */
export interface ParameterReading {
  value: number;
  source: string;
  /** half a unit of the last digit written (a name's "lr_1.324" is 1.324 ± 0.0005); 0 when exact */
  resolution?: number;
}

/** Half a unit in the last place of a number as written: "1.324" → 5e-4, "5e-2" → 5e-3, "3" → 0.5. */
export function writtenResolution(text: string): number {
  const m = /^[+-]?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!m) return 0;
  return 0.5 * 10 ** (Number(m[3] ?? 0) - (m[2]?.length ?? 0));
}

/** Two readings agree when they differ by no more than the coarser one's rounding (and double rounding). */
export function readingsAgree(a: ParameterReading, b: ParameterReading): boolean {
  const tolerance = Math.max(a.resolution ?? 0, b.resolution ?? 0) + 1e-12 * Math.max(Math.abs(a.value), Math.abs(b.value));
  return Math.abs(a.value - b.value) <= tolerance;
}

/** Sidecar files looked for beside a run file, in this order ({stem} is the file name without extension). */
export const SIDECAR_NAMES = ['{stem}.json', '{file}.json', 'params.json', 'hparams.json', 'config.json'] as const;

/**
 * The run's parameter from a sidecar JSON object beside the file: `<stem>.json`, `<file>.json`,
 * or `params.json` / `hparams.json` / `config.json` in the same folder when that folder holds only
 * this run. The value is a top-level key among `names` (a number, or a string holding one).
 * Returns the reading, null if no sidecar has the key, or an error message for a sidecar that is
 * not a JSON object or whose value is not a number.
 */
export function sidecarParameter(
  file: string,
  names: readonly string[],
  runsInFolder: number,
): ParameterReading | null | { error: string } {
  const stem = basename(file, extname(file));
  const dir = dirname(file);
  for (const pattern of SIDECAR_NAMES) {
    const shared = !pattern.includes('{');
    if (shared && runsInFolder > 1) continue;
    const path = join(dir, pattern.replace('{stem}', stem).replace('{file}', basename(file)));
    if (!statSync(path, { throwIfNoEntry: false })?.isFile()) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      return { error: `sidecar ${path}: not valid JSON (${(err as Error).message.split('\n')[0]})` };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { error: `sidecar ${path}: expected a JSON object` };
    for (const name of names) {
      const key = Object.keys(parsed).find((k) => k.toLowerCase() === name.toLowerCase());
      if (key === undefined) continue;
      const raw = (parsed as Record<string, unknown>)[key];
      const value = typeof raw === 'number' ? raw : typeof raw === 'string' ? (parseDecimal(raw.trim()) ?? NaN) : NaN;
      if (!Number.isFinite(value)) return { error: `sidecar ${path}: "${key}" is ${JSON.stringify(raw)}, expected a finite number` };
      return { value, source: `${basename(path)} "${key}"`, resolution: typeof raw === 'string' ? writtenResolution(raw) : 0 };
    }
  }
  return null;
}

/** A number as Python, NumPy and people write it in file names: 0.05, .05, 5e-2, 1E+3, 3. */
const NUMBER = String.raw`[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?`;

/**
 * The run's parameter from its file name, or else from the names of the two folders above it:
 * one of `names` (case-insensitive), not preceded by a letter, then `=`, `_`, `-`, `:` or nothing,
 * then a number. `lr=0.05.csv`, `run_lr_5e-2.csv`, `eta-1.2.jsonl`, `lr0.05/metrics.csv` all read
 * 0.05 (or 1.2). Null if no name matches; two different values in one name are an error.
 */
export function fileNameParameter(file: string, names: readonly string[]): ParameterReading | null | { error: string } {
  const alternatives = names.map((n) => n.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join('|');
  const pattern = new RegExp(String.raw`(?:^|[^A-Za-z])(${alternatives})\s*[=_:-]?\s*(${NUMBER})(?![\d])`, 'gi');
  const stemOf = (name: string) => name.replace(/\.(csv|tsv|jsonl|ndjson)$/i, '');
  for (const name of [stemOf(basename(file)), ...parentNames(file, 2)]) {
    const hits = [...name.matchAll(pattern)].map((m) => ({
      key: m[1],
      text: m[2].replace(/\.$/, ''),
      value: Number(m[2].replace(/\.$/, '')),
    }));
    const values = [...new Set(hits.map((h) => h.value))];
    if (values.length > 1) return { error: `the name "${name}" gives ${hits.map((h) => `${h.key} = ${h.value}`).join(' and ')}` };
    if (values.length === 1 && Number.isFinite(values[0])) {
      return { value: values[0], source: `name "${name}"`, resolution: Math.max(...hits.map((h) => writtenResolution(h.text))) };
    }
  }
  return null;
}
