// Returns that report a failure: the function's last result is an `error`
// and the value returned there is a fresh error (`fmt.Errorf`, `errors.New`,
// a wrap) or a variable the branch into this block tested non-nil (`if err
// != nil { return err }`). A goroutine that outlives its spawner only along
// such a return does so when the operation failed; callers of Go code stop
// or hand the error up then, rather than start the operation again at once.
import type { Block, IrFunction, Path, TypeRef } from "../lower/ir.js";
import { cfgOf } from "../flow/cfg.js";

const ERROR_MAKERS = new Set(["Errorf", "New", "Wrap", "Wrapf", "WithMessage", "WithMessagef", "WithStack", "Join"]);

export function isErrorReturn(fn: IrFunction, block: Block): boolean {
  const last = block.instrs[block.instrs.length - 1];
  if (block.term.kind !== "return" || last?.op !== "return" || last.values.length === 0) return false;
  const results = fn.vars.filter((v) => v.kind === "result");
  const errorResult = results.find((v) => v.index === last.values.length - 1);
  if (!errorResult || !isErrorType(errorResult.type)) return false;
  const v = last.values[last.values.length - 1];
  if (v.kind !== "path" || v.path.selectors.length > 0 || v.path.root.kind !== "var") return false;
  const id = v.path.root.var;
  return madeHereAsError(block, id) || testedNonNil(fn, block, v.path);
}

function isErrorType(t: TypeRef | null): boolean {
  return t?.kind === "named" && t.pkg === null && t.name === "error";
}

/** The returned variable is the result of an error constructor earlier in the block. */
function madeHereAsError(block: Block, id: number): boolean {
  for (let i = block.instrs.length - 2; i >= 0; i--) {
    const x = block.instrs[i];
    if (x.op !== "call") continue;
    if (!x.results.some((r) => r?.root.kind === "var" && r.root.var === id && r.selectors.length === 0)) continue;
    const c = x.call.callee;
    return c.kind === "external" && ERROR_MAKERS.has(c.name);
  }
  return false;
}

/** The block is entered only from the `then` of `if v != nil` (or the `else` of `if v == nil`). */
function testedNonNil(fn: IrFunction, block: Block, p: Path): boolean {
  const edges = cfgOf(fn).in[block.id] ?? [];
  if (edges.length === 0) return false;
  return edges.every((e) => {
    const t = fn.blocks[e.from]?.term;
    if (t?.kind !== "branch" || t.cond.kind !== "nil" || t.cond.path.selectors.length > 0) return false;
    const r = t.cond.path.root;
    if (r.kind !== "var" || p.root.kind !== "var" || r.var !== p.root.var) return false;
    return (e.kind === "then") === t.cond.negated;
  });
}
