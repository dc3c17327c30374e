import { describe, expect, it } from 'vitest';
import { findJsonProblem } from '../../src/spec/json-source.js';

describe('findJsonProblem', () => {
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
      const at = findJsonProblem(text)!;
      expect(at.message).toMatch(message);
      expect([at.line, at.column]).toEqual([line, column]);
    });
  }

  it('accepts everything JSON.parse accepts', () => {
    for (const text of ['{}', '[]', '{"a":[1,-2.5e-3,true,false,null,"\\u00e9\\n"]}', ' 0 ', '"x"']) {
      JSON.parse(text);
      expect(findJsonProblem(text)).toBeNull();
    }
  });

  it('accepts a number of any length, as JSON.parse does (found by test/spec/spec-fuzz.test.ts)', () => {
    for (const text of ['1' + '0'.repeat(1000), '{"steps": -0.' + '5'.repeat(1000) + 'e-' + '9'.repeat(500) + '}']) {
      JSON.parse(text);
      expect(findJsonProblem(text)).toBeNull();
    }
  });

  it('finds a key written twice in one object, with its field path and both lines', () => {
    const text = '{\n  "name": "a",\n  "model": {\n    "width": 10,\n    "target": 1,\n    "width": 20\n  }\n}';
    expect(JSON.parse(text).model.width).toBe(20); // what JSON.parse alone would accept silently
    const problem = findJsonProblem(text)!;
    expect(problem.duplicate).toEqual({ key: 'width', firstLine: 4 });
    expect([problem.field, problem.line, problem.column]).toEqual(['model.width', 6, 5]);
  });

  it('treats escaped and plain spellings of a key as the same key, inside arrays too', () => {
    const problem = findJsonProblem('{"items": [{"a": 1}, {"a": 1, "\\u0061": 2}]}')!;
    expect(problem.field).toBe('items[1].a');
    expect(problem.duplicate?.key).toBe('a');
  });

  it('allows the same key in different objects', () => {
    expect(findJsonProblem('{"x": {"a": 1}, "y": {"a": 2}, "a": 3}')).toBeNull();
  });

  it('refuses nesting deeper than any spec needs instead of overflowing the stack', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(findJsonProblem(deep)!.message).toMatch(/nested deeper than 512 levels/);
  });
});
