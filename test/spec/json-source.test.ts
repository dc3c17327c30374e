import { describe, expect, it } from 'vitest';
import { locateJsonSyntaxError } from '../../src/spec/json-source.js';

describe('locateJsonSyntaxError', () => {
  const cases: [string, number, number, RegExp][] = [
    ['{\n  "a": 1,\n  "b": }', 3, 8, /expected a value/],
    ['{\n  "a": 1,\n}', 3, 1, /trailing comma/],
    ['{"a" 1}', 1, 6, /':'/],
    ['[1, 2', 1, 6, /',' or '\]'/],
    ['{"a": tru}', 1, 7, /unexpected 't'/],
    ["{'a': 1}", 1, 2, /double-quoted property name/],
    ['{"a": 1} x', 1, 10, /after the end/],
    ['{"a": "line\nbreak"}', 1, 12, /control character/],
    ['', 1, 1, /end of file/],
  ];
  for (const [text, line, column, message] of cases) {
    it(`finds the error in ${JSON.stringify(text)}`, () => {
      expect(() => JSON.parse(text)).toThrow();
      const at = locateJsonSyntaxError(text);
      expect(at.message).toMatch(message);
      expect([at.line, at.column]).toEqual([line, column]);
    });
  }

  it('accepts everything JSON.parse accepts', () => {
    for (const text of ['{}', '[]', '{"a":[1,-2.5e-3,true,false,null,"\\u00e9\\n"]}', ' 0 ', '"x"']) {
      JSON.parse(text);
      expect(locateJsonSyntaxError(text).message).toBe('invalid JSON');
    }
  });
});
