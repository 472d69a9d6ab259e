// Map fields that hold one map. Map identities are by field (`field:T.f`), so
// a map handed to two owners — kubelet's ContainerMap, built once and given to
// the cpu manager and to the memory manager, each guarding it with its own
// mutex — is two identities for one map, and the two owners' locks guard
// nothing against each other. One function that stores the same variable
// into two map fields of different identities, itself (`s.a.m = x; s.b.m =
// x`) or through callees that store their parameter (`a.Start(x);
// b.Start(x)`, where Start does `m.containerMap = initial`), joins the two.
// One level of calls; a variable assigned more than once stands for no one
// value and joins nothing.
import type { Instr, IrFunction, Path } from "../../lower/ir.js";
import type { PackageFacts } from "../../package-facts.js";
import { assignsVar } from "../../lower/instr-flows.js";
import { bindCall } from "../../summaries/substitute.js";
import { structOwner } from "./map-access-sites.js";

/** A function's store of one of its vars into a map field: `target` is the field's identity. */
interface Store {
  fn: IrFunction;
  source: number;
  target: string;
}

const memo = new WeakMap<PackageFacts, ReadonlyMap<string, string>>();

/** By map identity, the identity it shares its map with (one of a joined set stands for all); identities that share nothing are absent. */
export function aliasedFields(pkg: PackageFacts): ReadonlyMap<string, string> {
  let known = memo.get(pkg);
  if (!known) memo.set(pkg, (known = compute(pkg)));
  return known;
}

function compute(pkg: PackageFacts): ReadonlyMap<string, string> {
  const stores = fieldStores(pkg);
  if (stores.length < 2) return new Map();
  // In each function, the identities each of its vars is stored into, directly or by a callee given it.
  const byVar = new Map<string, Set<string>>();
  const note = (fn: IrFunction, v: number, target: string): void => {
    if (!singleValued(fn, v)) return;
    const k = `${fn.id}:${v}`;
    const set = byVar.get(k);
    if (set) set.add(target);
    else byVar.set(k, new Set([target]));
  };
  for (const s of stores) {
    note(s.fn, s.source, s.target);
    const v = s.fn.vars[s.source];
    if (v?.kind !== "param" && v?.kind !== "receiver") continue;
    for (const site of pkg.semantic.callGraph.callersOf(s.fn.id)) {
      pkg.budget.check("map-goroutine-race");
      const caller = pkg.ir.functions[site.fn];
      const instr: Instr | undefined = caller?.blocks[site.block]?.instrs[site.index];
      const target = site.targets.find((t) => t.fn === s.fn.id);
      if (!caller || !instr || !target || (instr.op !== "call" && instr.op !== "defer")) continue;
      const b = bindCall(pkg.semantic, caller, instr.call, target, s.fn);
      const bound: Path | null | undefined = v.kind === "receiver" ? b.receiver : v.index === undefined ? null : b.params[v.index]?.path;
      if (bound && bound.root.kind === "var" && bound.selectors.length === 0 && !bound.truncated) note(caller, bound.root.var, s.target);
    }
  }
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r) as string;
    return r;
  };
  for (const targets of byVar.values()) {
    if (targets.size < 2) continue;
    const [first, ...rest] = [...targets].sort();
    for (const t of rest) {
      const a = find(first as string);
      const b = find(t);
      if (a !== b) parent.set(b < a ? a : b, b < a ? b : a);
    }
  }
  const out = new Map<string, string>();
  for (const k of parent.keys()) out.set(k, find(k));
  for (const r of new Set(out.values())) out.set(r, r);
  return out;
}

/** `x.f = v` where x.f is a map field of a package struct and v a bare param, receiver or local. */
function fieldStores(pkg: PackageFacts): Store[] {
  const out: Store[] = [];
  for (const fn of pkg.ir.functions) {
    for (const b of fn.blocks) {
      for (const instr of b.instrs) {
        if (instr.op !== "assign" || instr.targets.length !== 1 || instr.value.kind !== "path") continue;
        const t = instr.targets[0];
        const src = instr.value.path;
        const last = t?.selectors[t.selectors.length - 1];
        if (!t || t.truncated || last?.kind !== "field" || src.root.kind !== "var" || src.selectors.length > 0) continue;
        const kind = fn.vars[src.root.var]?.kind;
        if (kind !== "param" && kind !== "receiver" && kind !== "local") continue;
        // The source's own type, when known, says at once whether this is a map (most such stores are not).
        const from = pkg.semantic.typeOf(fn, src);
        if (from !== null && !pkg.semantic.isMapType(from)) continue;
        const type = pkg.semantic.typeOf(fn, t);
        if (!pkg.semantic.isMapType(type) || pkg.semantic.libraryKind(type) !== null) continue;
        const owner = structOwner(pkg, fn, { root: t.root, selectors: t.selectors.slice(0, -1) });
        if (owner !== null) out.push({ fn, source: src.root.var, target: `field:${owner}.${last.name}` });
      }
    }
  }
  return out;
}

/** The var holds one value in the whole function: a parameter never assigned, a local assigned once. */
const singleMemo = new WeakMap<IrFunction, Map<number, boolean>>();

function singleValued(fn: IrFunction, v: number): boolean {
  let known = singleMemo.get(fn);
  if (!known) singleMemo.set(fn, (known = new Map()));
  let single = known.get(v);
  if (single === undefined) known.set(v, (single = computeSingleValued(fn, v)));
  return single;
}

function computeSingleValued(fn: IrFunction, v: number): boolean {
  const kind = fn.vars[v]?.kind;
  if (kind !== "param" && kind !== "receiver" && kind !== "local") return false;
  let assigned = 0;
  for (const b of fn.blocks) for (const instr of b.instrs) if (assignsVar(instr, v)) assigned++;
  return kind === "local" ? assigned === 1 : assigned === 0;
}
