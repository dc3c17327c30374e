import type { MathNode } from 'mathjs';
import { Op, type ProgramBuilder } from './compile-expression.js';
import { operandsOf, visitPostOrder } from './post-order.js';

/** A whitelisted function without a derivative (sign): the map cannot have a Jacobian. */
export class NoDerivativeError extends Error {
  constructor(readonly functionName: string) {
    super(`${functionName} has no derivative`);
    this.name = 'NoDerivativeError';
  }
}

/**
 * Emits code computing ∂node/∂w into `builder` and returns its register, or null where the node
 * does not depend on w. That structural zero is why the derivative is taken here and not with
 * mathjs's derivative(): its tree keeps a "0 +" for every term without w and leaves the rest to
 * simplify(), whose time grows exponentially with the number of terms (28 terms never finished).
 * Here each node costs O(1) instructions, shared values are computed once, and terms without w
 * cost nothing. The rules and the order of their operands are mathjs's. `node` must have passed
 * the syntax check (expression-syntax.ts); nodes are visited without recursion.
 */
export function emitDerivative(builder: ProgramBuilder, node: MathNode, w: string): number | null {
  // Every value a rule may need, emitted once up front; build() drops the ones no rule used.
  builder.emit(node);
  const value = (n: MathNode) => builder.emit(n);
  const c = (k: number) => builder.constant(k);
  const derivatives = new Map<MathNode, number | null>();

  /** d(n), given the derivatives du, dv of its operands u, v. */
  const rule = (n: MathNode): number | null => {
    const x = n as MathNode & Record<string, unknown>;
    const [u, v] = operandsOf(n);
    const du = u === undefined ? null : derivatives.get(u)!;
    const dv = v === undefined ? null : derivatives.get(v)!;
    switch (n.type) {
      case 'ParenthesisNode':
        return du;
      case 'ConstantNode':
        return null;
      case 'SymbolNode':
        return x.name === w ? c(1) : null;
      case 'FunctionNode':
        return du === null ? null : chain(n, (x.fn as MathNode & { name: string }).name, u, du);
      case 'OperatorNode':
        break;
      default:
        throw new Error(`no derivative rule for ${n.type}`);
    }
    switch (x.fn as string) {
      case 'unaryPlus':
        return du;
      case 'unaryMinus':
        return du === null ? null : builder.op(Op.Neg, du);
      case 'add':
        if (du === null) return dv;
        return dv === null ? du : builder.op(Op.Add, du, dv);
      case 'subtract':
        if (dv === null) return du;
        return du === null ? builder.op(Op.Neg, dv) : builder.op(Op.Sub, du, dv);
      case 'multiply':
        if (du === null) return dv === null ? null : builder.op(Op.Mul, value(u), dv);
        if (dv === null) return builder.op(Op.Mul, value(v), du);
        return builder.op(Op.Add, builder.op(Op.Mul, du, value(v)), builder.op(Op.Mul, value(u), dv));
      case 'divide': {
        if (dv === null) return du === null ? null : builder.op(Op.Div, du, value(v));
        const vv = builder.op(Op.Square, value(v));
        if (du === null) return builder.op(Op.Mul, builder.op(Op.Neg, value(u)), builder.op(Op.Div, dv, vv));
        return builder.op(Op.Div, builder.op(Op.Sub, builder.op(Op.Mul, du, value(v)), builder.op(Op.Mul, value(u), dv)), vv);
      }
      case 'pow':
        return power(n, u, v, du, dv);
      default:
        throw new Error(`no derivative rule for operator ${String(x.fn)}`);
    }
  };

  /** d(u^v), with mathjs's special cases: 0^v and 1^v are constant, u^0 too, u^1 is u. */
  const power = (n: MathNode, u: MathNode, v: MathNode, du: number | null, dv: number | null): number | null => {
    if (du === null && dv === null) return null;
    if (du === null) {
      const base = literal(u);
      if (base === 0 || base === 1) return null;
      return builder.op(Op.Mul, value(n), builder.op(Op.Mul, builder.op(Op.Log, value(u)), dv!));
    }
    if (dv === null) {
      const exponent = literal(v);
      if (exponent === 0) return null;
      if (exponent === 1) return du;
      const lowered = builder.op(Op.Pow, value(u), builder.op(Op.Sub, value(v), c(1)));
      return builder.op(Op.Mul, value(v), builder.op(Op.Mul, du, lowered));
    }
    const fromBase = builder.op(Op.Mul, du, builder.op(Op.Div, value(v), value(u)));
    const fromExponent = builder.op(Op.Mul, dv, builder.op(Op.Log, value(u)));
    return builder.op(Op.Mul, value(n), builder.op(Op.Add, fromBase, fromExponent));
  };

  /** d f(u) = du·f′(u), or du / g(u) where f′ = 1/g; with −du where f′ is negative. */
  const chain = (n: MathNode, name: string, u: MathNode, du: number): number => {
    const a = value(u);
    const f = (op: Op) => builder.op(op, a);
    const square = (r: number) => builder.op(Op.Square, r);
    let derivative: number;
    let divide = false;
    let negative = false;
    switch (name) {
      case 'exp':
        derivative = value(n);
        break;
      case 'log':
        derivative = a;
        divide = true;
        break;
      case 'sqrt':
        derivative = builder.op(Op.Mul, c(2), value(n));
        divide = true;
        break;
      case 'abs':
        derivative = builder.op(Op.Div, value(n), a);
        break;
      case 'sin':
        derivative = f(Op.Cos);
        break;
      case 'cos':
        derivative = builder.op(Op.Neg, f(Op.Sin));
        break;
      case 'tan':
        derivative = square(f(Op.Sec));
        break;
      case 'sec':
        derivative = builder.op(Op.Mul, value(n), f(Op.Tan));
        break;
      case 'csc':
        derivative = builder.op(Op.Mul, value(n), f(Op.Cot));
        negative = true;
        break;
      case 'cot':
        derivative = square(f(Op.Csc));
        negative = true;
        break;
      case 'asin':
        derivative = builder.op(Op.Sqrt, builder.op(Op.Sub, c(1), square(a)));
        divide = true;
        break;
      case 'acos':
        derivative = builder.op(Op.Sqrt, builder.op(Op.Sub, c(1), square(a)));
        divide = true;
        negative = true;
        break;
      case 'atan':
        derivative = builder.op(Op.Add, square(a), c(1));
        divide = true;
        break;
      case 'sinh':
        derivative = f(Op.Cosh);
        break;
      case 'cosh':
        derivative = f(Op.Sinh);
        break;
      case 'tanh':
        derivative = square(f(Op.Sech));
        break;
      case 'sech':
        derivative = builder.op(Op.Mul, value(n), f(Op.Tanh));
        negative = true;
        break;
      case 'csch':
        derivative = builder.op(Op.Mul, value(n), f(Op.Coth));
        negative = true;
        break;
      case 'coth':
        derivative = square(f(Op.Csch));
        negative = true;
        break;
      case 'asinh':
        derivative = builder.op(Op.Sqrt, builder.op(Op.Add, square(a), c(1)));
        divide = true;
        break;
      case 'acosh':
        derivative = builder.op(Op.Sqrt, builder.op(Op.Sub, square(a), c(1)));
        divide = true;
        break;
      case 'atanh':
        derivative = builder.op(Op.Sub, c(1), square(a));
        divide = true;
        break;
      // cube(u) and square(u) as u^3 and u^2: 3·(du·u²) and 2·(du·u)
      case 'cube':
        return builder.op(Op.Mul, c(3), builder.op(Op.Mul, du, square(a)));
      case 'square':
        return builder.op(Op.Mul, c(2), builder.op(Op.Mul, du, a));
      case 'sign':
        throw new NoDerivativeError(name);
      default:
        throw new Error(`no derivative rule for function ${name}`);
    }
    const inner = negative ? builder.op(Op.Neg, du) : du;
    return builder.op(divide ? Op.Div : Op.Mul, inner, derivative);
  };

  visitPostOrder(
    node,
    (n) => derivatives.has(n),
    (n) => derivatives.set(n, rule(n)),
  );
  return derivatives.get(node)!;
}

/** The value of a literal number, seen through parentheses; undefined for anything else. */
function literal(node: MathNode): number | undefined {
  let n = node as MathNode & { content?: MathNode; value?: unknown };
  while (n.type === 'ParenthesisNode') n = n.content as typeof n;
  return n.type === 'ConstantNode' && typeof n.value === 'number' ? n.value : undefined;
}
