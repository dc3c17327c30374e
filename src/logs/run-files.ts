import { readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { describeFsError } from '../io/file-error.js';
import { SpecError } from '../spec/spec-error.js';

/** Extensions read as run logs: CSV (comma or tab separated) and JSON Lines. */
export const RUN_EXTENSIONS = ['.csv', '.tsv', '.jsonl', '.ndjson'] as const;

/** A run file: where it is read, and how the table names it (its path inside the folder given). */
export interface RunFile {
  path: string;
  label: string;
}

/** How `<runs>` was given: files of one run each, or one long-format file holding every run. */
export interface RunFiles {
  layout: 'per-run' | 'long';
  files: RunFile[];
}

/** A folder is searched this deep for run files (runs/lr=0.05/version_0/metrics.csv is depth 3). */
const MAX_DEPTH = 4;

/**
 * The run files named by `<runs>`:
 * - a folder: every run file in it and in its subfolders (up to MAX_DEPTH), in name order;
 * - a glob (`*`, `?`, `[…]` in any path segment): the matching run files;
 * - one file: the long format (one file, a column telling each row's run);
 * - several paths (what a shell makes of an unquoted glob): per-run files, each path as above.
 * Hidden files and our own outputs (`*.attractors.csv`, `*.windows.csv`) are never runs. Each file
 * is read once, by its real path, however many links lead to it; a folder's symbolic links are
 * followed only when they stay inside it (a `loop -> .` or `up -> ../..` adds nothing).
 */
export function findRunFiles(paths: readonly string[]): RunFiles {
  if (paths.length === 1) return findInPath(paths[0]);
  // several paths: labelled by the path as found, so that two folders' metrics.csv stay apart
  const files = paths.flatMap((path) => findInPath(path).files.map((f) => ({ path: f.path, label: f.path })));
  return { layout: 'per-run', files: oncePerRealFile(files) };
}

/** The files whose real path has not come before (a dangling link has none: dropped). */
function oncePerRealFile(files: RunFile[]): RunFile[] {
  const seen = new Set<string>();
  return files.filter((f) => {
    const real = realPath(f.path);
    if (real === null || seen.has(real)) return false;
    seen.add(real);
    return true;
  });
}

function realPath(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}

function findInPath(runs: string): RunFiles {
  if (/[*?[]/.test(runs)) {
    const files = oncePerRealFile(
      globFiles(runs)
        .filter(isRunFile)
        .map((path) => ({ path, label: path })),
    );
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
    const files = walkFolder(runs);
    if (files.length === 0) throw new SpecError(runs, null, `no run files in this folder (expected ${RUN_EXTENSIONS.join(', ')} files)`);
    return { layout: 'per-run', files };
  }
  if (!isRunFile(runs)) throw new SpecError(runs, null, `expected a folder, a glob or a ${RUN_EXTENSIONS.join(', ')} file`);
  return { layout: 'long', files: [{ path: runs, label: basename(runs) }] };
}

function isRunFile(path: string): boolean {
  const name = basename(path).toLowerCase();
  if (name.startsWith('.')) return false;
  if (name.endsWith('.attractors.csv') || name.endsWith('.windows.csv')) return false;
  return RUN_EXTENSIONS.some((ext) => name.endsWith(ext));
}

function listFolder(dir: string): { name: string; folder: boolean; file: boolean; link: boolean }[] {
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
      return { name: e.name, folder: Boolean(s?.isDirectory()), file: Boolean(s?.isFile()), link: e.isSymbolicLink() };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Every run file under `root`, labelled by its path inside it, in name order; files reached only
 * through a link come after. The real tree is walked first, so a file is named by its own path
 * rather than by a link's; a link is followed only to a real path inside the root not yet seen
 * (no loops, no escape), and the same real file is read once.
 */
function walkFolder(root: string): RunFile[] {
  const rootReal = realpathSync(root);
  const inside = (real: string) => real === rootReal || real.startsWith(rootReal.endsWith(sep) ? rootReal : rootReal + sep);
  const seenFolders = new Set<string>([rootReal]);
  const seenFiles = new Set<string>();
  const out: RunFile[] = [];
  const links: { path: string; depth: number }[] = [];
  const visit = (dir: string, depth: number) => {
    for (const entry of listFolder(dir)) {
      const path = join(dir, entry.name);
      if (entry.link) {
        links.push({ path, depth });
        continue;
      }
      const real = join(dirReal(dir), entry.name);
      if (entry.file && isRunFile(path) && !seenFiles.has(real)) {
        seenFiles.add(real);
        out.push({ path, label: relative(root, path) });
      } else if (entry.folder && depth < MAX_DEPTH && isSearched(entry.name) && !seenFolders.has(real)) {
        seenFolders.add(real);
        visit(path, depth + 1);
      }
    }
  };
  const dirReals = new Map<string, string>();
  const dirReal = (dir: string) => {
    let real = dirReals.get(dir);
    if (real === undefined) dirReals.set(dir, (real = realpathSync(dir)));
    return real;
  };
  visit(root, 0);
  // then the links, in the order met; a link's folder may hold more links, walked in turn
  for (let i = 0; i < links.length; i++) {
    const { path, depth } = links[i];
    const real = realPath(path);
    if (real === null || !inside(real)) continue;
    const stat = statSync(real, { throwIfNoEntry: false });
    if (stat?.isFile() && isRunFile(path) && !seenFiles.has(real)) {
      seenFiles.add(real);
      out.push({ path, label: relative(root, path) });
    } else if (stat?.isDirectory() && depth < MAX_DEPTH && isSearched(basename(path)) && !seenFolders.has(real)) {
      seenFolders.add(real);
      visit(path, depth + 1);
    }
  }
  return out;
}

/** Subfolders searched: not hidden ones, nor node_modules. */
function isSearched(name: string): boolean {
  return !name.startsWith('.') && name !== 'node_modules';
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
        const body = segment
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\');
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
