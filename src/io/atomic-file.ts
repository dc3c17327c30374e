import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Temp files not yet committed; removed on abort, on Ctrl-C and on any failed run. */
const pending = new Set<AtomicFile>();

/**
 * A file written to a temp sibling and renamed into place on commit, so an interrupted run
 * leaves either nothing or the previous file, never a truncated one.
 */
export class AtomicFile {
  readonly path: string;
  private readonly tempPath: string;
  private fd: number | null;

  constructor(path: string) {
    this.path = path;
    const nonce = `${process.pid}-${Math.floor(Math.random() * 1e9).toString(36)}`;
    this.tempPath = join(dirname(path), `.${basename(path)}.tmp-${nonce}`);
    this.fd = openSync(this.tempPath, 'w');
    pending.add(this);
  }

  write(chunk: string | Uint8Array): void {
    if (this.fd === null) throw new Error(`write after close: ${this.path}`);
    if (typeof chunk === 'string') writeSync(this.fd, chunk);
    else {
      let offset = 0;
      while (offset < chunk.length) offset += writeSync(this.fd, chunk, offset);
    }
  }

  commit(): void {
    if (this.fd === null) throw new Error(`commit after close: ${this.path}`);
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = null;
    renameSync(this.tempPath, this.path);
    pending.delete(this);
  }

  abort(): void {
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch {
        /* already closed */
      }
      this.fd = null;
    }
    try {
      unlinkSync(this.tempPath);
    } catch {
      /* never created or already gone */
    }
    pending.delete(this);
  }
}

/** Writes a whole file atomically. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const file = new AtomicFile(path);
  try {
    file.write(data);
    file.commit();
  } catch (err) {
    file.abort();
    throw err;
  }
}

/** Removes every temp file not yet committed (Ctrl-C, fatal errors). */
export function abortPendingFiles(): void {
  for (const file of [...pending]) file.abort();
}
