// One spelling per place for the nil flow: a field promoted from an
// embedded struct is reached through the embedded fields in between, so
// `node.Annotations` and `node.ObjectMeta.Annotations` (ObjectMeta
// embedded) are one path, `node.ObjectMeta.Annotations`. Without it the
// flow keeps two facts for one map: a literal leaves one spelling nil, a
// lazy init makes the other, and the write reads whichever it names.
//
// A hop through a field embedded by value is marked `inline`: the zero
// value of the outer struct holds the embedded struct's zero value, so
// `&Node{}` leaves `.ObjectMeta.Annotations` nil (through an embedded
// pointer it would first be a nil pointer).
import type { IrFunction, Path, Selector, TypeRef } from "../../lower/ir.js";
import { MAX_PATH_DEPTH } from "../../lower/ir.js";
import type { Canonical } from "../../flow/canonical-function.js";
import type { SemanticModel } from "../../semantic/semantic-model.js";
import { stepType } from "../../semantic/selector-types.js";
import { derefAll } from "../../semantic/type-refs.js";

const embedding = new WeakMap<SemanticModel, boolean>();

/** Whether some struct type of the package embeds a field: without one, every path is already canonical. */
function embeds(semantic: SemanticModel): boolean {
  let found = embedding.get(semantic);
  if (found === undefined) {
    found = false;
    for (const d of semantic.types.all()) if (d.type.kind === "struct" && d.type.fields.some((f) => f.embedded)) found = true;
    embedding.set(semantic, found);
  }
  return found;
}

/** The canonical spelling of `fn`'s paths; null when the package embeds nothing (every path is canonical). */
export function canonicalPaths(semantic: SemanticModel, fn: IrFunction): Canonical | null {
  if (!embeds(semantic)) return null;
  const memo = new WeakMap<Path, Path>();
  return (path) => {
    let out = memo.get(path);
    if (!out) memo.set(path, (out = canonical(semantic, fn, path)));
    return out;
  };
}

function canonical(semantic: SemanticModel, fn: IrFunction, path: Path): Path {
  if (!path.selectors.some((s) => s.kind === "field")) return path;
  let t: TypeRef | null = semantic.typeOf(fn, { root: path.root, selectors: [] });
  const out: Selector[] = [];
  let changed = false;
  for (const sel of path.selectors) {
    if (sel.kind !== "field") {
      out.push(sel);
      t = t ? stepType(semantic.inference, t, sel) : null;
      continue;
    }
    const m = t ? semantic.member(t, sel.name) : null;
    const names = m?.kind === "field" ? [...m.via, sel.name] : [sel.name];
    changed ||= names.length > 1;
    for (const name of names) {
      const field = t ? embeddedField(semantic, t, name) : null;
      const inline = field !== null && field.type.kind !== "pointer";
      out.push(inline ? { kind: "field", name, inline } : { kind: "field", name });
      changed ||= inline;
      t = field ? field.type : t ? stepType(semantic.inference, t, { kind: "field", name }) : null;
    }
  }
  if (!changed) return path;
  if (out.length <= MAX_PATH_DEPTH) return path.truncated ? { root: path.root, selectors: out, truncated: true } : { root: path.root, selectors: out };
  return { root: path.root, selectors: out.slice(0, MAX_PATH_DEPTH), truncated: true };
}

/** The field `name` declared directly by the struct `t` is (or points to), when it is embedded. */
function embeddedField(semantic: SemanticModel, t: TypeRef, name: string): { type: TypeRef } | null {
  const s = semantic.structOf(derefAll(t));
  const f = s?.fields.find((x) => x.name === name);
  return f?.embedded ? f : null;
}
