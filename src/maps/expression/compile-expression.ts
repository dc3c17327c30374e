import type { MathNode } from 'mathjs';
import { CONSTANTS } from './expression-syntax.js';

/**
 * Expressions compile once into a small register program.
 *
 * The single-orbit interpreter `run` serves trajectories, cascades and checks. The sweep's batch
 * runs the same program compiled to WebAssembly (expression-wasm.ts): a tree of closures shares
 * V8's call-site feedback and measured at about a tenth of the hand-written map's speed, and a
 * batch interpreter (one loop over the lanes per instruction) at about half. No user text ever
 * reaches eval or new Function; mathjs only parses and differentiates.
 *
 * Registers: [0, k) state variables, [k, k + m) parameters, then constants, then temporaries.
 * Instructions are (op, dst, a, b) quadruples. Evaluation order follows the syntax tree exactly,
 * so "r*x*(1-x)" computes (r·x)·(1 − x) as the hand-written map does, and x^2 is x·x.
 */
export const enum Op {
  Add, Sub, Mul, Div, Neg, Square, Pow, Copy,
  Sin, Cos, Tan, Asin, Acos, Atan, Sinh, Cosh, Tanh, Asinh, Acosh, Atanh,
  Exp, Log, Sqrt, Abs, Sign, Sec, Csc, Cot, Sech, Csch, Coth, Cube,
}

/** A Map, so that no name finds Object.prototype's members. */
const FUNCTION_OPS: ReadonlyMap<string, Op> = new Map([
  ['sin', Op.Sin], ['cos', Op.Cos], ['tan', Op.Tan], ['asin', Op.Asin], ['acos', Op.Acos], ['atan', Op.Atan],
  ['sinh', Op.Sinh], ['cosh', Op.Cosh], ['tanh', Op.Tanh], ['asinh', Op.Asinh], ['acosh', Op.Acosh], ['atanh', Op.Atanh],
  ['exp', Op.Exp], ['log', Op.Log], ['sqrt', Op.Sqrt], ['abs', Op.Abs], ['sign', Op.Sign], ['sec', Op.Sec], ['csc', Op.Csc],
  ['cot', Op.Cot], ['sech', Op.Sech], ['csch', Op.Csch], ['coth', Op.Coth], ['cube', Op.Cube], ['square', Op.Square],
]);

export interface SymbolTable {
  variables: ReadonlyMap<string, number>;
  parameters: ReadonlyMap<string, number>;
}

/** Builds one program for several expressions over the same registers. */
export class ProgramBuilder {
  private readonly code: number[] = [];
  private readonly constants = new Map<number, number>();
  private readonly constantValues: number[] = [];
  private temporaries = 0;
  private readonly base: number;

  constructor(private readonly table: SymbolTable) {
    this.base = table.variables.size + table.parameters.size;
  }

  /** Emits code computing `node`; returns the register holding its value. */
  emit(node: MathNode): number {
    const n = node as MathNode & Record<string, unknown>;
    switch (node.type) {
      case 'ParenthesisNode':
        return this.emit(n.content as MathNode);
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
        const args = n.args as MathNode[];
        switch (n.fn as string) {
          case 'unaryPlus':
            return this.emit(args[0]);
          case 'unaryMinus':
            return this.op(Op.Neg, this.emit(args[0]), 0);
          case 'add':
            return this.binary(Op.Add, args);
          case 'subtract':
            return this.binary(Op.Sub, args);
          case 'multiply':
            return this.binary(Op.Mul, args);
          case 'divide':
            return this.binary(Op.Div, args);
          case 'pow': {
            const base = this.emit(args[0]);
            const exponent = args[1] as MathNode & { value?: unknown };
            if (exponent.type === 'ConstantNode' && exponent.value === 2) return this.op(Op.Square, base, 0);
            if (exponent.type === 'ConstantNode' && exponent.value === 1) return base;
            return this.op(Op.Pow, base, this.emit(args[1]));
          }
          default:
            throw new Error(`operator ${String(n.op)}`);
        }
      }
      case 'FunctionNode': {
        const name = (n.fn as MathNode & { name: string }).name;
        const op = FUNCTION_OPS.get(name);
        if (op === undefined) throw new Error(`function ${name}`);
        return this.op(op, this.emit((n.args as MathNode[])[0]), 0);
      }
      default:
        throw new Error(node.type);
    }
  }

  /** Copies register `from` into a fresh temporary (so outputs survive later instructions). */
  copy(from: number): number {
    return this.op(Op.Copy, from, 0);
  }

  build(): Program {
    const constantsStart = this.base;
    const tempsStart = constantsStart + this.constantValues.length;
    // Temporaries were numbered from 0 as 'temp' registers; shift them past the constants.
    const code = Int32Array.from(this.code);
    for (let i = 0; i < code.length; i += 4) {
      for (const slot of [1, 2, 3]) {
        const r = code[i + slot];
        if (r <= -1) code[i + slot] = tempsStart + (-1 - r);
      }
    }
    const registers = new Float64Array(tempsStart + this.temporaries);
    registers.set(this.constantValues, constantsStart);
    return { code, registers, temporariesStart: tempsStart, resolve: (r: number) => (r <= -1 ? tempsStart + (-1 - r) : r) };
  }

  private binary(op: Op, args: MathNode[]): number {
    const a = this.emit(args[0]);
    const b = this.emit(args[1]);
    return this.op(op, a, b);
  }

  private constant(value: number): number {
    let r = this.constants.get(value);
    if (r === undefined) {
      r = this.base + this.constantValues.length;
      this.constants.set(value, r);
      this.constantValues.push(value);
    }
    return r;
  }

  /** Temporaries are encoded as negative numbers until build() places them. */
  private op(op: Op, a: number, b: number): number {
    const dst = -1 - this.temporaries++;
    this.code.push(op, dst, a, b);
    return dst;
  }
}

export interface Program {
  code: Int32Array;
  /** register file with constants filled in; variables and parameters are written by the caller */
  registers: Float64Array;
  /** first temporary register; constants sit between the parameters and here */
  temporariesStart: number;
  /** final register index of a value returned by emit() */
  resolve(register: number): number;
}

/** Runs a program over its register file (one orbit). */
export function run(code: Int32Array, r: Float64Array): void {
  for (let pc = 0; pc < code.length; pc += 4) {
    const d = code[pc + 1];
    const a = r[code[pc + 2]];
    switch (code[pc]) {
      case Op.Add: r[d] = a + r[code[pc + 3]]; break;
      case Op.Sub: r[d] = a - r[code[pc + 3]]; break;
      case Op.Mul: r[d] = a * r[code[pc + 3]]; break;
      case Op.Div: r[d] = a / r[code[pc + 3]]; break;
      case Op.Neg: r[d] = -a; break;
      case Op.Square: r[d] = a * a; break;
      case Op.Pow: r[d] = Math.pow(a, r[code[pc + 3]]); break;
      case Op.Copy: r[d] = a; break;
      default: r[d] = applyFunction(code[pc], a);
    }
  }
}

function applyFunction(op: number, a: number): number {
  switch (op) {
    case Op.Sin: return Math.sin(a);
    case Op.Cos: return Math.cos(a);
    case Op.Tan: return Math.tan(a);
    case Op.Asin: return Math.asin(a);
    case Op.Acos: return Math.acos(a);
    case Op.Atan: return Math.atan(a);
    case Op.Sinh: return Math.sinh(a);
    case Op.Cosh: return Math.cosh(a);
    case Op.Tanh: return Math.tanh(a);
    case Op.Asinh: return Math.asinh(a);
    case Op.Acosh: return Math.acosh(a);
    case Op.Atanh: return Math.atanh(a);
    case Op.Exp: return Math.exp(a);
    case Op.Log: return Math.log(a);
    case Op.Sqrt: return Math.sqrt(a);
    case Op.Abs: return Math.abs(a);
    case Op.Sign: return Math.sign(a);
    case Op.Sec: return 1 / Math.cos(a);
    case Op.Csc: return 1 / Math.sin(a);
    case Op.Cot: return 1 / Math.tan(a);
    case Op.Sech: return 1 / Math.cosh(a);
    case Op.Csch: return 1 / Math.sinh(a);
    case Op.Coth: return 1 / Math.tanh(a);
    case Op.Cube: return a * a * a;
    default: throw new Error(`bad opcode ${op}`);
  }
}
