// Comparable names for the values a spawner and its body share (a WaitGroup,
// a done channel): a captured variable is named by the variable it captures
// (followed out through nested literals), a parameter of a started function
// by the argument of the `go` call, and dereferences are dropped so `&wg`
// handed over and `wg` waited on are one name.
import type { Call, IrFunction, PackageIr, Path, Value } from "../lower/ir.js";

/** Closures nest a few levels; a chain longer than this is malformed IR. */
const MAX_CAPTURE_DEPTH = 64;

/** The key of `path` as seen from `fn`; null when it names nothing stable (a temp). */
export function pathKey(ir: PackageIr, fn: IrFunction, path: Path): string | null {
  const root = rootKey(ir, fn, path);
  return root === null ? null : root + selectorsKey(path);
}

/**
 * The key, in the spawner's terms, of `path` in `body` started by `call` in
 * the spawner: a captured variable is its origin, parameter i is argument i,
 * the receiver of a method call is the path it was called on.
 */
export function bodyPathKey(ir: PackageIr, spawner: IrFunction, call: Call, body: IrFunction, path: Path): string | null {
  if (path.root.kind !== "var") return pathKey(ir, body, path);
  const v = body.vars[path.root.var];
  if (!v) return null;
  let base: Path | null = null;
  if (v.kind === "param" && v.index !== undefined) base = pathOf(call.args[v.index]);
  else if (v.kind === "receiver" && call.callee.kind === "method") base = call.callee.recv;
  else return pathKey(ir, body, path);
  if (!base) return null;
  const root = pathKey(ir, spawner, base);
  return root === null ? null : root + selectorsKey(path);
}

function pathOf(value: Value | undefined): Path | null {
  if (!value) return null;
  if (value.kind === "path" || value.kind === "addr") return value.path;
  return null;
}

function rootKey(ir: PackageIr, fn: IrFunction, path: Path): string | null {
  const r = path.root;
  if (r.kind === "package") return `pkg:${r.name}`;
  if (r.kind === "external") return `ext:${r.pkg}.${r.name}`;
  let f = fn;
  let v = fn.vars[r.var];
  for (let i = 0; v && v.kind === "captured" && v.outer && i < MAX_CAPTURE_DEPTH; i++) {
    const outer = ir.functions[v.outer.fn];
    if (!outer) return null;
    f = outer;
    v = outer.vars[v.outer.var];
  }
  if (!v || v.kind === "temp") return null;
  return `var:${f.id}.${v.id}`;
}

function selectorsKey(path: Path): string {
  let out = "";
  for (const s of path.selectors) {
    if (s.kind === "field") out += `.${s.name}`;
    else if (s.kind === "index") out += "[]";
  }
  return out;
}
