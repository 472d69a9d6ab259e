// A nil summary as text, one fact a line, for tests and for debugging:
//
//   func NewStore
//     result0.annos: always [omitted@14]
//     init result0 Store.labels
//     leaves-nil result0 Store.annos [omitted@14]
//     requires recv.annos: (*Store).Set@18
import type { FunctionNilSummary, SummaryOrigin } from "./nil-summary-types.js";
import type { NilSummaries } from "./build-nil-summaries.js";
import { describePath, describeRoot } from "./summary-paths.js";

export function describeOrigin(o: SummaryOrigin): string {
  const at = `${o.kind}@${o.span.line}${o.withError ? "+err" : ""}`;
  if (!o.callee) return at;
  const inner = o.callee.origins.map(describeOrigin).join(",");
  return `${at}<-${o.callee.name}${inner ? `(${inner})` : ""}`;
}

const origins = (list: readonly SummaryOrigin[]): string => (list.length > 0 ? ` [${list.map(describeOrigin).join(" ")}]` : "");

export function describeFunctionSummary(name: string, s: FunctionNilSummary): string {
  const lines = [`func ${name}`];
  for (const r of s.results) {
    const cond = r.nilWhenParamNil.length > 0 ? ` when ${r.nilWhenParamNil.map((p) => `param${p}`).join("|")} nil` : "";
    lines.push(`  ${["result" + r.index, ...r.fieldPath].join(".")}: ${r.kind}${cond}${origins(r.origins)}`);
  }
  for (const i of s.inits) {
    lines.push(`  ${i.state === "initialises" ? "init" : i.state} ${describeRoot(i.on)} ${[i.type, ...i.fieldPath].join(".")}${origins(i.origins)}`);
  }
  for (const r of s.requires) {
    lines.push(`  requires ${describePath(r.path)}: ${r.chain.map((h) => `${h.name}@${h.span.line}`).join(" -> ")}`);
  }
  for (const v of s.violations) {
    lines.push(`  violates ${v.path} ${v.fact}${origins(v.origins)}: ${v.chain.map((h) => `${h.name}@${h.span.line}`).join(" -> ")}`);
  }
  for (const w of s.nilWrites) {
    lines.push(`  writes ${w.fact} map@${w.stmt.line}${origins(w.origins)}`);
  }
  return lines.join("\n");
}

/** The summary of the function named `name` (`NewStore`, `(*Store).Set`), or of every function. */
export function describeNilSummary(summaries: NilSummaries, name?: string): string {
  const out: string[] = [];
  for (const fn of summaries.ctx.ir.functions) {
    if (name !== undefined && fn.name !== name) continue;
    const s = summaries.summary(fn.id);
    if (s) out.push(describeFunctionSummary(fn.name, s));
  }
  return out.join("\n");
}
