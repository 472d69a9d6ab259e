// `npx tsx scripts/sketch-race-query.ts [-v]`: a sketch of the cross-function
// race query the concurrency rules will become (issue "Races across
// functions, methods and files"), scored on fixtures/realbugs/races. Not a
// rule: it has no fixtures, no messages and known false alarms on fixed
// twins (locals of concurrent invocations taken for shared state, no alias
// analysis). It is here to measure how far the semantic layer reaches:
// access summaries give the accesses of every context root with the locks
// held, abstracted to type-based locations (`Cache.items`, `@pkgVar`); pairs
// with a write, no common lock and mayRunInParallel are reported.
import { loadGo } from "../src/analysis/go/load-go.js";
import { buildSemanticPackages } from "../src/analysis/semantic-packages.js";
import { buildAccessSummaries } from "../src/analysis/summaries/build-access-summaries.js";
import { buildConcurrency } from "../src/analysis/concurrency/build-concurrency.js";
import type { IrFunction, Path, Span, PackageIr } from "../src/analysis/lower/ir.js";
import type { SemanticModel } from "../src/analysis/semantic/semantic-model.js";
import type { MapAccess, SummaryLock } from "../src/analysis/summaries/summary-types.js";
import { listRealBugs } from "../test/support/realbugs.js";
import type { SourceFile } from "../src/analysis/types.js";

const { parser } = await loadGo();

function typeName(sem: SemanticModel, fn: IrFunction, root: Path["root"]): string | null {
  const t = sem.typeOf(fn, { root, selectors: [] });
  let u = t;
  while (u && u.kind === "pointer") u = u.elem;
  if (u && u.kind === "named") return u.name;
  return null;
}

/** Abstract location of a path over fn's roots: T.sel... for receiver/params of named types, @pkgvar, L<fn>:<var> for locals. */
function abstractKey(ir: PackageIr, sem: SemanticModel, fn: IrFunction, path: Path): string | null {
  const sels = path.selectors.map((s) => (s.kind === "field" ? `.${s.name}` : s.kind === "index" ? "[]" : "*")).join("");
  const r = path.root;
  if (r.kind === "package") return `@${r.name}${sels}`;
  if (r.kind === "external") return null;
  let f = fn;
  let v = f.vars[r.var];
  while (v && v.kind === "captured" && v.outer) {
    f = ir.functions[v.outer.fn];
    v = f.vars[v.outer.var];
  }
  if (!v) return null;
  if (v.kind === "receiver" || v.kind === "param") {
    const t = typeName(sem, f, { kind: "var", var: v.id });
    if (t && path.selectors.length > 0) return `${t}${sels}`;
    return `P${f.id}:${v.id}${sels}`;
  }
  return `L${f.id}:${v.id}${sels}`;
}

function instrAt(fn: IrFunction, span: Span) {
  for (const b of fn.blocks) for (let i = 0; i < b.instrs.length; i++) {
    const s = b.instrs[i].span;
    if (s.line === span.line && s.column === span.column && s.endLine === span.endLine && s.endColumn === span.endColumn) return { block: b.id, index: i };
  }
  return null;
}

interface Abs { key: string; a: MapAccess; locks: Set<string>; rlocks: Set<string>; fn: number; root: number }

export function analyzePackageRaces(files: SourceFile[]): { path: string; line: number; other: { path: string; line: number }; why: string }[] {
  const out: { path: string; line: number; other: { path: string; line: number }; why: string }[] = [];
  for (const pkg of buildSemanticPackages(parser, files).packages) {
    const { ir, semantic } = pkg;
    const sums = buildAccessSummaries(pkg);
    const conc = buildConcurrency(pkg);
    const roots = new Set<number>();
    for (const c of conc.contexts) for (const r of c.roots) roots.add(r);
    for (const c of conc.contexts) if (c.spawn) roots.add(c.spawn.fn);
    // also every function that is not called by anyone (main, exported API)
    for (const fn of ir.functions) if (semantic.callGraph.callersOf(fn.id).length === 0) roots.add(fn.id);
    const byKey = new Map<string, Abs[]>();
    for (const r of roots) {
      const fn = ir.functions[r];
      for (const a of sums.summaryOf(r).accesses) {
        if (a.owned) continue;
        const key = abstractKey(ir, semantic, fn, a.path);
        if (!key || key.startsWith("L")) {
          // locals: only if captured by a closure (then the key is of the declaring fn)
          if (!key) continue;
        }
        const lk = (l: SummaryLock) => abstractKey(ir, semantic, fn, l.mutex) ?? l.key;
        const locks = new Set(a.locks.filter((l) => l.mode === "write").map(lk));
        const rlocks = new Set(a.locks.map(lk));
        const list = byKey.get(key) ?? [];
        list.push({ key, a, locks, rlocks, fn: a.origin.fn, root: r });
        byKey.set(key, list);
      }
    }
    const seen = new Set<string>();
    for (const [key, list] of byKey) {
      for (let i = 0; i < list.length; i++) for (let j = i; j < list.length; j++) {
        const x = list[i], y = list[j];
        const wx = x.a.kind !== "read" && x.a.kind !== "len" && x.a.kind !== "range";
        const wy = y.a.kind !== "read" && y.a.kind !== "len" && y.a.kind !== "range";
        if (!wx && !wy) continue;
        // common lock: a mutex held by both, in write mode by at least the writer
        const common = [...x.rlocks].some((l) => y.rlocks.has(l) && ((wx ? x.locks.has(l) : true) && (wy ? y.locks.has(l) : true)));
        if (common) continue;
        const sx = instrAt(ir.functions[x.a.origin.fn], x.a.origin.span);
        const sy = instrAt(ir.functions[y.a.origin.fn], y.a.origin.span);
        if (!sx || !sy) continue;
        const ans = conc.mayRunInParallel({ fn: x.a.origin.fn, instr: sx }, { fn: y.a.origin.fn, instr: sy });
        if (!ans.yes) continue;
        const id = `${x.a.origin.path}:${x.a.origin.stmt.line}|${y.a.origin.path}:${y.a.origin.stmt.line}`;
        if (seen.has(id)) continue;
        seen.add(id);
        out.push({ path: x.a.origin.path, line: x.a.origin.stmt.line, other: { path: y.a.origin.path, line: y.a.origin.stmt.line }, why: `${key}: ${ans.why}` });
      }
    }
  }
  return out;
}

let found = 0, total = 0, alarms = 0;
for (const bug of listRealBugs().filter((b) => b.family === "races")) {
  total++;
  const races = analyzePackageRaces(bug.bug);
  const hit = races.some((r) => bug.marked.has(`${r.path}:${r.line}`) || bug.marked.has(`${r.other.path}:${r.other.line}`));
  if (hit) found++;
  const twin = analyzePackageRaces(bug.fixed);
  alarms += twin.length;
  console.log(`${hit ? "FOUND " : "missed"} ${bug.slug} (${races.length} reported; twin ${twin.length})`);
  if (process.argv.includes("-v")) {
    for (const r of races) console.log(`    ${r.path.split("/").pop()}:${r.line} <-> ${r.other.path.split("/").pop()}:${r.other.line}  ${r.why}`);
    for (const r of twin) console.log(`  TWIN ${r.path.split("/").pop()}:${r.line} <-> ${r.other.path.split("/").pop()}:${r.other.line}  ${r.why}`);
  }
}
console.log(`found ${found} of ${total}; twin alarms ${alarms}`);
