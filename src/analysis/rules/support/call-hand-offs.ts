// Maps handed to a callee that sends them on: `t.handler.Handle(filtered, ...)`,
// where Handle (through a pipeline, an interface, a func value) ends in
// `c.entries <- entry{labels: ls}`. The caller's map is then the receiver's
// too; written again afterwards by the caller — later in the function, or on
// the next turn of the loop that hands it over, the same call included —
// both sides use one table at once (loki's push target, whose labels stage
// wrote the stream's label set while the client goroutine ranged the one it
// was sent). Where a callee sends its parameter is found bottom-up over the
// call graph, only for callees of calls that pass a map variable; the writes
// are the caller's access summary.
import { type Instr, type IrFunction, type Span, spanKey, type Value } from "../../lower/ir.js";
import { assignsVar } from "../../lower/instr-flows.js";
import type { PackageFacts } from "../../package-facts.js";
import type { CallSite } from "../../semantic/call-graph.js";
import type { CallTarget } from "../../semantic/resolve-callee.js";
import type { MapAccess } from "../../summaries/summary-types.js";
import { bindCall } from "../../summaries/substitute.js";
import { innermostLoop } from "./cfg-loops.js";
import { type MapIdentity, mapIdentity } from "./map-access-sites.js";
import { sharedPaths } from "./map-hand-offs.js";

/** Where a map a function was given is sent: the send statement. */
export interface SendSite {
  fn: number;
  span: Span;
}

export interface CallHandOff {
  fn: IrFunction;
  /** The call that hands the map over. */
  call: Instr;
  map: MapIdentity;
  /** The callee that sends it, and where. */
  callee: number;
  send: SendSite;
  /** The caller's write after the hand-off (the access as its summary has it: through calls, origin where it is made). */
  write: MapAccess;
}

export function callHandOffs(pkg: PackageFacts): CallHandOff[] {
  const out: CallHandOff[] = [];
  // Most packages send nothing on channels: then no callee sends a map on. A package that starts no goroutine and
  // serves no handler has no receiver of its own to race with, and no access summaries built for the race rules.
  if (!pkg.ir.functions.some((fn) => fn.blocks.some((b) => b.instrs.some((x) => x.op === "send")))) return out;
  if (pkg.concurrency().contexts.length === 0) return out;
  const senders = new Senders(pkg);
  for (const fn of pkg.ir.functions) {
    for (const block of fn.blocks) {
      block.instrs.forEach((instr, index) => {
        if (instr.op !== "call") return;
        let site: CallSite | null | undefined;
        instr.call.args.forEach((arg, i) => {
          if (arg.kind !== "path" || arg.path.selectors.length > 0 || arg.path.root.kind !== "var") return;
          const kind = fn.vars[arg.path.root.var]?.kind;
          if ((kind !== "local" && kind !== "param") || !pkg.semantic.isMapType(pkg.semantic.typeOf(fn, arg.path))) return;
          site ??= pkg.semantic.callGraph.site(fn.id, { block: block.id, index });
          if (!site) return;
          for (const t of site.targets) {
            const callee = pkg.ir.functions[t.fn];
            const param = callee ? paramIndexOf(pkg, fn, instr, t, callee, i) : null;
            const send = param === null ? undefined : senders.sent(t.fn).get(param);
            if (!send) continue;
            const map = mapIdentity(pkg, fn, arg.path);
            const write = map?.kind === "variable" ? writeAfter(pkg, fn, block.id, instr, arg.path.root.var) : null;
            if (map && write) out.push({ fn, call: instr, map, callee: t.fn, send, write });
            return;
          }
        });
      });
    }
  }
  return out;
}

/** The callee's parameter that argument `i` of the call binds. */
function paramIndexOf(pkg: PackageFacts, fn: IrFunction, instr: Instr, target: CallTarget, callee: IrFunction, i: number): number | null {
  if (instr.op !== "call") return null;
  const b = bindCall(pkg.semantic, fn, instr.call, target, callee);
  const index = target.receiver === "arg0" ? i - 1 : i;
  return index >= 0 && b.params[index] && !b.params[index]?.addr ? index : null;
}

/** Functions' parameters they send on a channel, themselves or through a callee, with the send; memoised per function. */
class Senders {
  private readonly memo = new Map<number, Map<number, SendSite>>();

  constructor(private readonly pkg: PackageFacts) {}

  sent(fnId: number): ReadonlyMap<number, SendSite> {
    const known = this.memo.get(fnId);
    if (known) return known;
    const out = new Map<number, SendSite>();
    // In progress (a cycle of calls): what is found so far.
    this.memo.set(fnId, out);
    const fn = this.pkg.ir.functions[fnId];
    if (!fn) return out;
    // A send answered before the function returns (`c.req <- m; <-c.done`) is a request the receiver is done with.
    const joins = fn.blocks.flatMap((b) => b.instrs.filter((x) => x.op === "recv" || x.op === "wait").map((x) => x.at));
    const answered = (at: number): boolean => joins.some((j) => j > at);
    const param = (v: number): number | null => {
      const x = fn.vars[v];
      return x?.kind === "param" && x.index !== undefined ? x.index : null;
    };
    for (const block of fn.blocks) {
      block.instrs.forEach((instr, index) => {
        this.pkg.budget.check("map-sent-then-mutated");
        if (instr.op === "send") {
          if (answered(instr.at)) return;
          for (const p of sharedPaths(instr.value)) {
            const i = p.root.kind === "var" && p.selectors.length === 0 ? param(p.root.var) : null;
            if (i !== null && !out.has(i)) out.set(i, { fn: fn.id, span: instr.span });
          }
          return;
        }
        // Only a call given one of this function's parameters can send it on.
        if (instr.op !== "call" || answered(instr.at) || !instr.call.args.some((a) => passesParam(a, param))) return;
        const site = this.pkg.semantic.callGraph.site(fn.id, { block: block.id, index });
        for (const t of site?.targets ?? []) {
          const callee = this.pkg.ir.functions[t.fn];
          const sent = callee ? this.sent(t.fn) : null;
          if (!callee || !sent || sent.size === 0) continue;
          const b = bindCall(this.pkg.semantic, fn, instr.call, t, callee);
          for (const [i, where] of sent) {
            const bound = b.params[i];
            const p = bound && !bound.addr ? bound.path : null;
            const j = p && p.root.kind === "var" && p.selectors.length === 0 ? param(p.root.var) : null;
            if (j !== null && !out.has(j)) out.set(j, where);
          }
        }
      });
    }
    return out;
  }
}

function passesParam(a: Value, param: (v: number) => number | null): boolean {
  if (a.kind === "convert") return passesParam(a.value, param);
  return a.kind === "path" && a.path.selectors.length === 0 && a.path.root.kind === "var" && param(a.path.root.var) !== null;
}

/**
 * A write of the map variable `v` by `fn` (itself or through a callee) after the hand-off `call`, with no new map in
 * `v` and no join in between; or, the hand-off on a loop with `v` made before it, a write on that loop at or before
 * the call (the same call writes it again on the next turn).
 */
function writeAfter(pkg: PackageFacts, fn: IrFunction, block: number, call: Instr, v: number): MapAccess | null {
  const at = call.at;
  const positions = positionsOf(fn);
  const renewals: number[] = [];
  for (const b of fn.blocks) for (const instr of b.instrs) if (instr.op === "wait" || instr.op === "recv" || assignsVar(instr, v)) renewals.push(instr.at);
  const between = (from: number, to: number): boolean => renewals.some((r) => r > from && r < to);
  const writes: { a: MapAccess; at: number; block: number }[] = [];
  for (const a of pkg.accessSummaries().summaryOf(fn.id).accesses) {
    if ((a.kind !== "write" && a.kind !== "delete" && a.kind !== "clear") || a.path.root.kind !== "var" || a.path.root.var !== v || a.path.selectors.length > 0) continue;
    const p = positions.get(spanKey(a.chain[0]?.span ?? a.origin.span));
    if (p) writes.push({ a, ...p });
  }
  for (const w of writes) if (w.at > at && !between(at, w.at)) return w.a;
  const loop = innermostLoop(fn, block);
  const decl = fn.vars[v];
  if (!loop || !decl || (decl.at >= loop.start && decl.at < loop.end)) return null;
  for (const w of writes) {
    if (!loop.blocks.has(w.block) || w.at > at) continue;
    if (between(loop.start - 1, w.at) || between(at, loop.end)) continue;
    return w.a;
  }
  return null;
}

const positionsMemo = new WeakMap<IrFunction, Map<string, { at: number; block: number }>>();

function positionsOf(fn: IrFunction): Map<string, { at: number; block: number }> {
  let known = positionsMemo.get(fn);
  if (!known) {
    known = new Map();
    for (const b of fn.blocks) for (const instr of b.instrs) known.set(spanKey(instr.span), { at: instr.at, block: b.id });
    positionsMemo.set(fn, known);
  }
  return known;
}
