import { closeSync, fsyncSync, linkSync, lstatSync, openSync, renameSync, unlinkSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../util/user-errors.js';
import { abortPendingFiles, AtomicFile, tempPathFor } from './atomic-file.js';
import { FileError, onFile } from './file-error.js';
import { OutputLock } from './output-lock.js';
import { removeStaleTemps } from './stale-temps.js';

/** Output sets of this process not yet committed; aborted on Ctrl-C and on any failed run. */
const open = new Set<OutputSet>();

/**
 * All the files one run writes, `<dir>/<name>.<suffix>`, under a lock on `<name>` in `<dir>`, and
 * committed all or nothing: each is written to a temp file, and only when every one is complete on
 * disk are they renamed into place. If a rename fails, the ones already renamed are rolled back to
 * the previous files (kept as hard links meanwhile), so a failed run leaves the previous outputs
 * as they were.
 */
export class OutputSet {
  readonly dir: string;
  readonly name: string;
  private readonly files = new Map<string, AtomicFile>();
  private readonly lock: OutputLock;

  private constructor(
    dir: string,
    name: string,
    lock: OutputLock,
    private readonly label: string,
  ) {
    this.dir = dir;
    this.name = name;
    this.lock = lock;
    open.add(this);
  }

  /**
   * Starts the outputs `<name>.*` in the existing folder `dir` (`label` names it in errors): takes
   * the lock on that name, so a second run of it into the same folder refuses to start, and removes
   * the temp files of that name left by killed runs.
   */
  static open(dir: string, name: string, label = dir): OutputSet {
    fileInFolder(dir, name, label);
    const lock = OutputLock.acquire(dir, name, label);
    // holding the lock, no other run of this name is writing here: temps whose owner died are garbage
    removeStaleTemps(dir, name);
    return new OutputSet(dir, name, lock, label);
  }

  path(suffix: string): string {
    return fileInFolder(this.dir, `${this.name}.${suffix}`, this.label);
  }

  /** Starts the temp file of <name>.<suffix>, for writing in pieces. */
  file(suffix: string): AtomicFile {
    if (this.files.has(suffix)) throw new Error(`output ${suffix} started twice`);
    const file = new AtomicFile(this.path(suffix));
    this.files.set(suffix, file);
    return file;
  }

  /** Writes the whole of <name>.<suffix> to its temp file. */
  write(suffix: string, data: string | Uint8Array): void {
    this.file(suffix).write(data);
  }

  /** Puts every file in place, or none of them (then throws, with the previous files intact). */
  commit(): void {
    const files = [...this.files.values()];
    try {
      for (const file of files) file.complete();
      // a folder in the way would fail its rename: refuse before replacing anything
      for (const file of files) {
        const existing = onFile(file.path, 'write', () => lstatSync(file.path, { throwIfNoEntry: false }));
        if (existing?.isDirectory()) throw new FileError(file.path, 'write', { code: 'EISDIR' });
      }
      publishAll(files);
    } catch (err) {
      this.abort();
      throw err;
    }
    this.lock.release();
    open.delete(this);
  }

  /** Removes every temp file of the set and releases the lock; files already in place stay. */
  abort(): void {
    for (const file of this.files.values()) file.abort();
    this.lock.release();
    open.delete(this);
  }
}

/**
 * `<dir>/<file>`, refused (UsageError) unless `file` names a file directly in `dir`. Every output
 * path is formed here, so a name that came from a file (a part's header) or a flag can never climb
 * out of --out, whatever command takes it: no separator, no "." or "..", no NUL or control
 * character (the name goes into one-line messages too).
 */
function fileInFolder(dir: string, file: string, label: string): string {
  const path = join(dir, file);
  const unsafe = file === '' || file === '.' || file === '..' || /[/\\\u0000-\u001f\u007f]/.test(file) || basename(file) !== file;
  if (unsafe || resolve(dirname(path)) !== resolve(dir)) {
    throw new UsageError(
      `${label}: the output name ${JSON.stringify(file)} is not a file name in this folder (expected letters, digits, ".", "_" or "-", no path)`,
    );
  }
  return path;
}

/** Renames each temp into place, keeping each previous file until all renames succeeded. */
function publishAll(files: AtomicFile[]): void {
  const published: { file: AtomicFile; previous: string | null }[] = [];
  try {
    for (const file of files) {
      const entry = { file, previous: keepPrevious(file.path) };
      published.push(entry);
      file.publish();
    }
  } catch (err) {
    for (const { file, previous } of published.reverse()) restore(file, previous);
    throw err;
  }
  for (const { previous } of published) if (previous) removeQuietly(previous);
  if (files.length) syncFolder(dirname(files[0].path));
}

/** Makes the renames durable (they live in the folder); best effort, as not every system allows it. */
export function syncFolder(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* the renames are done; only their durability across a power loss is not forced */
  }
}

/** A hard link to the file now at `path` (null if there is none, or links are not supported). */
function keepPrevious(path: string): string | null {
  const keep = tempPathFor(path);
  try {
    linkSync(path, keep);
    return keep;
  } catch {
    return null;
  }
}

/** Undoes one publish: the previous file back in place, or no file if there was none. */
function restore(file: AtomicFile, previous: string | null): void {
  try {
    if (previous && file.published) renameSync(previous, file.path);
    else if (previous) unlinkSync(previous);
    else if (file.published) unlinkSync(file.path);
  } catch {
    /* best effort: the error being reported is the one that matters */
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    /* already gone */
  }
}

/** Aborts every output set and temp file of this process (Ctrl-C, fatal errors). */
export function abortPendingOutputs(): void {
  for (const set of [...open]) set.abort();
  abortPendingFiles();
}
