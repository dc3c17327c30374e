import { readFileSync } from 'node:fs';
import { SpecError } from './spec-error.js';

/**
 * Reads and parses a JSON file. A syntax error is reported with its line and column, which
 * JSON.parse in Node 20 does not always give, by re-scanning the text with a strict checker.
 */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code ?? String(err)})`;
    throw new SpecError(file, null, why);
  }
  try {
    return JSON.parse(text);
  } catch {
    const at = locateJsonSyntaxError(text);
    throw new SpecError(file, null, `invalid JSON at line ${at.line}, column ${at.column}: ${at.message}`);
  }
}

export interface JsonSyntaxError {
  line: number;
  column: number;
  message: string;
}

/** Finds the first JSON syntax error in text (RFC 8259 grammar). Returns line/column from 1. */
export function locateJsonSyntaxError(text: string): JsonSyntaxError {
  let pos = 0;
  const fail = (message: string): never => {
    throw Object.assign(new Error(message), { pos });
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
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(pos, pos + 400));
    if (!match || match[0] === '-') fail(`unexpected ${describe()}`);
    pos += match![0].length;
  };
  const parseValue = (): void => {
    skipSpace();
    const ch = text[pos];
    if (ch === '{') {
      pos++;
      skipSpace();
      if (text[pos] === '}') {
        pos++;
        return;
      }
      for (;;) {
        skipSpace();
        if (text[pos] !== '"') fail(`expected a double-quoted property name, found ${describe()}`);
        parseString();
        skipSpace();
        expectChar(':', "':' after the property name");
        parseValue();
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
      for (;;) {
        parseValue();
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
    if (text.charCodeAt(0) === 0xfeff) pos = 1;
    parseValue();
    skipSpace();
    if (pos < text.length) fail(`unexpected ${describe()} after the end of the JSON value`);
    return { line: 1, column: 1, message: 'invalid JSON' };
  } catch (err) {
    const at = (err as { pos?: number }).pos ?? pos;
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    const column = at - before.lastIndexOf('\n');
    return { line, column, message: (err as Error).message };
  }
}
