import { Body, emitLanesLoop, encodeModule, Op, ValType, type WasmImport } from '../../wasm/wasm-encoder.js';
import { Op as ProgramOp, type Program } from './compile-expression.js';

/**
 * Compiles an expression map's register programs (step and Jacobian) into one WebAssembly module
 * that runs them over a batch of orbits. Each program instruction becomes the same IEEE operation
 * on a local (constants inlined, elementary functions called from JavaScript's Math), so every
 * lane computes bit for bit what the interpreter `run` computes, at the speed of machine code.
 *
 * Memory layout, component-major with stride `lanes` as in BatchMap: registers [0, k + m) (state,
 * then parameters) of lane j at (i·lanes + j)·8; the Jacobian entry e = r·k + c of lane j after
 * them, at ((k + m + e)·lanes + j)·8.
 */

type MathFunction =
  | 'sin'
  | 'cos'
  | 'tan'
  | 'asin'
  | 'acos'
  | 'atan'
  | 'sinh'
  | 'cosh'
  | 'tanh'
  | 'asinh'
  | 'acosh'
  | 'atanh'
  | 'exp'
  | 'log'
  | 'sign'
  | 'pow';

const UNARY_IMPORTS: Partial<Record<ProgramOp, MathFunction>> = {
  [ProgramOp.Sin]: 'sin',
  [ProgramOp.Cos]: 'cos',
  [ProgramOp.Tan]: 'tan',
  [ProgramOp.Asin]: 'asin',
  [ProgramOp.Acos]: 'acos',
  [ProgramOp.Atan]: 'atan',
  [ProgramOp.Sinh]: 'sinh',
  [ProgramOp.Cosh]: 'cosh',
  [ProgramOp.Tanh]: 'tanh',
  [ProgramOp.Asinh]: 'asinh',
  [ProgramOp.Acosh]: 'acosh',
  [ProgramOp.Atanh]: 'atanh',
  [ProgramOp.Exp]: 'exp',
  [ProgramOp.Log]: 'log',
  [ProgramOp.Sign]: 'sign',
};
/** 1/f(x) functions, computed as 1 / Math.f(x) exactly as the interpreter does */
const RECIPROCALS: Partial<Record<ProgramOp, MathFunction>> = {
  [ProgramOp.Sec]: 'cos',
  [ProgramOp.Csc]: 'sin',
  [ProgramOp.Cot]: 'tan',
  [ProgramOp.Sech]: 'cosh',
  [ProgramOp.Csch]: 'sinh',
  [ProgramOp.Coth]: 'tanh',
};
const BINARY: Partial<Record<ProgramOp, Op>> = {
  [ProgramOp.Add]: Op.F64Add,
  [ProgramOp.Sub]: Op.F64Sub,
  [ProgramOp.Mul]: Op.F64Mul,
  [ProgramOp.Div]: Op.F64Div,
};

const MATH_NAMES = [...new Set([...Object.values(UNARY_IMPORTS), ...Object.values(RECIPROCALS)])];
const IMPORTS: WasmImport[] = [
  ...MATH_NAMES.map((name) => ({ module: 'math', name, type: { params: [ValType.F64], results: [ValType.F64] } })),
  { module: 'math', name: 'pow', type: { params: [ValType.F64, ValType.F64], results: [ValType.F64] } },
];
const importIndex = (name: string) => IMPORTS.findIndex((imp) => imp.name === name);

export interface WasmBatchKernels {
  /** registers [0, k + m) of every lane, then the Jacobian entries; see the layout above */
  memory: Float64Array;
  /** index of the first Jacobian entry in `memory` */
  jacobianStart: number;
  /** advances lanes [0, n) one step in place */
  step(n: number): void;
  /** writes the Jacobians of lanes [0, n) */
  jacobian(n: number): void;
}

export interface CompiledProgram {
  program: Program;
  /** resolved output registers: the k new states, or the k² Jacobian entries row-major */
  outputs: Int32Array;
}

export function compileWasmBatch(step: CompiledProgram, jacobian: CompiledProgram, k: number, m: number, lanes: number): WasmBatchKernels {
  const inputs = k + m;
  const jacobianStart = inputs * lanes;
  const bytes = (jacobianStart + k * k * lanes) * 8;
  const functions = [
    { name: 'step', type: { params: [ValType.I32], results: [] }, body: lanesBody(step, inputs, lanes, 0) },
    { name: 'jacobian', type: { params: [ValType.I32], results: [] }, body: lanesBody(jacobian, inputs, lanes, inputs) },
  ];
  const module = new WebAssembly.Module(encodeModule({ imports: IMPORTS, functions, memoryPages: Math.max(1, Math.ceil(bytes / 65536)) }));
  const math = Object.fromEntries(IMPORTS.map((imp) => [imp.name, Math[imp.name as MathFunction]]));
  const instance = new WebAssembly.Instance(module, { math });
  const exports = instance.exports as { memory: WebAssembly.Memory; step(n: number): void; jacobian(n: number): void };
  return {
    memory: new Float64Array(exports.memory.buffer, 0, bytes / 8),
    jacobianStart,
    step: exports.step,
    jacobian: exports.jacobian,
  };
}

/**
 * One function: for each lane, load its inputs into locals, run the program on locals, then store
 * the outputs at register rows outputRow, outputRow + 1, … (in place for the step, whose outputs
 * are all computed before any is stored).
 */
function lanesBody({ program, outputs }: CompiledProgram, inputs: number, lanes: number, outputRow: number): Body {
  const body = new Body(1);
  const inputLocals = Array.from({ length: inputs }, () => body.local(ValType.F64));
  const temporaries = program.registers.length - program.temporariesStart;
  const tempLocals = Array.from({ length: temporaries }, () => body.local(ValType.F64));
  const push = (r: number) => {
    if (r < inputs) body.get(inputLocals[r]);
    else if (r < program.temporariesStart) body.f64(program.registers[r]);
    else body.get(tempLocals[r - program.temporariesStart]);
  };
  const rowBytes = lanes * 8;

  emitLanesLoop(body, 0, 8, (p) => {
    for (let i = 0; i < inputs; i++)
      body
        .get(p)
        .loadF64(i * rowBytes)
        .set(inputLocals[i]);
    const code = program.code;
    for (let pc = 0; pc < code.length; pc += 4) {
      const op = code[pc] as ProgramOp;
      const a = code[pc + 2];
      const b = code[pc + 3];
      const binary = BINARY[op];
      const unary = UNARY_IMPORTS[op];
      const reciprocal = RECIPROCALS[op];
      if (binary !== undefined) {
        push(a);
        push(b);
        body.op(binary);
      } else if (unary !== undefined) {
        push(a);
        body.call(importIndex(unary));
      } else if (reciprocal !== undefined) {
        body.f64(1);
        push(a);
        body.call(importIndex(reciprocal)).op(Op.F64Div);
      } else {
        switch (op) {
          case ProgramOp.Neg:
            push(a);
            body.op(Op.F64Neg);
            break;
          case ProgramOp.Abs:
            push(a);
            body.op(Op.F64Abs);
            break;
          case ProgramOp.Sqrt:
            push(a);
            body.op(Op.F64Sqrt);
            break;
          case ProgramOp.Square:
            push(a);
            push(a);
            body.op(Op.F64Mul);
            break;
          case ProgramOp.Cube:
            push(a);
            push(a);
            body.op(Op.F64Mul);
            push(a);
            body.op(Op.F64Mul);
            break;
          case ProgramOp.Pow:
            push(a);
            push(b);
            body.call(importIndex('pow'));
            break;
          case ProgramOp.Copy:
            push(a);
            break;
          default:
            throw new Error(`no WebAssembly form for opcode ${op}`);
        }
      }
      body.set(tempLocals[code[pc + 1] - program.temporariesStart]);
    }
    for (let i = 0; i < outputs.length; i++) {
      body.get(p);
      push(outputs[i]);
      body.storeF64((outputRow + i) * rowBytes);
    }
  });
  return body;
}
