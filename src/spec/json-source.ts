import { FileRefused, readBoundedFile } from '../io/bounded-read.js';
import { LIMITS } from './limits.js';
import { formatFieldPath, quoteText, SpecError } from './spec-error.js';

/**
 * Reads and parses a JSON spec file. A syntax error is reported with its line and column, which
 * JSON.parse in Node 20 does not always give, by re-scanning the text with a strict checker; the
 * same scan refuses a key written twice in one object (JSON.parse would keep the last silently).
 */
export function readJsonFile(file: string): unknown {
  return parseJsonText(file, readSpecText(file));
}

/**
 * The JSON value of a spec file's text, or one SpecError naming `file`. One UTF-8 byte-order mark
 * at the start is ignored (Windows editors write one); a second is an error like any stray character.
 */
export function parseJsonText(file: string, withBom: string): unknown {
  const text = withBom.charCodeAt(0) === 0xfeff ? withBom.slice(1) : withBom;
  const problem = findJsonProblem(text);
  if (problem?.duplicate) {
    const { key, firstLine } = problem.duplicate;
    throw new SpecError(
      file,
      problem.field,
      `duplicate key ${quoteText(key)} at lines ${firstLine} and ${problem.line}; each key may appear once`,
    );
  }
  if (problem) throw new SpecError(file, null, `invalid JSON at line ${problem.line}, column ${problem.column}: ${problem.message}`);
  return JSON.parse(text);
}

/**
 * The text of a spec file. Only a regular file of at most LIMITS.specBytes is read (see readBoundedFile).
 */
function readSpecText(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readBoundedFile(file, LIMITS.specBytes, 'a spec file');
  } catch (err) {
    throw err instanceof FileRefused ? new SpecError(file, null, err.detail) : err;
  }
  return bytes.toString('utf8');
}

export interface JsonProblem {
  line: number;
  column: number;
  message: string;
  /** field path of the offending key (duplicate keys), else null */
  field: string | null;
  /** set when the problem is a key written twice in one object */
  duplicate?: { key: string; firstLine: number };
}

const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

/** Deeper nesting than any spec needs; it also keeps the recursive scan off the stack limit. */
const MAX_DEPTH = 512;

/**
 * Finds the first problem in JSON text (RFC 8259 grammar, plus: no key twice in one object), or
 * null if there is none. Lines and columns count from 1.
 */
export function findJsonProblem(text: string): JsonProblem | null {
  let pos = 0;
  const path: (string | number)[] = [];
  const lineAt = (at: number): number => {
    let line = 1;
    for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) line++;
    return line;
  };
  const fail = (message: string, extra: Partial<JsonProblem> = {}): never => {
    throw Object.assign(new Error(message), { pos, extra });
  };
  const skipSpace = (): void => {
    while (pos < text.length && ' \t\n\r'.includes(text[pos])) pos++;
  };
  const describe = (): string => (pos >= text.length ? 'end of file' : `'${text[pos]}'`);
  const expectChar = (ch: string, what: string): void => {
    if (text[pos] !== ch) fail(`expected ${what}, found ${describe()}`);
    pos++;
  };
  const parseString = (): void => {
    expectChar('"', 'a double-quoted string');
    for (;;) {
      if (pos >= text.length) fail('unterminated string');
      const ch = text[pos];
      if (ch === '"') {
        pos++;
        return;
      }
      if (ch === '\\') {
        pos++;
        const esc = text[pos];
        if (esc === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(pos + 1, pos + 5))) fail('invalid \\u escape');
          pos += 5;
        } else if (esc !== undefined && '"\\/bfnrt'.includes(esc)) pos++;
        else fail('invalid escape in string');
      } else if (ch < ' ') fail('control character in string (newlines must be written \\n)');
      else pos++;
    }
  };
  const parseNumber = (): void => {
    // sticky: matched in place, so a number of any length (JSON.parse reads it) costs no copy
    NUMBER.lastIndex = pos;
    const match = NUMBER.exec(text);
    if (!match || match[0] === '-') fail(`unexpected ${describe()}`);
    pos += match![0].length;
  };
  const parseValue = (): void => {
    skipSpace();
    if (path.length > MAX_DEPTH) fail(`nested deeper than ${MAX_DEPTH} levels`);
    const ch = text[pos];
    if (ch === '{') {
      pos++;
      skipSpace();
      if (text[pos] === '}') {
        pos++;
        return;
      }
      const seen = new Map<string, number>(); // key → where it was first written
      for (;;) {
        skipSpace();
        if (text[pos] !== '"') fail(`expected a double-quoted property name, found ${describe()}`);
        const keyStart = pos;
        parseString();
        const key = JSON.parse(text.slice(keyStart, pos)) as string; // "\u0061" and "a" are one key
        const first = seen.get(key);
        if (first !== undefined) {
          pos = keyStart;
          fail(`duplicate key ${quoteText(key)}`, {
            field: formatFieldPath([...path, key]),
            duplicate: { key, firstLine: lineAt(first) },
          });
        }
        seen.set(key, keyStart);
        skipSpace();
        expectChar(':', "':' after the property name");
        path.push(key);
        parseValue();
        path.pop();
        skipSpace();
        if (text[pos] === ',') {
          pos++;
          skipSpace();
          if (text[pos] === '}') fail("trailing comma before '}'");
          continue;
        }
        expectChar('}', "',' or '}'");
        return;
      }
    }
    if (ch === '[') {
      pos++;
      skipSpace();
      if (text[pos] === ']') {
        pos++;
        return;
      }
      for (let index = 0; ; index++) {
        path.push(index);
        parseValue();
        path.pop();
        skipSpace();
        if (text[pos] === ',') {
          pos++;
          skipSpace();
          if (text[pos] === ']') fail("trailing comma before ']'");
          continue;
        }
        expectChar(']', "',' or ']'");
        return;
      }
    }
    if (ch === '"') return parseString();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return;
      }
    }
    if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return parseNumber();
    fail(pos >= text.length ? 'unexpected end of file, expected a value' : `unexpected ${describe()}, expected a value`);
  };

  try {
    parseValue();
    skipSpace();
    if (pos < text.length) fail(`unexpected ${describe()} after the end of the JSON value`);
    return null;
  } catch (err) {
    const at = (err as { pos?: number }).pos ?? pos;
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    const column = at - before.lastIndexOf('\n');
    return { line, column, message: (err as Error).message, field: null, ...(err as { extra?: Partial<JsonProblem> }).extra };
  }
}
