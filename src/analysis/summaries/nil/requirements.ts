// Map paths a function writes with nothing on the way making sure they are
// not nil: `p.Labels[k] = v` with p a parameter, unless a nil check or a
// lazy init (`if p.Labels == nil { p.Labels = ... }`) comes first. Such a
// write is a precondition on the caller. At a call, a callee's
// precondition is read over the caller's arguments: satisfied when the
// caller's path is non-nil there, violated when it is nil or maybe nil (a
// finding, with the chain of calls), and otherwise passed on to the
// caller's own callers when it hangs off the caller's parameters too.
import type { Instr, IrFunction, Path, Span } from "../../lower/ir.js";
import type { NilFact } from "../../flow/nil-facts.js";
import type { ChainHop, Requirement, SummaryPath, Violation } from "./nil-summary-types.js";
import { describePath, substitute, toSummaryPath } from "./summary-paths.js";
import { type NilContext, summarisedNilness } from "./summarised-nilness.js";

interface Candidate {
  instr: Instr;
  path: Path;
  /** The requirement in the caller's terms, when it hangs off the caller's own params/receiver/package. */
  lifted: SummaryPath | null;
  chain: ChainHop[];
}

export function requirementsOf(ctx: NilContext, fn: IrFunction): { requires: Requirement[]; violations: Violation[] } {
  const candidates = [...directWrites(ctx, fn), ...calleeRequirements(ctx, fn)];
  if (candidates.length === 0) return { requires: [], violations: [] };
  const run = summarisedNilness(ctx, fn, { track: candidates.map((c) => c.path) });
  const requires: Requirement[] = [];
  const violations: Violation[] = [];
  const seen = new Set<string>();
  for (const c of candidates) {
    const fact: NilFact | null = run.before(c.instr, c.path);
    if (!fact || fact.kind === "non-nil") continue;
    if (fact.kind === "unknown") {
      if (!c.lifted) continue;
      const key = describePath(c.lifted);
      // One requirement per path: the first write in source order explains it.
      if (seen.has(key)) continue;
      seen.add(key);
      requires.push({ path: c.lifted, chain: c.chain });
      continue;
    }
    // A direct write to a nil map is the function's own bug, for a local rule; a call into one is a violation here.
    if (c.chain.length > 1) violations.push({ path: text(fn, c.path), fact: fact.kind, origins: run.explain(fact.origins), chain: c.chain });
  }
  return { requires, violations };
}

function hop(fn: IrFunction, span: Span): ChainHop {
  return { fn: fn.id, name: fn.name, file: fn.path, span };
}

function directWrites(ctx: NilContext, fn: IrFunction): Candidate[] {
  const out: Candidate[] = [];
  for (const b of fn.blocks)
    for (const x of b.instrs) {
      if (x.op !== "access" || x.kind !== "write" || x.path.truncated) continue;
      const lifted = toSummaryPath(fn, x.path);
      if (!lifted || !ctx.semantic.isMapType(ctx.semantic.typeOf(fn, x.path))) continue;
      out.push({ instr: x, path: x.path, lifted, chain: [hop(fn, x.stmt)] });
    }
  return out;
}

function calleeRequirements(ctx: NilContext, fn: IrFunction): Candidate[] {
  const out: Candidate[] = [];
  fn.blocks.forEach((b, block) =>
    b.instrs.forEach((x, index) => {
      if (x.op !== "call" && x.op !== "go" && x.op !== "defer") return;
      const site = ctx.semantic.callGraph.site(fn.id, { block, index });
      for (const t of site?.targets ?? []) {
        for (const req of ctx.summaryOf(t.fn)?.requires ?? []) {
          const path = substitute(x.call, t.receiver, req.path);
          if (!path) continue;
          out.push({ instr: x, path, lifted: toSummaryPath(fn, path), chain: [hop(fn, x.stmt), ...req.chain] });
        }
      }
    }),
  );
  return out;
}

function text(fn: IrFunction, path: Path): string {
  const root = path.root.kind === "var" ? (fn.vars[path.root.var]?.name ?? "?") : path.root.name;
  return [root, ...path.selectors.map((s) => (s.kind === "field" ? s.name : s.kind === "index" ? "[]" : "*"))].join(".");
}
