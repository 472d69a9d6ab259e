// For a rule: flow nilness of one function with the callees' nil summaries
// plugged in. `nilnessHooks` gives the plain NilHooks (a callee nil on
// every return makes the result nil, one never nil makes it non-nil, and a
// call forgets only what its callees touch); `summarisedNilnessOf` gives the
// fuller answer the summaries themselves use (maybe-nil results, fields of
// results, initialised arguments, decodes), with origins explained.
import type { Instr, IrFunction } from "../../lower/ir.js";
import type { NilHooks } from "../../flow/nilness.js";
import type { NilPackage, NilSummaries } from "./build-nil-summaries.js";
import { callKills } from "./call-kills.js";
import { type RunOptions, summarisedNilness, type SummarisedNilness } from "./summarised-nilness.js";

export function nilnessHooks(pkg: NilPackage, summaries: NilSummaries, fn: IrFunction): NilHooks {
  const where = new Map<Instr, { block: number; index: number }>();
  fn.blocks.forEach((b, block) => b.instrs.forEach((x, index) => where.set(x, { block, index })));
  const clobberedByCalls = summaries.ctx.clobbered.get(fn.id);
  return {
    clobberedByCalls,
    callEffect: callKills(fn, pkg.semantic, (id) => summaries.summary(id), clobberedByCalls, []),
    callResultNil: (_call, index, instr) => {
      const ref = where.get(instr);
      const callees = ref ? pkg.semantic.callGraph.callees(fn.id, ref) : [];
      if (callees.length === 0) return null;
      const kinds = callees.map((id) => summaries.resultNil(id, index)?.kind ?? "unknown");
      if (kinds.every((k) => k === "always")) return "nil";
      if (kinds.every((k) => k === "never")) return "non-nil";
      return null;
    },
  };
}

export function summarisedNilnessOf(summaries: NilSummaries, fn: IrFunction, options: RunOptions = {}): SummarisedNilness {
  return summarisedNilness(summaries.ctx, fn, options);
}
