// Memory a function made itself and never shared (summaries/ownership.ts), with
// the callees' summaries saying which calls hand back something fresh
// (`o := newObj()`): no other goroutine can reach it, so no lock guards it.
import type { Instr, IrFunction, Path } from "../../lower/ir.js";
import type { PackageFacts } from "../../package-facts.js";
import { type Ownership, ownershipOf } from "../../summaries/ownership.js";

export class OwnedHere {
  private readonly memo = new Map<number, Ownership>();

  constructor(private readonly pkg: PackageFacts) {}

  /** Whether `path`, over fn's own variables, reaches only memory fn made and did not share. */
  owns(fn: IrFunction, path: Path): boolean {
    let own = this.memo.get(fn.id);
    if (!own) {
      own = ownershipOf(fn, this.pkg.ir.functions, this.freshCalls(fn));
      this.memo.set(fn.id, own);
    }
    return own.owns(path);
  }

  private freshCalls(fn: IrFunction): (instr: Instr) => readonly boolean[] | null {
    const { callGraph } = this.pkg.semantic;
    const summaries = this.pkg.accessSummaries();
    const refs = new Map<Instr, { block: number; index: number }>();
    for (const b of fn.blocks) b.instrs.forEach((instr, index) => refs.set(instr, { block: b.id, index }));
    return (instr) => {
      const ref = refs.get(instr);
      const site = ref ? callGraph.site(fn.id, ref) : null;
      if (!site || site.op !== "call" || site.targets.length === 0) return null;
      let fresh: boolean[] | null = null;
      for (const t of site.targets) {
        const r = summaries.summaryOf(t.fn).freshResults;
        fresh = fresh === null ? [...r] : fresh.map((f, i) => f && r[i] === true);
      }
      return fresh;
    };
  }
}
