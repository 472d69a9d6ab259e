// The summary of one function from the current summaries of its callees:
// its own map accesses with the locks held at each, then each callee's,
// substituted at the call site, in source order up to the cap.
import { cfgOf } from "../flow/cfg.js";
import { cyclicBlocks } from "../flow/loops.js";
import { pathKey } from "../flow/path-key.js";
import type { Instr, IrFunction, Path, Value } from "../lower/ir.js";
import type { CallSite } from "../semantic/call-graph.js";
import type { SemanticModel } from "../semantic/semantic-model.js";
import { composeAccess, composeGo, composeWait, isLocalRoot, type Site, substituteLocks } from "./compose-callee.js";
import { directEffects } from "./direct-effects.js";
import { type CallLockHook, functionLocks } from "./function-locks.js";
import { ownershipOf } from "./ownership.js";
import { SummaryBuilder } from "./summary-builder.js";
import { type Binding, bindCall, substitutePath } from "./substitute.js";
import { borrowedLocals } from "./borrowed.js";
import type { AccessSummary, Origin, SummaryLock } from "./summary-types.js";

export interface SummaryContext {
  semantic: SemanticModel;
  functions: readonly IrFunction[];
  /** The callee's summary so far; null before its first round (inside a cycle). */
  summaryOf(fnId: number): AccessSummary | null;
  maxAccesses: number;
}

export function summarizeFunction(ctx: SummaryContext, fn: IrFunction): AccessSummary {
  const { semantic } = ctx;
  const ordered = instructionsInOrder(fn);
  const siteOf = new Map<Instr, CallSite>();
  for (const x of ordered) {
    const site = semantic.callGraph.site(fn.id, x);
    if (site) siteOf.set(x.instr, site);
  }
  const locks = functionLocks(semantic, fn, ctx.functions, callLockHook(ctx, fn, siteOf));
  const ownership = ownershipOf(fn, ctx.functions, (instr) => freshResults(ctx, siteOf.get(instr)));
  const borrowed = borrowedLocals(fn, (instr, i) => borrowedResult(ctx, fn, instr, siteOf.get(instr), i));
  const onCycle = cyclicBlocks(cfgOf(fn));
  const out = new SummaryBuilder(fn, ctx.maxAccesses);
  const originOf = (instr: Instr): Origin => ({ fn: fn.id, path: fn.path, span: instr.span, stmt: instr.stmt });
  let ownComposed = false;

  for (const { instr, block } of ordered) {
    const site = siteOf.get(instr);
    const effects = directEffects(semantic, fn, instr);
    // Most instructions (assignments, plain calls of nothing summarised) add nothing: the locks held there are not asked.
    const adds = effects.length > 0 || instr.op === "wait" || instr.op === "recv" || instr.op === "go" || (site !== undefined && (instr.op === "call" || instr.op === "defer"));
    if (!adds) continue;
    const held = locks.heldAt(instr);
    if (held === null) continue; // unreachable: runs never, races never
    const released = locks.releasedAt(instr);
    // Past the cap a direct access is only counted, unless a call through the cycle brought in one of this function's
    // own accesses, which the direct one (a shorter way to it) replaces: an access of 20,000 is not built to be dropped.
    if (out.full() && !ownComposed) out.skip(effects.length);
    else {
      for (const d of effects) {
        // Through a local that stands for shared memory, the access is of that memory.
        const e = d.kind === "replace" ? d : { ...d, path: borrowed.rewrite(d.path) };
        const key = pathKey(e.path);
        out.addAccess({ ...e, key, local: isLocalRoot(fn, e.path), owned: ownership.owns(e.path), locks: held, released, chain: [], origin: originOf(instr) });
      }
    }
    if (instr.op === "wait") out.addWait({ kind: "wait", on: instr.group, chain: [], origin: originOf(instr) });
    if (instr.op === "recv") out.addWait({ kind: "recv", on: instr.channel, chain: [], origin: originOf(instr) });
    if (instr.op === "go") {
      const targets = site ? [...new Set(site.targets.map((t) => t.fn))] : [];
      const binding = site?.targets[0] ? bindCall(semantic, fn, instr.call, site.targets[0], ctx.functions[site.targets[0].fn]) : null;
      out.addGo({
        spawn: instr.spawn,
        targets,
        receiver: binding?.receiver ?? null,
        args: instr.call.args.map((a) => (a.kind === "path" ? a.path : a.kind === "addr" ? a.path : null)),
        locks: held,
        inLoop: onCycle[block] === 1,
        chain: [],
        origin: originOf(instr),
      });
    }
    if (!site || (instr.op !== "call" && instr.op !== "defer")) continue;
    const runsHolding = instr.op === "defer" ? (locks.heldWhenDeferredRuns(instr) ?? []) : held;
    const runs: { summary: AccessSummary; binding: Binding }[] = [];
    for (const target of site.targets) {
      const summary = ctx.summaryOf(target.fn);
      const callee = ctx.functions[target.fn];
      if (!summary || !callee || !("call" in instr)) continue;
      runs.push({ summary, binding: bindCall(semantic, fn, instr.call, target, callee) });
    }
    // A function literal handed to a callee that calls it (`runTrigger(n, func() { x.Sync() })`) runs here, in this
    // function's terms: its captured variables are this function's own, which the callee cannot name.
    if (instr.op === "call") runs.push(...callbacksRun(ctx, fn, instr.call.args, site));
    for (const { summary, binding } of runs) {
      const s: Site = {
        binding,
        hop: { fn: fn.id, path: fn.path, span: instr.span },
        held: runsHolding,
        released,
        owns: ownership.owns,
      };
      for (const a of summary.accesses) {
        if (out.full()) {
          out.skip(summary.accesses.length);
          break;
        }
        const c = composeAccess(semantic, s, a);
        if (!c) continue;
        if (c.origin.fn === fn.id) ownComposed = true;
        // The callee's access through the caller's local that stands for shared memory (`l := c.Lookup(id); l.Keys()`).
        const p = c.kind === "replace" ? c.path : borrowed.rewrite(c.path);
        out.addAccess(p === c.path ? c : { ...c, path: p, key: pathKey(p), local: isLocalRoot(fn, p), owned: ownership.owns(p) });
      }
      if (summary.cut > 0) out.skip(1);
      // A starter called in a loop starts its goroutine again on each turn.
      for (const g of summary.goroutines) out.addGo({ ...composeGo(semantic, s, g), inLoop: g.inLoop || onCycle[block] === 1 });
      for (const w of summary.waits) out.addWait(composeWait(s, w));
    }
  }
  return out.finish({
    acquires: locks.acquires,
    releases: locks.releases,
    ownedVars: ownership.ownedVars,
    freshResults: ownership.freshResults,
    borrowedResults: borrowed.results,
    converged: locks.converged,
  });
}

/**
 * The function literals among a call's arguments that every target calls itself, with no lock of its own held and
 * not from a goroutine: argument i is a literal and each target's parameter i is called directly in its body.
 */
function callbacksRun(ctx: SummaryContext, fn: IrFunction, args: readonly Value[], site: CallSite): { summary: AccessSummary; binding: Binding }[] {
  const out: { summary: AccessSummary; binding: Binding }[] = [];
  if (site.targets.length === 0) return out;
  args.forEach((arg, i) => {
    if (arg.kind !== "closure") return;
    const literal = ctx.functions[arg.fn];
    const summary = ctx.summaryOf(arg.fn);
    if (!literal || !summary || literal.params.length > 0) return;
    const called = site.targets.every((t) => t.receiver !== "arg0" && callsParam(ctx, t.fn, i));
    if (called) out.push({ summary, binding: { caller: fn, callee: literal, receiver: null, params: [] } });
  });
  return out;
}

/** Whether function `fnId` calls its parameter `index` directly, taking no lock of its own anywhere. */
function callsParam(ctx: SummaryContext, fnId: number, index: number): boolean {
  const callee = ctx.functions[fnId];
  const summary = ctx.summaryOf(fnId);
  return !!callee && !!summary && summary.acquires.length === 0 && calledParams(callee).has(index);
}

const calledParamsMemo = new WeakMap<IrFunction, ReadonlySet<number>>();

/** The parameters a function calls directly (`f()`), none when it takes a lock itself: read once per function. */
function calledParams(fn: IrFunction): ReadonlySet<number> {
  const known = calledParamsMemo.get(fn);
  if (known) return known;
  const out = new Set<number>();
  scan: for (const b of fn.blocks) {
    for (const instr of b.instrs) {
      if (instr.op === "lock") {
        out.clear();
        break scan;
      }
      if (instr.op !== "call" || instr.call.callee.kind !== "value") continue;
      const p = instr.call.callee.path;
      const v = p.root.kind === "var" && p.selectors.length === 0 ? fn.vars[p.root.var] : undefined;
      if (v?.kind === "param" && v.index !== undefined) out.add(v.index);
    }
  }
  calledParamsMemo.set(fn, out);
  return out;
}

/** What a call does to the caller's locks, from its callees' summaries: only what every target agrees on. */
function callLockHook(ctx: SummaryContext, fn: IrFunction, siteOf: Map<Instr, CallSite>): CallLockHook {
  return (call, instr) => {
    const site = siteOf.get(instr);
    if (!site || site.targets.length === 0 || (site.op !== "call" && site.op !== "defer")) return null;
    let acquires: SummaryLock[] | null = null;
    let releases: SummaryLock[] | null = null;
    for (const t of site.targets) {
      const summary = ctx.summaryOf(t.fn);
      const callee = ctx.functions[t.fn];
      if (!summary || !callee) return null;
      if (summary.acquires.length === 0 && summary.releases.length === 0) return null;
      const b = bindCall(ctx.semantic, fn, call, t, callee);
      acquires = agree(acquires, substituteLocks(ctx.semantic, b, summary.acquires));
      releases = agree(releases, substituteLocks(ctx.semantic, b, summary.releases));
    }
    const plain = (ls: SummaryLock[] | null): { mutex: Path; mode: "read" | "write" }[] => (ls ?? []).map((l) => ({ mutex: l.mutex, mode: l.mode }));
    return { acquires: plain(acquires), releases: plain(releases) };
  };
}

function agree(so: SummaryLock[] | null, next: SummaryLock[]): SummaryLock[] {
  if (so === null) return next;
  const keys = new Set(next.map((l) => `${l.key}:${l.mode}`));
  return so.filter((l) => keys.has(`${l.key}:${l.mode}`));
}

/** The shared memory result `index` of a call stands for, in the caller's terms, when every target's summary agrees. */
function borrowedResult(ctx: SummaryContext, fn: IrFunction, instr: Instr, site: CallSite | undefined, index: number): Path | null {
  if (!site || site.op !== "call" || site.targets.length === 0 || instr.op !== "call") return null;
  let found: Path | null = null;
  for (const t of site.targets) {
    const r = ctx.summaryOf(t.fn)?.borrowedResults[index];
    const callee = ctx.functions[t.fn];
    const p = r && callee ? substitutePath(bindCall(ctx.semantic, fn, instr.call, t, callee), r) : null;
    if (!p || (found && pathKey(found) !== pathKey(p))) return null;
    found = p;
  }
  return found;
}

function freshResults(ctx: SummaryContext, site: CallSite | undefined): readonly boolean[] | null {
  if (!site || site.op !== "call" || site.targets.length === 0) return null;
  let fresh: boolean[] | null = null;
  for (const t of site.targets) {
    const r = ctx.summaryOf(t.fn)?.freshResults;
    if (!r) return null;
    fresh = fresh === null ? [...r] : fresh.map((f, i) => f && r[i] === true);
  }
  return fresh;
}

/** Every instruction with its block and index, in source order (the order the cap keeps). */
function instructionsInOrder(fn: IrFunction): { instr: Instr; block: number; index: number }[] {
  const all: { instr: Instr; block: number; index: number }[] = [];
  let sorted = true;
  for (const b of fn.blocks)
    b.instrs.forEach((instr, index) => {
      const last = all[all.length - 1];
      if (last && (last.instr.at > instr.at || (last.instr.at === instr.at && last.block > b.id))) sorted = false;
      all.push({ instr, block: b.id, index });
    });
  return sorted ? all : all.sort((x, y) => x.instr.at - y.instr.at || x.block - y.block || x.index - y.index);
}
