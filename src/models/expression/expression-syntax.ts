import type { MathNode } from 'mathjs';
import { EXPRESSION_LIMITS } from './expression-limits.js';
import { mathjs } from './mathjs-loader.js';
import { operandsOf } from './post-order.js';

/**
 * The syntax an expression map may use: numbers, its own variables and parameters, the constants
 * pi and e, + − * / ^ (and unary ±), parentheses, and a whitelist of elementary functions.
 * Everything else (assignments, function definitions, property access, matrices, strings,
 * comparisons, conditionals, unknown names) is rejected with the offending token and its column.
 */
export const USER_FUNCTIONS = [
  'sin',
  'cos',
  'tan',
  'asin',
  'acos',
  'atan',
  'sinh',
  'cosh',
  'tanh',
  'asinh',
  'acosh',
  'atanh',
  'exp',
  'log',
  'sqrt',
  'abs',
  'sign',
  'sec',
  'csc',
  'cot',
  'sech',
  'csch',
  'coth',
  'cube',
  'square',
] as const;

/** A Map, not an object literal: a user's name must never find Object.prototype's members. */
export const CONSTANTS: ReadonlyMap<string, number> = new Map([
  ['pi', Math.PI],
  ['e', Math.E],
]);

/**
 * Words that cannot name a variable or parameter: mathjs reads the first ones as literals and word
 * operators, never as a name; and a JSON record cannot carry __proto__ as a key.
 */
export const RESERVED_WORDS = [
  'true',
  'false',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  'mod',
  'to',
  'in',
  'and',
  'or',
  'xor',
  'not',
  '__proto__',
] as const;

export function isUserFunction(name: string): boolean {
  return (USER_FUNCTIONS as readonly string[]).includes(name);
}

export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly column: number | null,
  ) {
    super(message);
    this.name = 'ExpressionError';
  }
}

/** Column (from 1) of the first whole-token occurrence of `token` in `text`, if any. */
function columnOf(text: string, token: string): number | null {
  if (token === '') return null;
  const escaped = token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const word = /^\w/.test(token) ? `(?<![\\w.])${escaped}(?!\\w)` : escaped;
  const match = new RegExp(word).exec(text);
  return match ? match.index + 1 : null;
}

/** The equation as quoted in an error: whole if short, else its start (an error stays one readable line). */
export function quoted(text: string): string {
  return JSON.stringify(text.length > 100 ? `${text.slice(0, 97)}…` : text);
}

function fail(text: string, what: string, token: string): never {
  const column = columnOf(text, token);
  throw new ExpressionError(`${what}${column ? ` at column ${column}` : ''} of ${quoted(text)}`, column);
}

/** A name or piece of the equation in an error, at most 40 characters. */
function clipped(piece: string): string {
  return piece.length > 40 ? `${piece.slice(0, 39)}…` : piece;
}

/** mathjs's message on one short line: it quotes pieces of the text, newlines included. */
function oneLine(message: string): string {
  const escaped = message.replace(/[\u0000-\u001f\u2028\u2029]/g, (c) => JSON.stringify(c).slice(1, -1));
  return escaped.length > 120 ? `${escaped.slice(0, 117)}…` : escaped;
}

/** A literal as the user wrote it: strings quoted, everything else (undefined, null, true) bare. */
function literal(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/**
 * Parses and checks one equation; `symbols` are the names it may use (variables and parameters).
 * Length and bracket nesting are checked before mathjs sees the text, and a stack overflow in its
 * (recursive) parser becomes a user error; everything after the parser walks the tree without
 * recursion, so no text can overflow the stack.
 */
export function parseEquation(text: string, symbols: ReadonlySet<string>): MathNode {
  if (typeof text !== 'string') throw new ExpressionError(`expected the equation as a string, got ${literal(text)}`, null);
  if (text.trim() === '') throw new ExpressionError('the equation is empty', null);
  const { equationLength, bracketNesting } = EXPRESSION_LIMITS;
  if (text.length > equationLength) {
    throw new ExpressionError(`the equation has ${text.length} characters, more than the limit of ${equationLength}`, null);
  }
  const tooDeep = deepBracket(text, bracketNesting);
  if (tooDeep !== null) {
    throw new ExpressionError(`brackets nested more than ${bracketNesting} deep at column ${tooDeep} of ${quoted(text)}`, tooDeep);
  }
  let root: MathNode;
  try {
    root = mathjs().parse(text);
  } catch (err) {
    if (err instanceof RangeError) throw new ExpressionError(`too deeply nested to parse: ${quoted(text)}`, null);
    const message = (err as Error).message;
    const char = /\(char (\d+)\)/.exec(message);
    const column = char ? Number(char[1]) : null;
    throw new ExpressionError(
      `syntax error${column ? ` at column ${column}` : ''} of ${quoted(text)}: ${oneLine(message.replace(/\s*\(char \d+\)/, ''))}`,
      column,
    );
  }
  check(root, text, symbols);
  return root;
}

/** Column (from 1) of the first bracket opened more than `limit` deep, or null. */
function deepBracket(text: string, limit: number): number | null {
  let open = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') {
      if (++open > limit) return i + 1;
    } else if (c === ')' || c === ']' || c === '}') {
      open = Math.max(0, open - 1);
    }
  }
  return null;
}

/** Checks every node, first offender first (left to right), without recursion. */
function check(root: MathNode, text: string, symbols: ReadonlySet<string>): void {
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    checkNode(node, text, symbols);
    const operands = operandsOf(node);
    for (let i = operands.length - 1; i >= 0; i--) stack.push(operands[i]);
  }
}

/** Checks one node; its operands are checked by the caller. */
function checkNode(node: MathNode, text: string, symbols: ReadonlySet<string>): void {
  const n = node as MathNode & Record<string, unknown>;
  switch (node.type) {
    case 'ConstantNode':
      if (typeof n.value !== 'number') fail(text, `only numbers are allowed, found ${literal(n.value)}`, literal(n.value));
      return;
    case 'SymbolNode': {
      const name = n.name as string;
      if (!symbols.has(name) && !CONSTANTS.has(name)) {
        const names = [...symbols];
        const known = names.length > 20 ? `${names.slice(0, 20).join(', ')}, … (${names.length} names)` : names.join(', ');
        fail(text, `unknown symbol "${clipped(name)}" (known: ${known}, pi, e)`, name);
      }
      return;
    }
    case 'ParenthesisNode':
      return;
    case 'OperatorNode': {
      const fn = n.fn as string;
      const allowed = ['add', 'subtract', 'multiply', 'divide', 'pow', 'unaryMinus', 'unaryPlus'];
      if (!allowed.includes(fn)) fail(text, `operator "${String(n.op)}" is not allowed (only + - * / ^)`, String(n.op));
      return;
    }
    case 'FunctionNode': {
      const fnNode = n.fn as MathNode & { name?: string };
      const name = fnNode.type === 'SymbolNode' ? (fnNode.name as string) : null;
      if (name === null || !isUserFunction(name)) {
        fail(text, `function "${clipped(name ?? fnNode.toString())}" is not allowed (allowed: ${USER_FUNCTIONS.join(', ')})`, name ?? '(');
      }
      const args = n.args as MathNode[];
      if (args.length !== 1) fail(text, `function "${name}" takes one argument, got ${args.length}`, name!);
      return;
    }
    case 'AssignmentNode':
      return fail(text, 'assignments are not allowed', '=');
    case 'FunctionAssignmentNode':
      return fail(text, 'function definitions are not allowed', '=');
    case 'AccessorNode':
      return fail(
        text,
        'property access and indexing are not allowed',
        String((n.index as MathNode)?.toString?.() ?? '.').startsWith('[') ? '[' : '.',
      );
    case 'ArrayNode':
      return fail(text, 'matrices are not allowed', '[');
    case 'ObjectNode':
      return fail(text, 'objects are not allowed', '{');
    case 'ConditionalNode':
      return fail(text, 'conditionals are not allowed', '?');
    case 'RelationalNode':
      return fail(text, 'comparisons are not allowed', '<');
    case 'RangeNode':
      return fail(text, 'ranges are not allowed', ':');
    case 'BlockNode':
      return fail(text, 'several statements are not allowed', ';');
    default:
      return fail(text, `${node.type} is not allowed`, node.toString());
  }
}
