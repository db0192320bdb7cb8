/**
 * Whether `value` nests objects and arrays deeper than `maxDepth` levels (the value itself is
 * level 1). Walks with an explicit stack and stops at the first branch past the limit, so a
 * 6,000-deep value costs no call stack and at most `maxDepth` pending levels of work per branch.
 */
export function exceedsDepth(value: unknown, maxDepth: number): boolean {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: value, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: unknown; depth: number };
    if (typeof node !== 'object' || node === null) continue;
    if (depth > maxDepth) return true;
    const children = Array.isArray(node) ? node : Object.values(node);
    for (const child of children) {
      if (typeof child === 'object' && child !== null) stack.push({ node: child, depth: depth + 1 });
    }
  }
  return false;
}
