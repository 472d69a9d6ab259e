// A map a constructor makes only when a flag is set, written only on paths
// that test the same flag first: the nil and the write sit on opposite arms
// of one condition, which flow nil-ness (and a summary) cannot relate.
//
//   func newBucket(tx *Tx) Bucket { if tx.writable { b.nodes = make(...) } ... }
//   func (b *Bucket) CreateBucket(...) { if !b.tx.writable { return nil, ErrTxNotWritable }; ... b.Bucket(key) }
//
// The flag is a boolean field (`writable`) whose test dominates the make in
// a function the nil comes from; any function on the way from there to the
// write (the reporting function, its callees on the chain, the functions
// the nil travels through) testing a field of that name ties the two.
import { cfgOf } from "../../flow/cfg.js";
import { dominators } from "../../flow/dominators.js";
import type { IrFunction } from "../../lower/ir.js";
import type { ChainHop, SummaryOrigin } from "../../summaries/nil/nil-summary-types.js";

export function correlatedFlag(functions: readonly IrFunction[], at: IrFunction, field: string, origins: readonly SummaryOrigin[], chain: readonly ChainHop[]): boolean {
  const sources = new Set<number>();
  const visit = (o: SummaryOrigin): void => {
    if (!o.callee) return;
    sources.add(o.callee.fn);
    o.callee.origins.forEach(visit);
  };
  origins.forEach(visit);
  if (sources.size === 0) return false;
  const flags = new Set<string>();
  const makers = new Set<number>();
  for (const id of sources) {
    const fn = functions[id];
    const found = fn ? flagsMaking(fn, field) : [];
    if (found.length > 0) makers.add(id);
    for (const f of found) flags.add(f);
  }
  if (flags.size === 0) return false;
  // The maker's own test is the condition itself; another function must test it too.
  const around = new Set<number>([at.id, ...sources, ...chain.map((h) => h.fn)]);
  for (const id of around) {
    if (makers.has(id)) continue;
    const fn = functions[id];
    if (fn?.blocks.some((b) => b.term.kind === "branch" && b.term.cond.kind === "bool" && flags.has(lastField(b.term.cond.path.selectors) ?? ""))) return true;
  }
  return false;
}

/** Boolean fields whose test decides whether `fn` makes a map into a field named `field`. */
function flagsMaking(fn: IrFunction, field: string): string[] {
  const makes: number[] = [];
  fn.blocks.forEach((b, id) => {
    if (b.instrs.some((x) => x.op === "assign" && x.value.kind === "make" && x.targets.some((t) => t && lastField(t.selectors) === field))) makes.push(id);
  });
  if (makes.length === 0) return [];
  const dom = dominators(cfgOf(fn));
  const out: string[] = [];
  for (const start of makes) {
    let child = start;
    for (let guard = 0; guard < fn.blocks.length; guard++) {
      const parent = dom.idom[child];
      if (parent < 0 || parent === child) break;
      const t = fn.blocks[parent].term;
      if (t.kind === "branch" && t.cond.kind === "bool") {
        const name = lastField(t.cond.path.selectors);
        if (name) out.push(name);
      }
      child = parent;
    }
  }
  return out;
}

function lastField(selectors: readonly { kind: string; name?: string }[]): string | null {
  const s = selectors.at(-1);
  return s?.kind === "field" && s.name ? s.name : null;
}
