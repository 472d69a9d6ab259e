// Shared by the concurrency tests: real Go sources through the parser,
// lowering and the semantic model, then the concurrency layer on top; and
// ways to name instructions by their source line.
import { loadGo } from "../../../src/analysis/go/load-go.js";
import { buildConcurrency, type Concurrency, type ExecutionContext, type InstrSite } from "../../../src/analysis/concurrency/index.js";
import type { IrFunction, PackageIr } from "../../../src/analysis/lower/ir.js";
import { buildSemanticPackages } from "../../../src/analysis/semantic-packages.js";

export interface Built {
  ir: PackageIr;
  cx: Concurrency;
  sources: Record<string, string>;
}

/** One file (`p/a.go`) or several by path, all of one package. */
/** `all` lowers every body, past relevance's limit on call chains. */
export async function concurrencyOf(sources: string | Record<string, string>, options: { all?: boolean } = {}): Promise<Built> {
  const files = typeof sources === "string" ? { "p/a.go": sources } : sources;
  const { parser } = await loadGo();
  const out = buildSemanticPackages(
    parser,
    Object.entries(files).map(([path, text]) => ({ path, text })),
    options,
  );
  if (out.packages.length !== 1) throw new Error(`[mapguard test] expected one package, got ${out.packages.length}`);
  const pkg = out.packages[0];
  return { ir: pkg.ir, cx: buildConcurrency(pkg), sources: files };
}

export function fn(b: Built, name: string): IrFunction {
  const found = b.ir.functions.find((f) => f.name === name);
  if (!found) throw new Error(`[mapguard test] no function ${name}: ${b.ir.functions.map((f) => f.name).join(", ")}`);
  return found;
}

/** The instruction of `name` whose span starts on the line holding `text` (first one, or the one of `op`). */
export function at(b: Built, name: string, text: string, op?: string): InstrSite {
  const f = fn(b, name);
  const src = Object.entries(b.sources).find(([path]) => path === f.path)?.[1] ?? "";
  const line = src.split("\n").findIndex((l) => l.includes(text)) + 1;
  if (line === 0) throw new Error(`[mapguard test] no line with ${text} in ${f.path}`);
  for (const [bi, block] of f.blocks.entries()) {
    for (const [index, instr] of block.instrs.entries()) {
      if (instr.span.line === line && (!op || instr.op === op)) return { fn: f.id, instr: { block: bi, index } };
    }
  }
  throw new Error(`[mapguard test] no instruction of ${name} on line ${line} (${text})`);
}

/** Names of the functions a context runs, sorted. */
export function reachableNames(b: Built, c: ExecutionContext): string[] {
  return [...b.cx.reachable(c.id)].map((id) => b.ir.functions[id].name).sort();
}

/** Contexts of a kind whose roots include function `name`. */
export function contextsRooted(b: Built, name: string, kind?: ExecutionContext["kind"]): ExecutionContext[] {
  const id = fn(b, name).id;
  return b.cx.contexts.filter((c) => c.roots.includes(id) && (!kind || c.kind === kind));
}

export function only<T>(xs: readonly T[]): T {
  if (xs.length !== 1) throw new Error(`[mapguard test] expected exactly one, got ${xs.length}`);
  return xs[0];
}
