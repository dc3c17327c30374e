/**
 * A user mistake in a spec file: carries the file, the field path and what was expected, and
 * prints as one line. The CLI turns it into exit code 2 without a stack trace.
 */
export class SpecError extends Error {
  readonly file: string;
  readonly field: string | null;
  readonly detail: string;

  constructor(file: string, field: string | null, detail: string) {
    super(field ? `${file}: ${field}: ${detail}` : `${file}: ${detail}`);
    this.name = 'SpecError';
    this.file = file;
    this.field = field;
    this.detail = detail;
  }
}

/** Dotted path with array indices in brackets: model.init.ntk0, grid.x, items[2].name. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(top level)';
}
