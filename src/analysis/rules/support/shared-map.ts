// Which map a write reaches when the map is shared state: a map field of a
// struct (`c.items`, also through `c.items[a][b] = v`, which writes an inner
// map found through it) or a package-level map variable. Locals and
// parameters are their function's own business.
import type { Instr, IrFunction, Path, TypeRef } from "../../lower/ir.js";
import { pathKey } from "../../flow/path-key.js";
import type { SemanticModel } from "../../semantic/semantic-model.js";
import { pathText } from "./path-text.js";

export interface SharedMap {
  /** The map itself: the field's path, or the package variable. */
  path: Path;
  /** `c.items`, `registry`. */
  text: string;
  /** The field's or the variable's name. */
  name: string;
  /** One string per map across the package: `T.items` for a field of struct type T, `g:registry`. */
  identity: string;
  /** For a field: the path of the struct value it is reached through. */
  base: Path | null;
  /** For a field: the struct type declaring it (after promotion); null when unknown. */
  owner: string | null;
}

export function sharedMapOf(semantic: SemanticModel, fn: IrFunction, path: Path): SharedMap | null {
  let n = path.selectors.length;
  while (n > 0 && path.selectors[n - 1].kind === "index") n--;
  const map: Path = { root: path.root, selectors: path.selectors.slice(0, n) };
  if (path.truncated) return null;
  const last = map.selectors[n - 1];
  if (!semantic.isMapType(semantic.typeOf(fn, map))) return null;
  if (n === 0) {
    if (map.root.kind !== "package") return null;
    return { path: map, text: map.root.name, name: map.root.name, identity: pathKey(map), base: null, owner: null };
  }
  if (last.kind !== "field") return null;
  const base: Path = { root: map.root, selectors: map.selectors.slice(0, n - 1) };
  // A promoted field is the embedded type's field: `c.m` -> `c.Inner.m` is `Inner.m`.
  const normal = semantic.normalizePath(fn, map);
  const owner = structName(semantic.typeOf(fn, { root: normal.root, selectors: normal.selectors.slice(0, -1) }));
  // A field holds a map the rules know when its struct declares a map type, or a map type of the package
  // (a library map such as http.Header is not one of them).
  const declared = owner ? semantic.structOf({ kind: "named", text: owner, pkg: null, name: owner, args: [] })?.fields.find((f) => f.name === last.name)?.type : null;
  if (declared && declared.kind !== "map" && !(declared.kind === "named" && declared.pkg === null)) return null;
  const identity = owner ? `${owner}.${last.name}` : pathKey(map);
  return { path: map, text: pathText(fn, map), name: last.name, identity, base, owner };
}

function structName(t: TypeRef | null): string | null {
  if (t?.kind === "pointer") return structName(t.elem);
  return t?.kind === "named" && t.pkg === null ? t.name : null;
}

/** Whether `instr` changes a map's contents: a write, a delete or a clear. */
export function writesMap(instr: Instr): instr is Extract<Instr, { op: "access" }> {
  return instr.op === "access" && (instr.kind === "write" || instr.kind === "delete" || instr.kind === "clear");
}
