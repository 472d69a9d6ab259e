// May two instructions run at the same time? Yes when one context holding
// both runs with itself; when one lies on the spawner's side of a context
// running the other (after the start, before a join); or when they run in
// two contexts that overlap. Contexts overlap unless one is started inside
// the other (then only if the outer one runs with itself), or both are
// started by the same code one after the other, the first joined before the
// second starts.
import type { ExecutionContext, InstrSite, ParallelAnswer } from "./context-types.js";
import { describeContext, fnName } from "./describe.js";
import type { ConcurrencyQueries } from "./queries.js";
import type { SpawnerSide } from "./spawner-side.js";
import { startChain } from "./start-chain.js";

export function whyParallel(q: ConcurrencyQueries, a: InstrSite, b: InstrSite): ParallelAnswer {
  const ctxA = q.contextsOf(a.fn);
  const ctxB = q.contextsOf(b.fn);
  const ir = q.ir;
  const runs = (c: ExecutionContext, s: InstrSite): string => `${describeContext(ir, c)} runs ${fnName(ir, s.fn)}`;
  for (const c of ctxA) {
    if (c.selfConcurrent && ctxB.includes(c)) {
      const both = a.fn === b.fn ? fnName(ir, a.fn) : `${fnName(ir, a.fn)} and ${fnName(ir, b.fn)}`;
      return { yes: true, why: `${describeContext(ir, c)} runs ${both}, and runs concurrently with itself (${c.why})` };
    }
  }
  for (const [x, y, ctxY] of [[a, b, ctxB], [b, a, ctxA]] as const) {
    for (const c of ctxY) {
      const side = onSpawnerSide(q, c, x);
      if (side) return { yes: true, why: `${runs(c, y)}; ${fnName(ir, x.fn)} ${side}` };
    }
  }
  for (const ca of ctxA) {
    for (const cb of ctxB) {
      if (ca !== cb && overlap(q, ca, cb)) return { yes: true, why: `${runs(ca, a)}; ${runs(cb, b)}` };
    }
  }
  const none = ctxA.length === 0 && ctxB.length === 0 ? `neither ${fnName(ir, a.fn)} nor ${fnName(ir, b.fn)} runs in a concurrent context` : `no concurrent context runs ${fnName(ir, a.fn)} alongside ${fnName(ir, b.fn)}`;
  return { yes: false, why: none };
}

/** How `x` runs alongside context `c` from its spawner's side, or null. */
function onSpawnerSide(q: ConcurrencyQueries, c: ExecutionContext, x: InstrSite): string | null {
  const side = q.spawnerSide(c.id);
  if (!side) return null;
  for (const k of side.continuations) {
    if (k.fn === x.fn && k.contains(x.instr)) return `continues alongside it before any join`;
  }
  if (side.called.has(x.fn)) return `is called by the spawner's side before any join`;
  return null;
}

/** Whether two different contexts may be alive at once. */
export function overlap(q: ConcurrencyQueries, ca: ExecutionContext, cb: ExecutionContext): boolean {
  if (!ca.spawn || !cb.spawn || ca.kind === "handler" || cb.kind === "handler") return true;
  const startFn = (c: ExecutionContext): number => (c.via ?? c.spawn)?.fn ?? -1;
  if (q.reachable(ca.id).has(startFn(cb))) return ca.selfConcurrent;
  if (q.reachable(cb.id).has(startFn(ca))) return cb.selfConcurrent;
  const sa = q.spawnerSide(ca.id);
  const sb = q.spawnerSide(cb.id);
  if (!sa || !sb || sa.escapes || sb.escapes) return true;
  const ab = relation(sa, startChain(q, cb));
  const ba = relation(sb, startChain(q, ca));
  if (ab === "alongside" || ba === "alongside") return true;
  // Without a function where both are seen, nothing orders them.
  return ab !== "ordered" && ba !== "ordered";
}

type Relation = "alongside" | "ordered" | "unknown";

/** Where one side stands to a context's start chain: runs alongside it, is seen to be joined before it, or never meets it. */
function relation(side: SpawnerSide, chain: readonly InstrSite[]): Relation {
  let met = false;
  for (const p of chain) {
    if (side.called.has(p.fn)) return "alongside";
    for (const k of side.continuations) {
      if (k.fn !== p.fn) continue;
      if (k.contains(p.instr)) return "alongside";
      met = true;
    }
  }
  return met ? "ordered" : "unknown";
}
