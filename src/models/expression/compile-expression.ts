import type { MathNode } from 'mathjs';
import { EXPRESSION_LIMITS } from './expression-limits.js';
import { CONSTANTS } from './expression-syntax.js';
import { placeTemporaries } from './place-temporaries.js';
import { operandsOf, visitPostOrder } from './post-order.js';

/**
 * Expressions compile once into a small register program.
 *
 * The single-orbit interpreter `run` serves trajectories, cascades and checks. The sweep's batch
 * runs the same program compiled to WebAssembly (expression-wasm.ts): a tree of closures shares
 * V8's call-site feedback and measured at about a tenth of the hand-written map's speed, and a
 * batch interpreter (one loop over the lanes per instruction) at about half. No user text ever
 * reaches eval or new Function; mathjs only parses.
 *
 * Registers: [0, k) state variables, [k, k + m) parameters, then constants, then temporaries.
 * Instructions are (op, dst, a, b) quadruples. Evaluation order follows the syntax tree exactly,
 * so "r*x*(1-x)" computes (r·x)·(1 − x) as the hand-written map does, and x^2 is x·x.
 *
 * Derivatives (emit-derivative.ts) are emitted through the same builder, which tidies them in one
 * pass with rewrites that change no value: operations on constants are computed once, x·1, x/1,
 * x^1, x − 0 and −(−x) become x, x·(−1) becomes −x, x + (−y) and x − (−y) become x − y and
 * x + y (IEEE defines x − y as x + (−y)), and an operation already emitted on the same registers
 * is not emitted again. For Jacobians (`foldZeroTerms`) x + 0 and 0 − x also become x and −x:
 * dropping an exact zero term changes at most the sign of a zero entry.
 */
export const enum Op {
  Add,
  Sub,
  Mul,
  Div,
  Neg,
  Square,
  Pow,
  Copy,
  Sin,
  Cos,
  Tan,
  Asin,
  Acos,
  Atan,
  Sinh,
  Cosh,
  Tanh,
  Asinh,
  Acosh,
  Atanh,
  Exp,
  Log,
  Sqrt,
  Abs,
  Sign,
  Sec,
  Csc,
  Cot,
  Sech,
  Csch,
  Coth,
  Cube,
}

const BINARY_OPS: ReadonlySet<Op> = new Set([Op.Add, Op.Sub, Op.Mul, Op.Div, Op.Pow]);

const BINARY_OPERATORS: ReadonlyMap<string, Op> = new Map([
  ['add', Op.Add],
  ['subtract', Op.Sub],
  ['multiply', Op.Mul],
  ['divide', Op.Div],
  ['pow', Op.Pow],
]);

/** A Map, so that no name finds Object.prototype's members. */
const FUNCTION_OPS: ReadonlyMap<string, Op> = new Map([
  ['sin', Op.Sin],
  ['cos', Op.Cos],
  ['tan', Op.Tan],
  ['asin', Op.Asin],
  ['acos', Op.Acos],
  ['atan', Op.Atan],
  ['sinh', Op.Sinh],
  ['cosh', Op.Cosh],
  ['tanh', Op.Tanh],
  ['asinh', Op.Asinh],
  ['acosh', Op.Acosh],
  ['atanh', Op.Atanh],
  ['exp', Op.Exp],
  ['log', Op.Log],
  ['sqrt', Op.Sqrt],
  ['abs', Op.Abs],
  ['sign', Op.Sign],
  ['sec', Op.Sec],
  ['csc', Op.Csc],
  ['cot', Op.Cot],
  ['sech', Op.Sech],
  ['csch', Op.Csch],
  ['coth', Op.Coth],
  ['cube', Op.Cube],
  ['square', Op.Square],
]);

export interface SymbolTable {
  variables: ReadonlyMap<string, number>;
  parameters: ReadonlyMap<string, number>;
}

/** A map whose programs would exceed EXPRESSION_LIMITS: a user's mistake, not a bug. */
export class ProgramTooLargeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProgramTooLargeError';
  }
}

/** Builds one program for several expressions over the same registers. */
export class ProgramBuilder {
  private readonly code: number[] = [];
  /** register of each constant, keyed by value ('-0' apart from 0, which a Map would merge) */
  private readonly constants = new Map<number | string, number>();
  private readonly constantValues: number[] = [];
  /** register already holding each node's value */
  private readonly emitted = new Map<MathNode, number>();
  /** for a temporary computed as −r, the register r */
  private readonly negationOf = new Map<number, number>();
  /** register of each instruction emitted so far, keyed by instructionKey() */
  private readonly instructions = new Map<number, number>();
  private temporaries = 0;
  private readonly base: number;

  /** `foldZeroTerms`: also drop "+ 0" and "0 −" terms, which may flip the sign of a zero result */
  constructor(
    private readonly table: SymbolTable,
    private readonly foldZeroTerms = false,
  ) {
    this.base = table.variables.size + table.parameters.size;
  }

  /** Emits code computing `node` (once per node object); returns the register holding its value. */
  emit(node: MathNode): number {
    visitPostOrder(
      node,
      (n) => this.emitted.has(n),
      (n) => this.emitted.set(n, this.emitNode(n)),
    );
    return this.emitted.get(node)!;
  }

  /** Code for one node whose operands are emitted already. */
  private emitNode(node: MathNode): number {
    const n = node as MathNode & Record<string, unknown>;
    const operand = (i: number) => this.emitted.get(operandsOf(node)[i])!;
    switch (node.type) {
      case 'ParenthesisNode':
        return operand(0);
      case 'ConstantNode':
        return this.constant(n.value as number);
      case 'SymbolNode': {
        const name = n.name as string;
        const v = this.table.variables.get(name);
        if (v !== undefined) return v;
        const q = this.table.parameters.get(name);
        if (q !== undefined) return this.table.variables.size + q;
        const c = CONSTANTS.get(name);
        if (c !== undefined) return this.constant(c);
        throw new Error(`unknown symbol ${name}`);
      }
      case 'OperatorNode': {
        const binary = BINARY_OPERATORS.get(n.fn as string);
        if (binary !== undefined) return this.op(binary, operand(0), operand(1));
        if (n.fn === 'unaryMinus') return this.op(Op.Neg, operand(0));
        if (n.fn === 'unaryPlus') return operand(0);
        throw new Error(`operator ${String(n.op)}`);
      }
      case 'FunctionNode': {
        const name = (n.fn as MathNode & { name: string }).name;
        const op = FUNCTION_OPS.get(name);
        if (op === undefined) throw new Error(`function ${name}`);
        return this.op(op, operand(0));
      }
      default:
        throw new Error(node.type);
    }
  }

  /** Copies register `from` into a fresh temporary (so outputs survive later instructions). */
  copy(from: number): number {
    return this.op(Op.Copy, from);
  }

  /**
   * The program computing `outputs` (registers returned by emit() or copy()): instructions no
   * output needs are dropped, temporaries share slots, and the outputs come back resolved.
   */
  build(outputs: readonly number[]): Program {
    const placed = placeTemporaries(this.code, outputs);
    if (placed.slots > EXPRESSION_LIMITS.programTemporaries) {
      throw new ProgramTooLargeError(
        `it needs ${placed.slots} values held at once, more than the limit of ${EXPRESSION_LIMITS.programTemporaries}`,
      );
    }
    const temporariesStart = this.base + this.constantValues.length;
    // Slots are numbered −1, −2, … by placeTemporaries; they follow the constants.
    const resolve = (r: number) => (r <= -1 ? temporariesStart + (-1 - r) : r);
    const code = Int32Array.from(placed.code);
    for (let i = 0; i < code.length; i += 4) {
      for (const slot of [1, 2, 3]) code[i + slot] = resolve(code[i + slot]);
    }
    const registers = new Float64Array(temporariesStart + placed.slots);
    registers.set(this.constantValues, this.base);
    return { code, registers, temporariesStart, outputs: Int32Array.from(placed.outputs, resolve) };
  }

  /** The register holding `value`. */
  constant(value: number): number {
    const key = Object.is(value, -0) ? '-0' : value;
    let r = this.constants.get(key);
    if (r === undefined) {
      r = this.base + this.constantValues.length;
      this.constants.set(key, r);
      this.constantValues.push(value);
    }
    return r;
  }

  private constantAt(r: number): number | undefined {
    const i = r - this.base;
    return i >= 0 && i < this.constantValues.length ? this.constantValues[i] : undefined;
  }

  /**
   * The register holding `a op b` (b is ignored by unary operations): emitted, or found already
   * emitted, folded or rewritten. Temporaries are encoded as negative numbers until build().
   */
  op(op: Op, a: number, b = 0): number {
    const binary = BINARY_OPS.has(op);
    const ca = this.constantAt(a);
    const cb = binary ? this.constantAt(b) : undefined;
    // rewrites first, so that a constant's square is c·c as a variable's is
    const same = this.rewrite(op, a, b, ca, cb);
    if (same !== undefined) return same;
    if (ca !== undefined && (!binary || cb !== undefined)) return this.constant(evaluate(op, ca, cb ?? 0));
    const key = instructionKey(op, a, binary ? b : 0);
    const emitted = this.instructions.get(key);
    if (emitted !== undefined) return emitted;
    if (this.code.length >= 4 * EXPRESSION_LIMITS.programInstructions) {
      throw new ProgramTooLargeError(`it needs more than ${EXPRESSION_LIMITS.programInstructions} operations`);
    }
    const dst = -1 - this.temporaries++;
    this.code.push(op, dst, a, binary ? b : 0);
    this.instructions.set(key, dst);
    if (op === Op.Neg) this.negationOf.set(dst, a);
    return dst;
  }

  /** A register holding the same value as `a op b` computed more simply, if there is one (see the top). */
  private rewrite(op: Op, a: number, b: number, ca: number | undefined, cb: number | undefined): number | undefined {
    switch (op) {
      case Op.Neg:
        return this.negationOf.get(a);
      case Op.Mul:
        if (cb === 1) return a;
        if (ca === 1) return b;
        if (cb === -1) return this.op(Op.Neg, a);
        if (ca === -1) return this.op(Op.Neg, b);
        return undefined;
      case Op.Div:
        return cb === 1 ? a : undefined;
      case Op.Pow:
        if (cb === 1) return a;
        if (cb === 2) return this.op(Op.Square, a);
        return undefined;
      case Op.Add: {
        if (this.foldZeroTerms && cb === 0) return a;
        if (this.foldZeroTerms && ca === 0) return b;
        const negated = this.negationOf.get(b);
        return negated === undefined ? undefined : this.op(Op.Sub, a, negated);
      }
      case Op.Sub: {
        // x − (+0) is x even for x = −0; x − (−0) is x + 0, which is not
        if (cb === 0 && (this.foldZeroTerms || !Object.is(cb, -0))) return a;
        if (this.foldZeroTerms && ca === 0) return this.op(Op.Neg, b);
        const negated = this.negationOf.get(b);
        return negated === undefined ? undefined : this.op(Op.Add, a, negated);
      }
      default:
        return undefined;
    }
  }
}

/**
 * (op, a, b) as one exact integer below 2^53. Registers lie within ±2^20: temporaries are bounded
 * by the instruction limit, and constants by the nodes of at most 16 equations of 2000 characters
 * times the 16 derivatives that may fold each.
 */
function instructionKey(op: Op, a: number, b: number): number {
  const offset = 2 ** 20;
  if (Math.abs(a) >= offset || Math.abs(b) >= offset) throw new Error(`internal: register ${a} or ${b} out of range`);
  return (op * 2 ** 21 + (a + offset)) * 2 ** 21 + (b + offset);
}

/** One operation on constants, computed by the interpreter itself so it cannot differ from run(). */
function evaluate(op: Op, a: number, b: number): number {
  const registers = Float64Array.of(a, b, 0);
  run(Int32Array.of(op, 2, 0, 1), registers);
  return registers[2];
}

export interface Program {
  code: Int32Array;
  /** register file with constants filled in; variables and parameters are written by the caller */
  registers: Float64Array;
  /** first temporary register; constants sit between the parameters and here */
  temporariesStart: number;
  /** registers holding the outputs given to build(), in order */
  outputs: Int32Array;
}

/** Runs a program over its register file (one orbit). */
export function run(code: Int32Array, r: Float64Array): void {
  for (let pc = 0; pc < code.length; pc += 4) {
    const d = code[pc + 1];
    const a = r[code[pc + 2]];
    switch (code[pc]) {
      case Op.Add:
        r[d] = a + r[code[pc + 3]];
        break;
      case Op.Sub:
        r[d] = a - r[code[pc + 3]];
        break;
      case Op.Mul:
        r[d] = a * r[code[pc + 3]];
        break;
      case Op.Div:
        r[d] = a / r[code[pc + 3]];
        break;
      case Op.Neg:
        r[d] = -a;
        break;
      case Op.Square:
        r[d] = a * a;
        break;
      case Op.Pow:
        r[d] = Math.pow(a, r[code[pc + 3]]);
        break;
      case Op.Copy:
        r[d] = a;
        break;
      default:
        r[d] = applyFunction(code[pc], a);
    }
  }
}

function applyFunction(op: number, a: number): number {
  switch (op) {
    case Op.Sin:
      return Math.sin(a);
    case Op.Cos:
      return Math.cos(a);
    case Op.Tan:
      return Math.tan(a);
    case Op.Asin:
      return Math.asin(a);
    case Op.Acos:
      return Math.acos(a);
    case Op.Atan:
      return Math.atan(a);
    case Op.Sinh:
      return Math.sinh(a);
    case Op.Cosh:
      return Math.cosh(a);
    case Op.Tanh:
      return Math.tanh(a);
    case Op.Asinh:
      return Math.asinh(a);
    case Op.Acosh:
      return Math.acosh(a);
    case Op.Atanh:
      return Math.atanh(a);
    case Op.Exp:
      return Math.exp(a);
    case Op.Log:
      return Math.log(a);
    case Op.Sqrt:
      return Math.sqrt(a);
    case Op.Abs:
      return Math.abs(a);
    case Op.Sign:
      return Math.sign(a);
    case Op.Sec:
      return 1 / Math.cos(a);
    case Op.Csc:
      return 1 / Math.sin(a);
    case Op.Cot:
      return 1 / Math.tan(a);
    case Op.Sech:
      return 1 / Math.cosh(a);
    case Op.Csch:
      return 1 / Math.sinh(a);
    case Op.Coth:
      return 1 / Math.tanh(a);
    case Op.Cube:
      return a * a * a;
    default:
      throw new Error(`bad opcode ${op}`);
  }
}
