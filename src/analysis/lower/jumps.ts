// Labels, break, continue, goto and fallthrough. A label's block is made on
// its first mention, so a forward goto jumps to a block its statement fills
// in later.
import type { Node } from "web-tree-sitter";
import type { FunctionContext, JumpTargets } from "./lowering-context.js";
import type { FunctionBuilder } from "./function-builder.js";
import { namedKids } from "./syntax.js";

export function lowerLabeled(cx: FunctionContext, node: Node): void {
  const [label, inner] = namedKids(node);
  if (!label) return;
  const name = cx.textOf(label.node);
  cx.b.continueAt(cx.labelBlock(name));
  if (!inner) return;
  // A loop, switch or select takes the label for its break and continue.
  cx.pendingLabel = name;
  cx.pkg.lower.statement(cx, inner.node);
  cx.pendingLabel = null;
}

export function lowerBranch(cx: FunctionContext, node: Node, type: string): void {
  const label = namedKids(node)[0];
  const name = label ? cx.textOf(label.node) : null;
  switch (type) {
    case "break": {
      const target = find(cx.targets, name, false);
      if (target) cx.b.jump(target.breakTo);
      return;
    }
    case "continue": {
      const target = find(cx.targets, name, true);
      if (target?.continueTo) cx.b.jump(target.continueTo);
      return;
    }
    case "goto":
      for (let b: FunctionBuilder | null = cx.b; b; b = b.outer) b.fn.gotos = true;
      if (name) cx.b.jump(cx.labelBlock(name));
      return;
    default:
      if (cx.fallthroughTo) cx.b.jump(cx.fallthroughTo);
  }
}

/** The innermost loop, switch or select (`loopOnly`: loop) with label `name`, or the innermost one. */
function find(targets: JumpTargets[], name: string | null, loopOnly: boolean): JumpTargets | undefined {
  for (let i = targets.length - 1; i >= 0; i--) {
    const t = targets[i];
    if (loopOnly && !t.continueTo) continue;
    if (name === null || t.label === name) return t;
  }
  return undefined;
}
