import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { errorCode, FileError } from './file-error.js';
import { otherProcessAlive } from './process-alive.js';

/** Another run holds the lock on the same outputs. A one-line error, exit 2. */
export class OutputBusyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputBusyError';
  }
}

/** An empty lock file older than this lost its writer between creating and filling it. */
const EMPTY_LOCK_STALE_MS = 10_000;

interface Holder {
  /** the file's content, `<pid> <host>\n` */
  text: string;
  pid: number | null;
  host: string | null;
  stale: boolean;
}

/**
 * An exclusive lock on the outputs `<name>.*` of one folder: the file `.<name>.lock`, created with
 * O_EXCL and holding `<pid> <host>`, so two runs of the same name never write into the same folder
 * at once. A lock whose process is gone (same host, pid not running) is taken over.
 */
export class OutputLock {
  private constructor(
    readonly path: string,
    private readonly text: string,
  ) {}

  /**
   * Takes the lock or throws OutputBusyError; `label` names the folder in messages. Fails with a
   * FileError when the folder does not accept new files (this is the first file a run creates).
   */
  static acquire(dir: string, name: string, label: string): OutputLock {
    const path = join(dir, `.${name}.lock`);
    const text = `${process.pid} ${hostname()}\n`;
    for (let attempt = 0; attempt < 5; attempt++) {
      if (createExclusive(path, text, label)) return new OutputLock(path, text);
      const holder = readHolder(path);
      if (holder === null) continue; // released meanwhile
      if (!holder.stale) throw busy(label, name, path, holder);
      removeStaleLock(path, holder, label, name);
    }
    throw new OutputBusyError(`${label}: could not take the lock ${path} on "${name}"; other runs keep taking it`);
  }

  /** Removes the lock if it is still ours. */
  release(): void {
    try {
      if (readFileSync(this.path, 'utf8') === this.text) unlinkSync(this.path);
    } catch {
      /* already gone */
    }
  }
}

/** Creates `path` holding `text` if no such file exists; false if one does. */
function createExclusive(path: string, text: string, label: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (err) {
    if (errorCode(err) === 'EEXIST') return false;
    throw new FileError(label, 'create files in this folder', err);
  }
  try {
    writeSync(fd, text);
  } catch (err) {
    closeSync(fd);
    unlinkSync(path);
    throw new FileError(label, 'create files in this folder', err);
  }
  closeSync(fd);
  return true;
}

/** Who holds the lock at `path`; null if there is no lock any more. */
function readHolder(path: string): Holder | null {
  let text: string;
  let age: number;
  try {
    text = readFileSync(path, 'utf8');
    age = Date.now() - statSync(path).mtimeMs;
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return null;
    throw new FileError(path, 'read', err);
  }
  const match = /^(\d+) (.*)\n$/.exec(text);
  if (!match) return { text, pid: null, host: null, stale: age > EMPTY_LOCK_STALE_MS };
  const [pid, host] = [Number(match[1]), match[2]];
  // a lock from another machine (a shared folder) cannot be checked: it stays until removed
  return { text, pid, host, stale: host === hostname() && !otherProcessAlive(pid) };
}

/**
 * Deletes a stale lock. Two runs may find the same stale lock: the second must not delete the
 * lock the first has just made. So removal happens only under a second lock, `.<name>.lock.takeover`,
 * after checking again that the file still holds the stale content. (A takeover lock is held for
 * microseconds; one left by a run killed in that instant is removed once its process is gone.)
 */
function removeStaleLock(path: string, stale: Holder, label: string, name: string): void {
  const guard = `${path}.takeover`;
  if (!createExclusive(guard, `${process.pid} ${hostname()}\n`, label)) {
    const holder = readHolder(guard);
    if (holder === null) return;
    if (!holder.stale) throw busy(label, name, path, null);
    try {
      unlinkSync(guard);
    } catch {
      /* removed by another run */
    }
    return;
  }
  try {
    const again = readHolder(path);
    if (again !== null && again.text === stale.text && again.stale) unlinkSync(path);
  } finally {
    unlinkSync(guard);
  }
}

function busy(label: string, name: string, path: string, holder: Holder | null): OutputBusyError {
  const where = holder?.host && holder.host !== hostname() ? ` on ${holder.host}` : '';
  const who = holder?.pid ? `another uvchaos run (pid ${holder.pid}${where})` : 'another uvchaos run';
  return new OutputBusyError(
    `${label}: ${who} is writing the outputs "${name}" in this folder; run again when it has finished (or delete ${path} if no such run exists)`,
  );
}
