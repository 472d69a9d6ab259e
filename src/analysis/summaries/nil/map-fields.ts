// The map-typed fields a struct value holds, as field paths below it: what
// a summary reports on for a struct (or pointer-to-struct) result,
// parameter or receiver. Direct fields, and the fields of directly held
// (not pointed-to) struct fields, since a nested struct shares its parent's
// zero value while a pointer would first have to be non-nil itself.
import type { TypeRef } from "../../lower/ir.js";
import type { SemanticModel } from "../../semantic/semantic-model.js";

export interface MapField {
  /** The package type that declares the field (`T` for `T.labels`). */
  owner: string;
  path: readonly string[];
}

const MAX_NESTING = 2;

/** The struct a value of type `t` is, or points to; null for anything else. */
export function structBehind(semantic: SemanticModel, t: TypeRef | null): { owner: string | null; fields: { name: string; type: TypeRef }[] } | null {
  if (!t) return null;
  const direct = semantic.structOf(t);
  if (direct) return direct;
  const u = semantic.types.underlying(t);
  return u.kind === "pointer" ? semantic.structOf(u.elem) : null;
}

/**
 * `throughPointers`: also the map fields of a struct a direct field points
 * to (`ctx.Flash.Values` for `Flash *Flash`), for results, whose literal
 * often makes the pointed-to struct in place (`ctx.Flash = &Flash{...}`).
 */
export function mapFieldsOf(semantic: SemanticModel, t: TypeRef | null, throughPointers = false): MapField[] {
  const out: MapField[] = [];
  const visit = (type: TypeRef | null, prefix: string[], depth: number, owner: string | null): void => {
    const s = depth === 0 || throughPointers ? structBehind(semantic, type) : type ? semantic.structOf(type) : null;
    if (!s) return;
    // Paths are reported against the outermost struct, whose value the caller holds.
    const name = depth === 0 ? s.owner : owner;
    for (const f of s.fields) {
      const path = [...prefix, f.name];
      if (semantic.isMapType(f.type)) {
        if (name) out.push({ owner: name, path });
      } else if (depth + 1 < MAX_NESTING) visit(f.type, path, depth + 1, name);
    }
  };
  visit(t, [], 0, null);
  return out;
}
