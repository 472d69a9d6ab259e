// The checks a nil-map write may sit behind, as the registered nil rules
// read them: a condition or switch tag that mentions the map and encloses
// the write (`if len(m) > 0 { m[k] = v }`, `switch len(m) { case 1: ... }`),
// and any comparison of the map with nil earlier in the same function
// (`if m == nil { return }`, `ok := m != nil`).
import type { Instr, IrFunction, PackageIr, Value } from "../../../lower/ir.js";
import type { PackageFacts } from "../../../package-facts.js";
import type { ControlFacts } from "./control-facts.js";
import { keyOfRoot, topLevel, type SymbolKeyOf, type VarEvent, type VarKey } from "./map-var-events.js";

type FileModel = PackageFacts["files"][number];

/** A branch or switch whose condition or tag mentions the variable, with the write inside one of its arms. */
export function guardedWrite(ir: PackageIr, control: ControlFacts, key: VarKey, name: string, write: VarEvent, keyOf?: SymbolKeyOf): boolean {
  const fn = write.fn;
  const same = (p: Parameters<SymbolKeyOf>[1]): boolean => (keyOf ? keyOf(fn, p) === key : p.selectors.length === 0 && keyOfRoot(ir, fn, p) === key);
  // `m[k] == nil` mentions `m` too.
  const within = (p: Parameters<SymbolKeyOf>[1]): boolean => {
    for (let n = p.selectors.length; n >= 0; n--) if (same(n === p.selectors.length ? p : { ...p, selectors: p.selectors.slice(0, n), truncated: false })) return true;
    return false;
  };
  // A field is named after a dot, a variable never is.
  const word = new RegExp(`${key.startsWith("field:") ? "(?<=\\.\\s*)" : "(?<![\\p{L}\\p{N}_.])"}${name}(?![\\p{L}\\p{N}_])`, "u");
  for (const block of fn.blocks) {
    const t = block.term;
    let arms: number[];
    if (t.kind === "branch") {
      const c = t.cond;
      if (!(c.kind === "opaque" ? word.test(c.text) : within(c.path))) continue;
      arms = [t.then, t.else];
    } else if (t.kind === "switch" && block.label !== "range.head") {
      const span = t.span;
      const tag = block.instrs.filter((x) => x.stmt.line === span.line && x.stmt.column === span.column && x.stmt.endLine === span.endLine && x.stmt.endColumn === span.endColumn);
      if (!tag.some((x) => mentionsPath(x, within))) continue;
      arms = t.to;
    } else continue;
    for (const arm of arms) {
      const label = fn.blocks[arm]?.label ?? "";
      if (label.endsWith(".done") || arm === block.id) continue;
      if (control.blockDominates(fn, arm, write.block)) return true;
    }
  }
  return false;
}

function mentionsPath(x: Instr, same: (p: Parameters<SymbolKeyOf>[1]) => boolean): boolean {
  const inValue = (v: Value): boolean =>
    v.kind === "path" || v.kind === "addr" || v.kind === "element" ? same(v.kind === "element" ? v.of : v.path) : v.kind === "convert" || v.kind === "assert" ? inValue(v.value) : false;
  switch (x.op) {
    case "access":
      return same(x.path);
    case "assign":
      return inValue(x.value);
    case "call":
      return x.call.args.some(inValue) || (x.call.callee.kind === "method" && same(x.call.callee.recv));
    default:
      return false;
  }
}

/**
 * `m == nil` or `m != nil` anywhere before the write in the same function,
 * its closures included. Comparisons that are not branch conditions
 * (`ok := m != nil`, `f(m == nil)`) leave nothing in the IR, so those are
 * read from the function's lines.
 */
export function nilCompareBefore(ir: PackageIr, list: readonly VarEvent[], write: VarEvent, file: FileModel | undefined, name: string): boolean {
  const top = topLevel(ir, write.fn);
  if (list.some((e) => e.kind === "nil-compare" && e.order < write.order && topLevel(ir, e.fn) === top)) return true;
  return file ? nilComparedInText(file, top, name, write) : false;
}

function nilComparedInText(file: FileModel, top: IrFunction, name: string, write: VarEvent): boolean {
  const n = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_.])${n}\\s*[!=]=\\s*nil(?![\\p{L}\\p{N}_])|(?<![\\p{L}\\p{N}_.])nil\\s*[!=]=\\s*${n}(?![\\p{L}\\p{N}_.])`, "u");
  for (let l = top.span.line; l <= write.span.line; l++) {
    let text = file.lines[l - 1] ?? "";
    if (l === write.span.line) text = text.slice(0, write.span.column - 1);
    const comment = text.indexOf("//");
    if (comment >= 0) text = text.slice(0, comment);
    if (pattern.test(text)) return true;
  }
  return false;
}
