/**
 * A user mistake in a spec file: carries the file, the field path and what was expected, and
 * prints as one line. The CLI turns it into exit code 2 without a stack trace.
 */
export class SpecError extends Error {
  readonly file: string;
  readonly field: string | null;
  readonly detail: string;

  constructor(file: string, field: string | null, detail: string) {
    // a backstop for every message built with the user's text in it: one line, of bounded length
    detail = oneLine(detail, MAX_DETAIL);
    field = field === null ? null : oneLine(field, MAX_DETAIL);
    super(field ? `${file}: ${field}: ${detail}` : `${file}: ${detail}`);
    this.name = 'SpecError';
    this.file = file;
    this.field = field;
    this.detail = detail;
  }
}

/** Longest field or detail a SpecError prints; a user's names and values are cut to 40 characters before that. */
const MAX_DETAIL = 400;

const LINE_BREAK_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/** `text` with line breaks written as escapes, cut to `max` characters. */
function oneLine(text: string, max: number): string {
  const flat = text.replace(/[\n\r\u2028\u2029]/g, (ch) => LINE_BREAK_ESCAPES[ch]);
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/**
 * Dotted path with array indices in brackets: model.init.ntk0, grid.x, items[2].name. A key that
 * is not a plain name (a line break, a dot, a space, 100 characters) is quoted in brackets, cut
 * short: the path stays one readable line whatever keys the file has.
 */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (!PLAIN_NAME.test(String(key))) out += `[${quoteText(String(key))}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(top level)';
}

const PLAIN_NAME = /^[\p{L}\p{N}_$-]{1,40}$/u;

/** A user's text quoted for a one-line message: JSON-escaped (no raw line break), at most `max` characters. */
export function quoteText(text: string, max = 40): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return JSON.stringify(cut)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
