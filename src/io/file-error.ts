/** What a file-system error code means, in words a user can act on. */
const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EISDIR: 'is a folder, expected a file',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ENOENT: 'no such file or folder, or the file system does not allow creating it',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
};

/** Codes that come from the path the user gave (fix the command line); the others are the machine's. */
const USER_MISTAKES = new Set(['EACCES', 'EPERM', 'EROFS', 'EISDIR', 'ENOTDIR', 'ENOENT', 'ENAMETOOLONG', 'ELOOP']);

export function errorCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

/** "permission denied (EACCES)"; an unknown code or a non-fs error as it is. */
export function describeFsError(err: unknown): string {
  const code = errorCode(err);
  if (code === undefined) return err instanceof Error ? err.message : String(err);
  return `${REASONS[code] ?? 'file system error'} (${code})`;
}

/**
 * A file could not be created, written or renamed. Prints as one line naming the file; the CLI
 * exits 2 when the path is the user's to fix (a read-only or unwritable place, a folder in the
 * way) and 1 when the machine failed (disk full, I/O error).
 */
export class FileError extends Error {
  readonly path: string;
  readonly code: string | undefined;
  readonly userMistake: boolean;

  constructor(path: string, action: string, cause: unknown) {
    super(`${path}: cannot ${action}: ${describeFsError(cause)}`);
    this.name = 'FileError';
    this.path = path;
    this.code = errorCode(cause);
    this.userMistake = this.code !== undefined && USER_MISTAKES.has(this.code);
  }
}

/** Runs a file-system call, turning its error into a FileError about `path`. */
export function onFile<T>(path: string, action: string, call: () => T): T {
  try {
    return call();
  } catch (err) {
    if (err instanceof FileError) throw err;
    throw new FileError(path, action, err);
  }
}
