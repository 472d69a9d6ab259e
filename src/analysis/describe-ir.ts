// What `mapguard ir` prints: each package's functions lowered to the IR, each
// followed by its call-graph edges (what it calls, and through which
// resolution; who calls it), so a person debugging a finding can see what the
// rules saw.
import { loadGo } from "./go/load-go.js";
import type { IrFunction } from "./lower/ir.js";
import { printFunction } from "./lower/print-ir.js";
import type { CallGraph } from "./semantic/call-graph.js";
import { buildSemanticPackages, type SemanticPackage } from "./semantic-packages.js";
import type { SourceFile } from "./types.js";

export interface IrDescription {
  output: string;
  notes: string[];
}

export async function describeIr(files: readonly SourceFile[], options: { func?: string } = {}): Promise<IrDescription> {
  const { parser } = await loadGo();
  // A person reading the IR wants every function, not only the ones the rules need.
  const built = buildSemanticPackages(parser, files, { all: true });
  const sections: string[] = [];
  for (const pkg of built.packages) {
    const fns = pkg.ir.functions.filter((f) => matches(f, options.func));
    if (fns.length === 0) continue;
    sections.push(`package ${pkg.name || "(no package clause)"}  // ${pkg.dir}: ${pkg.paths.length} file(s)\n`);
    for (const fn of fns) sections.push(printFunction(fn, pkg.ir) + edges(fn, pkg));
  }
  return { output: sections.join("\n"), notes: built.notes.map((n) => `${n.path}: ${n.message}`) };
}

function matches(fn: IrFunction, wanted: string | undefined): boolean {
  return wanted === undefined || fn.name === wanted || fn.name.includes(wanted);
}

function edges(fn: IrFunction, pkg: SemanticPackage): string {
  const graph: CallGraph = pkg.semantic.callGraph;
  const name = (id: number) => pkg.ir.functions[id]?.name ?? `#${id}`;
  const out: string[] = [];
  for (const site of graph.sites) {
    if (site.fn !== fn.id) continue;
    const targets = [...new Set(site.targets.map((t) => name(t.fn)))];
    out.push(`    b${site.block}.${site.index} ${site.op} -> ${targets.length ? targets.join(", ") : "(unresolved)"}  [${site.how}]`);
  }
  for (const escape of graph.callbackEscapes) {
    if (escape.fn !== fn.id) continue;
    out.push(`    b${escape.block}.${escape.index} hands ${escape.targets.map(name).join(", ")} to ${escape.callee} (argument ${escape.arg})`);
  }
  const callers = graph.callersOf(fn.id).map((s) => `${name(s.fn)} b${s.block}.${s.index} (${s.op})`);
  const lines = [out.length ? `  calls:\n${out.join("\n")}` : "", callers.length ? `  called by: ${[...new Set(callers)].join(", ")}` : ""];
  const text = lines.filter((l) => l !== "").join("\n");
  return text ? `${text}\n` : "";
}
