import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';
import { describeFsError } from '../io/file-error.js';
import { SpecError } from '../spec/spec-error.js';

/** Extensions read as run logs: CSV (comma or tab separated) and JSON Lines. */
export const RUN_EXTENSIONS = ['.csv', '.tsv', '.jsonl', '.ndjson'] as const;

/** How `<runs>` was given: files of one run each, or one long-format file holding every run. */
export interface RunFiles {
  layout: 'per-run' | 'long';
  files: string[];
}

/** A folder is searched this deep for run files (runs/lr=0.05/version_0/metrics.csv is depth 3). */
const MAX_DEPTH = 4;

/**
 * The run files named by `<runs>`:
 * - a folder: every run file in it and in its subfolders (up to MAX_DEPTH), in name order;
 * - a glob (`*`, `?`, `[…]` in any path segment): the matching run files;
 * - one file: the long format (one file, a column telling each row's run);
 * - several paths (what a shell makes of an unquoted glob): per-run files, each path as above.
 * Hidden files and our own outputs (`*.attractors.csv`, `*.windows.csv`) are never runs.
 */
export function findRunFiles(paths: readonly string[]): RunFiles {
  if (paths.length === 1) return findInPath(paths[0]);
  const files = paths.flatMap((path) => findInPath(path).files);
  return { layout: 'per-run', files: [...new Set(files)] };
}

function findInPath(runs: string): RunFiles {
  if (/[*?[]/.test(runs)) {
    const files = globFiles(runs).filter(isRunFile);
    if (files.length === 0) throw new SpecError(runs, null, `no run files match (expected ${RUN_EXTENSIONS.join(', ')} files)`);
    return { layout: 'per-run', files };
  }
  let stat;
  try {
    stat = statSync(runs);
  } catch (err) {
    throw new SpecError(runs, null, `cannot read: ${describeFsError(err)}`);
  }
  if (stat.isDirectory()) {
    const files = walk(runs, 0);
    if (files.length === 0) throw new SpecError(runs, null, `no run files in this folder (expected ${RUN_EXTENSIONS.join(', ')} files)`);
    return { layout: 'per-run', files };
  }
  if (!isRunFile(runs)) throw new SpecError(runs, null, `expected a folder, a glob or a ${RUN_EXTENSIONS.join(', ')} file`);
  return { layout: 'long', files: [runs] };
}

function isRunFile(path: string): boolean {
  const name = basename(path).toLowerCase();
  if (name.startsWith('.')) return false;
  if (name.endsWith('.attractors.csv') || name.endsWith('.windows.csv')) return false;
  return RUN_EXTENSIONS.some((ext) => name.endsWith(ext));
}

function listFolder(dir: string): { name: string; folder: boolean; file: boolean }[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    throw new SpecError(dir, null, `cannot read the folder: ${describeFsError(err)}`);
  }
  return entries
    .map((e) => {
      // a symbolic link counts as what it points to
      const s = e.isSymbolicLink() ? statSync(join(dir, e.name), { throwIfNoEntry: false }) : e;
      return { name: e.name, folder: Boolean(s?.isDirectory()), file: Boolean(s?.isFile()) };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function walk(dir: string, depth: number): string[] {
  const out: string[] = [];
  for (const entry of listFolder(dir)) {
    const path = join(dir, entry.name);
    if (entry.file && isRunFile(path)) out.push(path);
    else if (entry.folder && depth < MAX_DEPTH && !entry.name.startsWith('.') && entry.name !== 'node_modules') out.push(...walk(path, depth + 1));
  }
  return out;
}

/** Glob over path segments: `*` any run of characters but `/`, `?` one character, `[…]` a class. */
function globFiles(pattern: string): string[] {
  const absolute = pattern.startsWith(sep);
  const segments = pattern.split(/[\\/]+/).filter((s) => s !== '');
  let paths = [absolute ? sep : '.'];
  for (const [i, segment] of segments.entries()) {
    const last = i === segments.length - 1;
    const next: string[] = [];
    for (const base of paths) {
      if (!/[*?[]/.test(segment)) {
        const path = join(base, segment);
        const s = statSync(path, { throwIfNoEntry: false });
        if (s && (last ? s.isFile() : s.isDirectory())) next.push(path);
        continue;
      }
      const matcher = segmentRegex(segment);
      const stat = statSync(base, { throwIfNoEntry: false });
      if (!stat?.isDirectory()) continue;
      for (const entry of listFolder(base)) {
        if (entry.name.startsWith('.') && !segment.startsWith('.')) continue;
        if (matcher.test(entry.name) && (last ? entry.file : entry.folder)) next.push(join(base, entry.name));
      }
    }
    paths = next;
  }
  return paths.map((p) => (pattern.startsWith('./') || absolute ? p : p.replace(/^\.\//, ''))).sort();
}

function segmentRegex(segment: string): RegExp {
  let source = '';
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i];
    if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else if (ch === '[') {
      const end = segment.indexOf(']', i + 1);
      if (end < 0) source += '\\[';
      else {
        const body = segment.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
        source += `[${body}]`;
        i = end;
      }
    } else source += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** The folder names above a file, nearest first (for parameters written in folder names). */
export function parentNames(path: string, count: number): string[] {
  const out: string[] = [];
  let dir = dirname(path);
  for (let i = 0; i < count && dir !== dirname(dir); i++) {
    out.push(basename(dir));
    dir = dirname(dir);
  }
  return out;
}
