import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { onFile } from './file-error.js';

/** Temp files not yet committed; removed on abort, on Ctrl-C and on any failed run. */
const pending = new Set<AtomicFile>();

/**
 * The hidden temp sibling of `path`: `.<file>.tmp-<pid>-<nonce>`. The pid says which process owns
 * it, so a later run can remove the ones whose owner died (see stale-temps.ts).
 */
export function tempPathFor(path: string): string {
  const nonce = Math.floor(Math.random() * 2 ** 48).toString(36);
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${nonce}`);
}

/**
 * A file written to a temp sibling, completed (flushed to disk), then renamed into place, so an
 * interrupted run leaves either nothing or the previous file, never a truncated one. OutputSet
 * commits several together. Errors are FileErrors naming the file the user asked for, not the temp.
 */
export class AtomicFile {
  readonly path: string;
  readonly tempPath: string;
  private fd: number | null;
  private state: 'writing' | 'complete' | 'published' | 'aborted' = 'writing';

  constructor(path: string) {
    this.path = path;
    this.tempPath = tempPathFor(path);
    this.fd = onFile(path, 'write', () => openSync(this.tempPath, 'wx'));
    pending.add(this);
  }

  write(chunk: string | Uint8Array): void {
    const fd = this.fd;
    if (fd === null || this.state !== 'writing') throw new Error(`write after close: ${this.path}`);
    onFile(this.path, 'write', () => {
      if (typeof chunk === 'string') writeSync(fd, chunk);
      else {
        let offset = 0;
        while (offset < chunk.length) offset += writeSync(fd, chunk, offset);
      }
    });
  }

  /** Flushes the temp to disk and closes it: the bytes are safe, the file is not in place yet. */
  complete(): void {
    const fd = this.fd;
    if (fd === null || this.state !== 'writing') throw new Error(`complete after close: ${this.path}`);
    onFile(this.path, 'write', () => fsyncSync(fd));
    this.fd = null;
    onFile(this.path, 'write', () => closeSync(fd));
    this.state = 'complete';
  }

  /** True once the file is in place. */
  get published(): boolean {
    return this.state === 'published';
  }

  /** Renames the completed temp into place. */
  publish(): void {
    if (this.state !== 'complete') throw new Error(`publish before complete: ${this.path}`);
    onFile(this.path, 'write', () => renameSync(this.tempPath, this.path));
    this.state = 'published';
    pending.delete(this);
  }

  /** Removes the temp (nothing to do once published). */
  abort(): void {
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch {
        /* already closed */
      }
      this.fd = null;
    }
    if (this.state === 'published') return;
    try {
      unlinkSync(this.tempPath);
    } catch {
      /* never created or already gone */
    }
    this.state = 'aborted';
    pending.delete(this);
  }
}

/** Removes every temp file not yet committed (Ctrl-C, fatal errors). */
export function abortPendingFiles(): void {
  for (const file of [...pending]) file.abort();
}
