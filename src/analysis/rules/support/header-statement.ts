// Where the rules before the semantic layer place an access made in the header of an `if`,
// `for`, `switch` or `select` (`for k := range m`): not on that statement,
// but on the last simple statement before it that could matter to a map
// rule (one naming a map, `map`, `func`, `go`, `Wait`, `close` or `<-`), or
// on the `go` statement or function a literal's body starts with. The ports
// keep that placement so findings and fingerprints stay the same.
import type { Instr, IrFunction, Span } from "../../lower/ir.js";
import type { PackageFacts } from "../../package-facts.js";
import { mapAccessSites } from "./map-access-sites.js";
import { spanText } from "./source-text.js";

const COMPOUND = /^(?:for|if|switch|select)\b/;
const WORDS = /\b(?:map|func|go|Wait|close)\b|<-/;

const before = (a: Span, b: Span): boolean => a.line < b.line || (a.line === b.line && a.column < b.column);

const namesCache = new WeakMap<PackageFacts, RegExp | null>();
function mapNames(pkg: PackageFacts): RegExp | null {
  if (namesCache.has(pkg)) return namesCache.get(pkg) ?? null;
  const names = new Set(mapAccessSites(pkg).map((s) => s.map.name));
  const re = names.size === 0 ? null : new RegExp(`\\b(?:${[...names].map((n) => n.replace(/[$]/g, "\\$")).join("|")})\\b`);
  namesCache.set(pkg, re);
  return re;
}

/** The statement a finding on `instr` points at. */
export function reportedStatement(pkg: PackageFacts, fn: IrFunction, instr: Instr): Span {
  const own = spanText(pkg, fn.path, instr.stmt);
  if (own === null || !COMPOUND.test(own)) return instr.stmt;
  return lastMattering(pkg, fn, instr.stmt, false) ?? instr.stmt;
}

function matters(pkg: PackageFacts, fn: IrFunction, stmt: Span): boolean {
  const text = spanText(pkg, fn.path, stmt);
  if (text === null || COMPOUND.test(text)) return false;
  const names = mapNames(pkg);
  return WORDS.test(text) || (names !== null && names.test(text));
}

/** The last simple statement of `fn` that starts before `at` (or, `inclusive`, with it) and could matter; else the enclosing function's, from the literal on. */
function lastMattering(pkg: PackageFacts, fn: IrFunction, at: Span, inclusive: boolean): Span | null {
  let best: Span | null = null;
  for (const block of fn.blocks) {
    for (const i of block.instrs) {
      const s = i.stmt;
      if (inclusive ? before(at, s) : !before(s, at)) continue;
      if (best && !before(best, s)) continue;
      if (matters(pkg, fn, s)) best = s;
    }
  }
  if (best) return best;
  if (fn.parent === null) return fn.span;
  const parent = pkg.ir.functions[fn.parent];
  return parent ? lastMattering(pkg, parent, fn.span, true) : null;
}
