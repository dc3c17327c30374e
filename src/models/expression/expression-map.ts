import type { MathNode } from 'mathjs';
import type { DiscreteMap } from '../../kind/discrete-map.js';
import type { BatchMap } from '../../kind/batch-map.js';
import { ProgramBuilder, ProgramTooLargeError, run, type Program } from './compile-expression.js';
import { emitDerivative, NoDerivativeError } from './emit-derivative.js';
import { compileWasmBatch } from './expression-wasm.js';
import { ExpressionError, parseEquation, quoted } from './expression-syntax.js';
import { operandsOf } from './post-order.js';

export interface ExpressionMapSource {
  variables: readonly string[];
  parameters: Readonly<Record<string, number>>;
  equations: Readonly<Record<string, string>>;
}

/** An expression map compiled once: equations, their symbolic Jacobian, and a map factory. */
export interface CompiledExpressionMap {
  variables: readonly string[];
  parameterNames: readonly string[];
  /** a DiscreteMap with these parameter values (ordered as parameterNames) */
  create(parameterValues: Float64Array): DiscreteMap;
  /** a BatchMap over `lanes` orbits, each lane bit-identical to create()'s map */
  createBatch(lanes: number): BatchMap;
}

/**
 * Parses each equation with mathjs, checks it against the whitelist, differentiates it
 * symbolically with respect to every variable (emit-derivative.ts), and compiles equations and
 * derivatives into register programs. Errors name the equation (`equations.<variable>`) and the
 * offending token. Every step takes time linear in the equations' length.
 */
export function compileExpressionMap(source: ExpressionMapSource): CompiledExpressionMap {
  const variables = [...source.variables];
  const parameterNames = Object.keys(source.parameters);
  const symbols = new Set([...variables, ...parameterNames]);
  const table = {
    variables: new Map(variables.map((v, i) => [v, i])),
    parameters: new Map(parameterNames.map((p, i) => [p, i])),
  };
  const k = variables.length;
  const m = parameterNames.length;
  const stepProgram = new ProgramBuilder(table);
  const jacobianProgram = new ProgramBuilder(table, true);
  const stepOutputs: number[] = [];
  const jacobianOutputs: number[] = [];
  for (const v of variables) {
    const text = Object.hasOwn(source.equations, v) ? source.equations[v] : undefined;
    if (text === undefined) throw new EquationError(v, `missing the equation for variable "${v}"`);
    let node: MathNode;
    try {
      node = parseEquation(text, symbols);
    } catch (err) {
      if (err instanceof ExpressionError) throw new EquationError(v, err.message);
      throw err;
    }
    const used = symbolsIn(node);
    try {
      // An output that is itself a state register ("y: x") is copied first, so that writing the
      // new state back cannot overwrite a value another output still needs.
      const out = stepProgram.emit(node);
      stepOutputs.push(out >= 0 && out < k ? stepProgram.copy(out) : out);
      for (const w of variables) {
        const d = used.has(w) ? emitDerivative(jacobianProgram, node, w) : null;
        jacobianOutputs.push(d ?? jacobianProgram.constant(0));
      }
    } catch (err) {
      if (err instanceof NoDerivativeError) throw new EquationError(v, `cannot differentiate ${quoted(text)}: ${err.message}`);
      if (err instanceof ProgramTooLargeError)
        throw new EquationError(v, `the map is too large to compile: with this equation ${err.message}`);
      throw err;
    }
  }
  let stepCode: Program;
  let jacobianCode: Program;
  try {
    stepCode = stepProgram.build(stepOutputs);
    jacobianCode = jacobianProgram.build(jacobianOutputs);
  } catch (err) {
    if (err instanceof ProgramTooLargeError) throw new EquationError(variables[k - 1], `the map is too large to compile: ${err.message}`);
    throw err;
  }
  const stepOut = stepCode.outputs;
  const jacobianOut = jacobianCode.outputs;

  return {
    variables,
    parameterNames,
    create(parameterValues) {
      // Each map gets its own register files, with the parameters written in once.
      const rs = Float64Array.from(stepCode.registers);
      const rj = Float64Array.from(jacobianCode.registers);
      rs.set(parameterValues.subarray(0, m), k);
      rj.set(parameterValues.subarray(0, m), k);
      const code = stepCode.code;
      const jcode = jacobianCode.code;
      return {
        dimension: k,
        stateNames: variables,
        step(state, out) {
          for (let i = 0; i < k; i++) rs[i] = state[i];
          run(code, rs);
          for (let i = 0; i < k; i++) out[i] = rs[stepOut[i]];
        },
        jacobian(state, out) {
          for (let i = 0; i < k; i++) rj[i] = state[i];
          run(jcode, rj);
          for (let i = 0; i < k * k; i++) out[i] = rj[jacobianOut[i]];
        },
      };
    },
    createBatch(lanes) {
      const kernels = compileWasmBatch(
        { program: stepCode, outputs: stepOut },
        { program: jacobianCode, outputs: jacobianOut },
        k,
        m,
        lanes,
      );
      const { memory, jacobianStart } = kernels;
      for (let i = 0; i < k + m; i++) memory.fill(stepCode.registers[i], i * lanes, (i + 1) * lanes);
      const jacobianEntries = memory.subarray(jacobianStart, jacobianStart + k * k * lanes);
      return {
        dimension: k,
        lanes,
        state: memory.subarray(0, k * lanes),
        setParameters(lane, values) {
          for (let q = 0; q < m; q++) memory[(k + q) * lanes + lane] = values[q];
        },
        step(n) {
          kernels.step(n);
        },
        jacobian(out, n) {
          kernels.jacobian(n);
          out.set(jacobianEntries);
        },
      };
    },
  };
}

/** The names of the symbols an expression uses (without recursion: mathjs's traverse() is stack-hungry). */
function symbolsIn(root: MathNode): Set<string> {
  const names = new Set<string>();
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'SymbolNode') names.add((node as MathNode & { name: string }).name);
    stack.push(...operandsOf(node));
  }
  return names;
}

/** A problem in one equation: which one, and what. */
export class EquationError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
    this.name = 'EquationError';
  }
}
