// A summary as text, one fact a line, for tests and `mapguard`'s debugging:
//   write c.items locks{c.mu:write} at (*Cache).Set@cache.go:25 > (*Cache).put@cache.go:19
// The `at` list is the chain of call sites, then the instruction itself.
import type { IrFunction, PackageIr, Path } from "../lower/ir.js";
import type { AccessSummary, Hop, Origin, SummaryLock } from "./summary-types.js";

export function describeSummary(ir: PackageIr, summary: AccessSummary): string {
  const fn = ir.functions[summary.fn];
  const path = (p: Path | null): string => (p ? pathText(fn, p) : "?");
  const locks = (label: string, ls: readonly SummaryLock[]): string =>
    ls.length === 0 ? "" : ` ${label}{${ls.map((l) => `${path(l.mutex)}:${l.mode}`).join(",")}}`;
  const where = (chain: readonly Hop[], origin: Origin): string => [...chain, origin].map((h) => `${nameOf(ir, h.fn)}@${baseName(h.path)}:${h.span.line}`).join(" > ");
  const lines: string[] = [];
  for (const a of summary.accesses) {
    const flags = `${a.owned ? " owned" : ""}${a.local && !a.owned ? " local" : ""}`;
    lines.push(`${a.kind} ${path(a.path)}${flags}${locks("locks", a.locks)}${locks("released", a.released)} at ${where(a.chain, a.origin)}`);
  }
  if (summary.cut > 0) lines.push(`… ${summary.cut} more accesses cut`);
  for (const g of summary.goroutines) {
    const targets = g.targets.map((t) => nameOf(ir, t)).join("|") || "?";
    const recv = g.receiver ? ` recv ${path(g.receiver)}` : "";
    lines.push(`${g.spawn} ${targets}${recv}${g.inLoop ? " in-loop" : ""}${locks("locks", g.locks)} at ${where(g.chain, g.origin)}`);
  }
  for (const w of summary.waits) lines.push(`${w.kind} ${path(w.on)} at ${where(w.chain, w.origin)}`);
  if (summary.acquires.length > 0) lines.push(`returns holding${locks("", summary.acquires)}`);
  if (summary.releases.length > 0) lines.push(`releases the caller's${locks("", summary.releases)}`);
  const fresh = summary.freshResults.flatMap((f, i) => (f ? [String(i)] : []));
  if (fresh.length > 0) lines.push(`fresh results ${fresh.join(",")}`);
  if (!summary.converged) lines.push("not converged");
  return lines.join("\n");
}

export function pathText(fn: IrFunction, p: Path): string {
  let text: string;
  switch (p.root.kind) {
    case "var":
      text = fn.vars[p.root.var]?.name ?? `v${p.root.var}`;
      break;
    case "package":
      text = p.root.name;
      break;
    case "external":
      text = `${p.root.pkg}.${p.root.name}`;
      break;
  }
  for (const s of p.selectors) text += s.kind === "field" ? `.${s.name}` : s.kind === "index" ? "[]" : ".*";
  return p.truncated ? `${text}…` : text;
}

function nameOf(ir: PackageIr, id: number): string {
  return ir.functions[id]?.name ?? `#${id}`;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}
