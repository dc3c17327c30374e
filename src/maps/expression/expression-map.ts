import type { MathNode } from 'mathjs';
import { mathjs } from './mathjs-loader.js';
import type { DiscreteMap } from '../discrete-map.js';
import type { BatchMap } from '../batch-map.js';
import { ProgramBuilder, run } from './compile-expression.js';
import { compileWasmBatch } from './expression-wasm.js';
import { ExpressionError, parseEquation } from './expression-syntax.js';

export interface ExpressionMapSource {
  variables: readonly string[];
  parameters: Readonly<Record<string, number>>;
  equations: Readonly<Record<string, string>>;
}

/** An expression map compiled once: equations, their symbolic Jacobian, and a map factory. */
export interface CompiledExpressionMap {
  variables: readonly string[];
  parameterNames: readonly string[];
  /** Jacobian entries as mathjs printed them, row-major, for inspection */
  jacobianText: string[];
  /** a DiscreteMap with these parameter values (ordered as parameterNames) */
  create(parameterValues: Float64Array): DiscreteMap;
  /** a BatchMap over `lanes` orbits, each lane bit-identical to create()'s map */
  createBatch(lanes: number): BatchMap;
}

/**
 * Parses each equation with mathjs, checks it against the whitelist, differentiates it
 * symbolically with respect to every variable, and compiles equations and derivatives into
 * closures. Errors name the equation (`equations.<variable>`) and the offending token.
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
  const jacobianProgram = new ProgramBuilder(table);
  const stepOutputs: number[] = [];
  const jacobianOutputs: number[] = [];
  const jacobianText: string[] = [];
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
    // An output that is itself a state register ("y: x") is copied first, so that writing the
    // new state back cannot overwrite a value another output still needs.
    const out = stepProgram.emit(node);
    stepOutputs.push(out >= 0 && out < k ? stepProgram.copy(out) : out);
    for (const w of variables) {
      let d: MathNode;
      try {
        d = mathjs().derivative(withPowers(node), w);
      } catch (err) {
        throw new EquationError(v, `cannot differentiate "${text}" with respect to ${w}: ${(err as Error).message}`);
      }
      jacobianText.push(d.toString());
      try {
        jacobianOutputs.push(jacobianProgram.emit(d));
      } catch (err) {
        throw new EquationError(v, `the derivative of "${text}" with respect to ${w} is ${d.toString()}, which uses ${(err as Error).message}, not supported`);
      }
    }
  }
  const stepCode = stepProgram.build();
  const jacobianCode = jacobianProgram.build();
  const stepOut = Int32Array.from(stepOutputs, (r) => stepCode.resolve(r));
  const jacobianOut = Int32Array.from(jacobianOutputs, (r) => jacobianCode.resolve(r));

  return {
    variables,
    parameterNames,
    jacobianText,
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
      const kernels = compileWasmBatch({ program: stepCode, outputs: stepOut }, { program: jacobianCode, outputs: jacobianOut }, k, m, lanes);
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

/**
 * The same expression with cube(u) and square(u) written as u^3 and u^2, which mathjs can
 * differentiate (it has no rule for the functions themselves). Only the derivative sees this
 * form; the step keeps the user's operations.
 */
function withPowers(node: MathNode): MathNode {
  const math = mathjs();
  return node.transform((n) => {
    const call = n as MathNode & { fn?: { name?: string }; args?: MathNode[] };
    if (n.type !== 'FunctionNode' || !call.args) return n;
    const name = call.fn?.name;
    const exponent = name === 'cube' ? 3 : name === 'square' ? 2 : undefined;
    if (exponent === undefined) return n;
    return new math.OperatorNode('^', 'pow', [withPowers(call.args[0]), new math.ConstantNode(exponent)]);
  });
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
