// The checks a nil-map write may sit behind, as the nil rules before the semantic layer
// read them: a condition or switch tag that mentions the map and encloses
// the write (`if len(m) > 0 { m[k] = v }`, `switch len(m) { case 1: ... }`),
// and any comparison of the map with nil earlier in the same function
// (`if m == nil { return }`, `ok := m != nil`). Answers are cached per
// function and map, so a function with thousands of writes costs one scan.
import type { Instr, IrFunction, PackageIr, Path, Value } from "../../lower/ir.js";
import type { PackageFacts } from "../../package-facts.js";
import type { ControlFacts } from "./control-facts.js";
import { keyOfRoot, orderOf, topLevel, type SymbolKeyOf, type VarEvent, type VarKey } from "./map-var-events.js";

type FileModel = PackageFacts["files"][number];

export class WriteGuards {
  /** Per function and key: the arms (blocks) of branches and switches whose condition mentions the map. */
  private readonly arms = new Map<string, number[]>();
  /** Per top-level function and key: the source order of the first nil comparison, or Infinity. */
  private readonly firstNilCompare = new Map<string, number>();

  constructor(
    private readonly ir: PackageIr,
    private readonly control: ControlFacts,
    private readonly files: readonly FileModel[],
    private readonly keyOf?: SymbolKeyOf,
  ) {}

  /** A branch or switch whose condition or tag mentions the variable, with the write inside one of its arms. */
  guarded(key: VarKey, name: string, write: VarEvent): boolean {
    const fn = write.fn;
    const id = `${fn.id}|${key}`;
    let arms = this.arms.get(id);
    if (!arms) this.arms.set(id, (arms = this.guardArms(fn, key, name)));
    return arms.some((arm) => this.control.blockDominates(fn, arm, write.block));
  }

  /** `m == nil` or `m != nil` anywhere before the write in the same function, its closures included. */
  nilComparedBefore(key: VarKey, name: string, list: readonly VarEvent[], write: VarEvent): boolean {
    const top = topLevel(this.ir, write.fn);
    const id = `${top.id}|${key}`;
    let first = this.firstNilCompare.get(id);
    if (first === undefined) {
      first = Infinity;
      for (const e of list) if (e.kind === "nil-compare" && e.order < first && topLevel(this.ir, e.fn) === top) first = e.order;
      const file = this.files.find((f) => f.path === top.path);
      if (file) first = Math.min(first, firstNilComparedInText(file, top, name));
      this.firstNilCompare.set(id, first);
    }
    return first < write.order;
  }

  private guardArms(fn: IrFunction, key: VarKey, name: string): number[] {
    const keyOf = this.keyOf;
    const same = (p: Path): boolean => (keyOf ? keyOf(fn, p) === key : p.selectors.length === 0 && keyOfRoot(this.ir, fn, p) === key);
    // `m[k] == nil` mentions `m` too.
    const within = (p: Path): boolean => {
      for (let n = p.selectors.length; n >= 0; n--) if (same(n === p.selectors.length ? p : { ...p, selectors: p.selectors.slice(0, n), truncated: false })) return true;
      return false;
    };
    // A field is named after a dot, a variable never is.
    const word = new RegExp(`${key.startsWith("field:") ? "(?<=\\.\\s*)" : "(?<![\\p{L}\\p{N}_.])"}${escape(name)}(?![\\p{L}\\p{N}_])`, "u");
    const out: number[] = [];
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
        if (!label.endsWith(".done") && arm !== block.id) out.push(arm);
      }
    }
    return out;
  }
}

function mentionsPath(x: Instr, same: (p: Path) => boolean): boolean {
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
 * Comparisons with nil that are not branch conditions (`ok := m != nil`,
 * `f(m == nil)`) leave nothing in the IR: they are read from the function's
 * lines. The source order of the first, or Infinity.
 */
function firstNilComparedInText(file: FileModel, top: IrFunction, name: string): number {
  const n = escape(name);
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_.])${n}\\s*[!=]=\\s*nil(?![\\p{L}\\p{N}_])|(?<![\\p{L}\\p{N}_.])nil\\s*[!=]=\\s*${n}(?![\\p{L}\\p{N}_.])`, "u");
  for (let l = top.span.line; l <= top.span.endLine; l++) {
    let text = file.lines[l - 1] ?? "";
    const comment = text.indexOf("//");
    if (comment >= 0) text = text.slice(0, comment);
    const m = pattern.exec(text);
    // The comparison is before a write on its line when it starts before the write does.
    if (m) return orderOf({ line: l, column: m.index + 1 });
  }
  return Infinity;
}

function escape(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
