import type { MathNode } from 'mathjs';

/**
 * Visits every node of a checked expression (parentheses, operators, functions, symbols,
 * constants) after its operands, left to right, with an explicit stack rather than recursion:
 * a tree may be hundreds of levels deep, and recursive passes ran out of stack before this.
 * Nodes for which `done` returns true (already visited, or shared with an earlier tree) are
 * skipped with their operands; `visit` must make `done` true for the node it is given.
 */
export function visitPostOrder(root: MathNode, done: (node: MathNode) => boolean, visit: (node: MathNode) => void): void {
  const stack: MathNode[] = [root];
  while (stack.length > 0) {
    const node = stack[stack.length - 1];
    if (done(node)) {
      stack.pop();
      continue;
    }
    const pending = operandsOf(node).filter((child) => !done(child));
    if (pending.length === 0) {
      stack.pop();
      visit(node);
    } else {
      for (let i = pending.length - 1; i >= 0; i--) stack.push(pending[i]);
    }
  }
}

export function operandsOf(node: MathNode): MathNode[] {
  const n = node as MathNode & { content?: MathNode; args?: MathNode[] };
  if (node.type === 'ParenthesisNode') return [n.content!];
  if (node.type === 'OperatorNode' || node.type === 'FunctionNode') return n.args!;
  return [];
}
