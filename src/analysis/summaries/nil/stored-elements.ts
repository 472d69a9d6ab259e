// Struct values kept in a collection field of a package type, stored
// somewhere in the package without one of their map fields:
//
//   sn.existing[key] = Info{Kind: KindCommitted, Name: key}   // Labels nil
//   ...
//   info, ok := s.existing[key]                                // info.Labels maybe nil
//
// Which element a read gets, flow nil-ness cannot tell; that one of them was
// stored without its map, a package-wide look at the stores can. A read of
// an element (`x := c.f[k]`, `v, ok := c.f[k]`, `for _, v := range c.f`)
// then leaves the map fields stored nil maybe nil, with the store as origin.
// Only stores of a literal, `new` or a zero value count (directly or through
// a local defined once by one): a value handed in by a caller is the
// caller's business. A collection some store fills with the map made holds
// elements of several kinds, and its readers know which they ask for: left
// alone.
import type { Block, Instr, IrFunction, Path, TypeRef, Value } from "../../lower/ir.js";
import { isPath, valueAt } from "../../flow/nil-values.js";
import type { SemanticModel } from "../../semantic/semantic-model.js";
import { structBehind } from "./map-fields.js";
import type { SummaryOrigin } from "./nil-summary-types.js";

export interface StoredNil {
  /** The map field of the element left nil. */
  field: string;
  /** The store, as an origin: where the element was built without the field. */
  origin: SummaryOrigin;
  /** The function that stores it. */
  fn: number;
}

/** By collection field (`stargzSnapshotter.existing`): the element map fields some store leaves nil. */
export type StoredElements = ReadonlyMap<string, readonly StoredNil[]>;

const KINDS = { omitted: "omitted", new: "new", zero: "zero" } as const;

export function storedNilElements(functions: readonly IrFunction[], semantic: SemanticModel): StoredElements {
  const out = new Map<string, StoredNil[]>();
  // Collections some store fills with an element whose map is made: elements of several kinds (a registry
  // with one placeholder), read by code that knows which kind it asks for. Left alone.
  const made = new Set<string>();
  for (const fn of functions) {
    if (fn.broken || fn.path.endsWith("_test.go")) continue;
    for (const b of fn.blocks)
      b.instrs.forEach((x, index) => {
        if (x.op !== "assign" || x.targets.length !== 1) return;
        const target = x.targets[0];
        const key = target && target.selectors.at(-1)?.kind === "index" ? collectionKey(semantic, fn, { root: target.root, selectors: target.selectors.slice(0, -1) }) : null;
        if (!target || !key) return;
        const value = builtValue(fn, b, index, x.value);
        if (!value) return;
        for (const field of elementMapFields(semantic, semantic.typeOf(fn, target))) {
          let kind: keyof typeof KINDS | null = null;
          const fact = valueAt(value, [{ kind: "field", name: field }], (k) => {
            if (k === "omitted" || k === "new" || k === "zero") kind = k;
            return { kind: k, span: x.stmt, at: x.at, id: 0 };
          });
          if (isPath(fact)) continue;
          if (fact.kind === "non-nil") made.add(`${key}.${field}`);
          if (fact.kind !== "nil" || kind === null) continue;
          const list = out.get(key) ?? [];
          if (list.length === 0) out.set(key, list);
          if (list.length < 4 && !list.some((s) => s.field === field)) list.push({ field, origin: { kind: KINDS[kind as keyof typeof KINDS], file: fn.path, span: x.stmt }, fn: fn.id });
        }
      });
  }
  for (const [key, list] of out) {
    const kept = list.filter((s) => !made.has(`${key}.${s.field}`));
    if (kept.length === 0) out.delete(key);
    else out.set(key, kept);
  }
  return out;
}

/**
 * The value a store builds: a literal, `new` or a zero value, directly or through a local defined by one
 * earlier in the same block, with nothing in between that assigns, hands on or copies the local.
 */
function builtValue(fn: IrFunction, block: Block, store: number, value: Value): Value | null {
  if (value.kind === "literal" || value.kind === "new" || value.kind === "zero") return value;
  if (value.kind !== "path" || value.path.selectors.length > 0 || value.path.root.kind !== "var") return null;
  const v = value.path.root.var;
  if (fn.vars[v]?.kind !== "local") return null;
  const mine = (p: Path | null): boolean => p !== null && p.root.kind === "var" && p.root.var === v;
  for (let i = store - 1; i >= 0; i--) {
    const x = block.instrs[i];
    if (x.op === "access") continue;
    if (x.op === "assign" && x.targets.length === 1 && mine(x.targets[0]) && x.targets[0]!.selectors.length === 0) {
      const found = x.value;
      return found.kind === "literal" || found.kind === "new" || found.kind === "zero" ? found : null;
    }
    if (x.op === "assign" && (x.targets.some(mine) || ((x.value.kind === "path" || x.value.kind === "addr") && mine(x.value.path)))) return null;
    if (x.op === "call" || x.op === "go" || x.op === "defer") {
      if (x.call.args.some((a) => (a.kind === "path" || a.kind === "addr") && mine(a.path))) return null;
      if (x.call.callee.kind === "method" && mine(x.call.callee.recv)) return null;
      if (x.op === "call" && x.results.some(mine)) return null;
    }
    if (x.op === "recv" && x.targets.some(mine)) return null;
  }
  return null;
}

/** `T.f` for a path ending in field f of package struct type T; null for anything else. */
export function collectionKey(semantic: SemanticModel, fn: IrFunction, path: Path): string | null {
  const last = path.selectors.at(-1);
  if (!last || last.kind !== "field" || path.truncated) return null;
  const holder = semantic.typeOf(fn, { root: path.root, selectors: path.selectors.slice(0, -1) });
  const m = holder ? semantic.member(holder, last.name) : null;
  return m?.kind === "field" && m.owner ? `${m.owner}.${last.name}` : null;
}

/** The map fields of an element type that is (or points to) a package struct. */
function elementMapFields(semantic: SemanticModel, t: TypeRef | null): string[] {
  const s = structBehind(semantic, t);
  return s ? s.fields.filter((f) => semantic.isMapType(f.type)).map((f) => f.name) : [];
}

/** An element read: the variable it lands in and the collection it reads; null for any other instruction. */
export function elementRead(x: Instr): { target: Path; of: Path } | null {
  if (x.op !== "assign" || x.targets.length === 0) return null;
  const v = x.value;
  if (v.kind === "element") return x.targets[0] ? { target: x.targets[0], of: v.of } : null;
  if (v.kind === "range-value") return x.targets.length === 1 && x.targets[0] ? { target: x.targets[0], of: v.of } : null;
  return null;
}
