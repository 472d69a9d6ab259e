// Maps handed to other code: sent on a channel (`ch <- m`, `ch <- msg{tags:
// m}`), or passed as an argument of a `go` statement whose body mapguard
// cannot see. A map placed in a composite value is handed over with it.
import type { Instr, IrFunction, Path, Span, Value } from "../../lower/ir.js";
import type { PackageFacts } from "../../package-facts.js";
import { type MapIdentity, mapIdentity } from "./map-access-sites.js";
import { callArgumentSpans, pathText, spanText, unparenText } from "./source-text.js";

export interface HandOff {
  kind: "send" | "go-arg";
  fn: IrFunction;
  instr: Instr;
  /** Position of the instruction in its function. */
  block: number;
  index: number;
  map: MapIdentity;
  /** The map's path as handed over. */
  path: Path;
  /** The send statement, or the map's expression among the goroutine's arguments. */
  location: Span;
  /** For a send: the channel as written. */
  channel: string | null;
}

/** Paths of the maps a value shares: the value itself, or maps inside a composite literal. */
export function sharedPaths(value: Value, out: Path[] = []): Path[] {
  if (value.kind === "path") out.push(value.path);
  else if (value.kind === "literal") {
    for (const f of value.fields) sharedPaths(f.value, out);
    for (const e of value.elements) sharedPaths(e, out);
  }
  return out;
}

/** The span of `text` as a whole word inside `span` (one line), for a map placed in a composite argument. */
function findWord(pkg: PackageFacts, file: string, span: Span, text: string): Span | null {
  const source = spanText(pkg, file, span);
  if (source === null || span.line !== span.endLine) return null;
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const m = new RegExp(`(?<![\\w.])${escaped}(?![\\w]|\\s*:)`).exec(source);
  if (!m) return null;
  const column = span.column + m.index;
  return { line: span.line, column, endLine: span.line, endColumn: column + text.length };
}

export function mapHandOffs(pkg: PackageFacts): HandOff[] {
  const out: HandOff[] = [];
  for (const fn of pkg.ir.functions) {
    for (const block of fn.blocks) {
      block.instrs.forEach((instr, index) => {
        if (instr.op === "send") {
          const source = spanText(pkg, fn.path, instr.span) ?? "";
          const arrow = source.indexOf("<-");
          const channel = arrow < 0 ? null : unparenText(source.slice(0, arrow));
          for (const path of sharedPaths(instr.value)) {
            const map = mapIdentity(pkg, fn, path);
            if (map && sameMapPath(map, path)) out.push({ kind: "send", fn, instr, block: block.id, index, map, path, location: instr.span, channel });
          }
          return;
        }
        if (instr.op !== "go" || instr.spawn !== "go") return;
        if (instr.call.callee.kind === "closure" || visibleBody(pkg, fn, block.id, index)) return;
        const spans = callArgumentSpans(pkg, fn.path, instr.span);
        instr.call.args.forEach((arg, i) => {
          const argSpan = spans?.[i];
          for (const path of sharedPaths(arg)) {
            const map = mapIdentity(pkg, fn, path);
            if (!map || !sameMapPath(map, path) || !argSpan) continue;
            const text = pathText(fn, path);
            const location = arg.kind === "path" ? argSpan : text ? findWord(pkg, fn.path, argSpan, text) : null;
            if (location) out.push({ kind: "go-arg", fn, instr, block: block.id, index, map, path, location, channel: null });
          }
        });
      });
    }
  }
  return out;
}

/**
 * Whether the goroutine's body is code of the package, where map-goroutine-race
 * judges what it does with the map: a function, method or func value resolved
 * statically, or a method whose name only one method of the package has. An
 * interface method's implementations are not taken for the body.
 */
function visibleBody(pkg: PackageFacts, fn: IrFunction, block: number, index: number): boolean {
  const site = pkg.semantic.callGraph.site(fn.id, { block, index });
  if (!site) return false;
  if (site.how === "interface") return false;
  if (site.targets.length > 0) return true;
  const instr = fn.blocks[block]?.instrs[index];
  if (instr?.op !== "go" || instr.call.callee.kind !== "method") return false;
  const name = instr.call.callee.name;
  return pkg.semantic.decls.funcs.filter((d) => d.receiver !== null && d.name === name).length === 1;
}

/** The path names the map itself (`m`, `s.attrs`), not an element of it. */
function sameMapPath(map: MapIdentity, path: Path): boolean {
  return path.selectors.every((s) => s.kind === "field") && (map.kind !== "package" || path.selectors.length === 0);
}
