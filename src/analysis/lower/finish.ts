// Last step of a function: blocks no path from the entry reaches (code after
// a return, a panic or an endless loop, and the empty blocks lowering opened
// after them) are dropped, and the rest renumbered in order.
import type { Block, IrFunction, Terminator } from "./ir.js";

export function successors(term: Terminator): number[] {
  switch (term.kind) {
    case "jump":
      return [term.to];
    case "branch":
      return [term.then, term.else];
    case "switch":
      return term.to;
    default:
      return [];
  }
}

export function dropUnreachable(fn: IrFunction): void {
  const blocks = fn.blocks;
  const reached = new Uint8Array(blocks.length);
  const stack = [0];
  reached[0] = 1;
  while (stack.length) {
    const id = stack.pop() as number;
    for (const s of successors(blocks[id].term)) {
      if (!reached[s]) {
        reached[s] = 1;
        stack.push(s);
      }
    }
  }
  if (reached.every((r) => r === 1)) return;
  const renumber = new Int32Array(blocks.length).fill(-1);
  const kept: Block[] = [];
  for (const b of blocks) {
    if (!reached[b.id]) continue;
    renumber[b.id] = kept.length;
    kept.push(b);
  }
  for (const b of kept) {
    b.id = renumber[b.id];
    b.term = remap(b.term, renumber);
  }
  fn.blocks = kept;
}

function remap(term: Terminator, to: Int32Array): Terminator {
  switch (term.kind) {
    case "jump":
      return { kind: "jump", to: to[term.to] };
    case "branch":
      return { ...term, then: to[term.then], else: to[term.else] };
    case "switch":
      return { ...term, to: term.to.map((t) => to[t]) };
    default:
      return term;
  }
}
