// `npx tsx scripts/sketch-nil-query.ts [-v]`: a sketch of the cross-function
// nil-map query the nil rules will become (issue "Nil maps across functions
// and paths"), scored on fixtures/realbugs/nil. Not a rule: no fixtures, no
// messages, no fixes. It measures how far the semantic layer reaches: flow
// nil-ness of every map write with the callees' nil summaries plugged in
// (nil or maybe-nil at the write), and the summaries' violations (a call
// handing a callee a value whose map the callee writes unchecked).
import { loadGo } from "../src/analysis/go/load-go.js";
import type { Instr } from "../src/analysis/lower/ir.js";
import { buildSemanticPackages } from "../src/analysis/semantic-packages.js";
import { buildNilSummaries } from "../src/analysis/summaries/nil/build-nil-summaries.js";
import { summarisedNilnessOf } from "../src/analysis/summaries/nil/nilness-hooks.js";
import type { SourceFile } from "../src/analysis/types.js";
import { listRealBugs } from "../test/support/realbugs.js";

const { parser } = await loadGo();

interface Report {
  lines: string[];
  why: string;
}

export function nilWrites(files: SourceFile[]): Report[] {
  const out: Report[] = [];
  for (const pkg of buildSemanticPackages(parser, files).packages) {
    const { ir, semantic } = pkg;
    const summaries = buildNilSummaries(pkg);
    for (const fn of ir.functions) {
      const writes: Instr[] = [];
      for (const b of fn.blocks) for (const x of b.instrs) if (x.op === "access" && (x.kind === "write") && semantic.isMapType(semantic.typeOf(fn, x.path))) writes.push(x);
      if (writes.length > 0) {
        const nn = summarisedNilnessOf(summaries, fn, { track: writes.map((w) => (w.op === "access" ? w.path : w.span as never)) });
        for (const w of writes) {
          if (w.op !== "access") continue;
          const fact = nn.before(w, w.path);
          if (fact && (fact.kind === "nil" || fact.kind === "maybe-nil")) {
            const origins = nn.explain(fact.origins).map((o) => `${o.kind}@${o.span?.line ?? "?"}`).join(",");
            out.push({ lines: [`${fn.path}:${w.stmt.line}`], why: `${fact.kind} at write in ${fn.name} (${origins})` });
          }
        }
      }
      for (const v of summaries.violations(fn.id)) {
        out.push({ lines: v.chain.map((h) => `${h.file}:${h.span.line}`), why: `${v.fact} ${v.path} via ${v.chain.map((h) => h.name).join(" -> ")}` });
      }
    }
  }
  return out;
}

let found = 0;
let total = 0;
let alarms = 0;
const verbose = process.argv.includes("-v");
for (const bug of listRealBugs().filter((b) => b.family === "nil")) {
  total++;
  const reports = nilWrites(bug.bug);
  const hit = reports.some((r) => r.lines.some((l) => bug.marked.has(l)));
  if (hit) found++;
  const twin = nilWrites(bug.fixed);
  alarms += twin.length;
  console.log(`${hit ? "FOUND " : "missed"} ${bug.slug} (${reports.length} reported; twin ${twin.length})`);
  if (verbose) {
    for (const r of reports) console.log(`    ${r.lines.join(" ")}  ${r.why}`);
    for (const r of twin) console.log(`  TWIN ${r.lines.join(" ")}  ${r.why}`);
  }
}
console.log(`found ${found} of ${total}; twin alarms ${alarms}`);
