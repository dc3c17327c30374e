import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { describeFsError, errorCode } from './file-error.js';

/**
 * Why a file named by the user was not read, as a phrase for the caller's one-line error
 * ("no such file", "expected a regular file, …", "expected a CSV data file of at most 64 MB").
 * The caller wraps it in its own error, which names the spec file and field.
 */
export class FileRefused extends Error {
  constructor(readonly detail: string) {
    super(detail);
    this.name = 'FileRefused';
  }
}

/** "10 MB" for 10 · 2²⁰ bytes: caps are whole mebibytes, written as the README writes them. */
export function formatMegabytes(bytes: number): string {
  return `${bytes / 1024 / 1024} MB`;
}

/**
 * The bytes of a regular file of at most `maxBytes`, never reading more than maxBytes + 1: a
 * device such as /dev/zero would otherwise be read until memory runs out, and a FIFO would block.
 * The type and size come from fstat on the opened descriptor (not the path, which could be
 * swapped in between), and the read itself is bounded too, so a file whose size stat reports as 0
 * (under /proc) or that grows while it is read cannot get past the cap. O_NONBLOCK keeps opening
 * a FIFO that has no writer from blocking. `what` names the expected file in the messages.
 */
export function readBoundedFile(file: string, maxBytes: number, what: string): Buffer {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw new FileRefused(errorCode(err) === 'ENOENT' ? 'no such file' : `cannot read: ${describeFsError(err)}`);
  }
  const tooLarge = () => new FileRefused(`expected ${what} of at most ${formatMegabytes(maxBytes)}`);
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new FileRefused(`is a directory, expected ${what}`);
    if (!stat.isFile()) throw new FileRefused('expected a regular file, found a device, FIFO or socket');
    if (stat.size > maxBytes) throw tooLarge();
    // read in growing steps up to maxBytes + 1 bytes: one byte past the cap proves the file too large
    let buffer = Buffer.alloc(Math.min(maxBytes + 1, Math.max(stat.size + 1, 64 * 1024)));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > maxBytes) throw tooLarge();
        const grown = Buffer.alloc(Math.min(maxBytes + 1, 2 * buffer.length));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > maxBytes) throw tooLarge();
    return buffer.subarray(0, length);
  } catch (err) {
    if (err instanceof FileRefused) throw err;
    throw new FileRefused(`cannot read: ${describeFsError(err)}`);
  } finally {
    closeSync(fd);
  }
}
