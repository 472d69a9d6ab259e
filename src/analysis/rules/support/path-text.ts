// How a message names an access path: as the source would write it.
import type { IrFunction, Path } from "../../lower/ir.js";

/** `c.items`, `registry`, `s.inner.m`; an index is `[]`, a dereference `(*x)`. */
export function pathText(fn: IrFunction, path: Path): string {
  const root = path.root;
  let text = root.kind === "var" ? (fn.vars[root.var]?.name ?? "?") : root.kind === "package" ? root.name : `${root.pkg.slice(root.pkg.lastIndexOf("/") + 1)}.${root.name}`;
  for (const s of path.selectors) {
    if (s.kind === "field") text += `.${s.name}`;
    else if (s.kind === "index") text += "[]";
    else text = `(*${text})`;
  }
  return text;
}
