// map-sent-then-mutated: a map (a variable, a map
// field, or one placed in a composite value) sent on a channel, or passed to
// a goroutine whose body the package does not hold, then written by the
// sender: after the hand-off, or earlier in the next iteration of the loop
// that hands it over (flow/loops over the CFG).
import type { Instr, IrFunction, Path } from "../lower/ir.js";
import type { PackageFacts } from "../package-facts.js";
import type { Finding } from "../types.js";
import { makeFinding, type Rule } from "./support/rule.js";
import { innermostLoop } from "./support/cfg-loops.js";
import { bodyOf } from "./support/handler-bodies.js";
import { locationOf } from "./support/line-text.js";
import { type AccessSite, mapAccessSites, originOf, topLevelOf } from "./support/map-access-sites.js";
import { type HandOff, mapHandOffs } from "./support/map-hand-offs.js";
import { type CallHandOff, callHandOffs } from "./support/call-hand-offs.js";
import { pathText } from "./support/source-text.js";

const messages = {
  send: "`{name}` was sent on `{channel}` at line {line} and is written here afterwards: sending a map shares it, so the receiver and this code use one table at the same time. Send a copy, or hand the map over for good and make a new one here.",
  goArg:
    "`{name}` was passed to the goroutine started at line {line} and is written here afterwards: both share one table while the goroutine runs. Pass a copy, or hand the map over for good and make a new one here.",
  callSend:
    "`{name}` is handed here to `{callee}`, which sends it on a channel (line {sendLine} of {sendFile}), and it is written again after that, {when}: sending a map shares it, so the receiver and this code use one table at the same time. Hand over a copy each time, or make a new map for each hand-off.",
  sentHere: "`{name}` is sent here",
  sentByCallee: "the map handed over is sent here",
  writtenAfter: "the map handed over (`{name}` in the caller) is written here afterwards",
  passedHere: "`{name}` is handed to a goroutine here",
} as const;

export type MapSentThenMutatedMessage = keyof typeof messages;

export const mapSentThenMutated: Rule<MapSentThenMutatedMessage> = {
  id: "map-sent-then-mutated",
  meta: {
    id: "map-sent-then-mutated",
    severity: "warning",
    summary: "A map sent on a channel or passed to a goroutine, then written by the sender.",
  },
  messages,
  check(pkg) {
    const handOffs = mapHandOffs(pkg);
    const findings = new Map<string, Finding>();
    if (handOffs.length > 0) {
      const ctx = new Context(pkg);
      for (const h of handOffs) {
        const write = ctx.writeAfter(h);
        const key = write ? `${write.fn.path}:${write.instr.stmt.line}:${h.map.key}` : "";
        if (write && !findings.has(key)) findings.set(key, report(pkg, h, write));
      }
    }
    // Maps handed to a callee that sends them on, written again by the caller (support/call-hand-offs.ts). A write the
    // callee makes after its own send is reported there already.
    const told = new Set([...findings.values()].map((f) => `${f.location.path}:${f.location.startLine}`));
    for (const h of callHandOffs(pkg)) {
      const key = `${h.fn.path}:${h.call.stmt.line}:${h.map.key}`;
      const w = h.write.origin;
      if (!findings.has(key) && !told.has(`${w.path}:${w.stmt.line}`)) findings.set(key, reportCallHandOff(pkg, h));
    }
    return [...findings.values()];
  },
};

/** The value a map field is reached through, as one identity (`s` of this function); "" for a variable. */
function baseKey(fn: IrFunction, path: Path): string {
  if (path.selectors.length === 0) return "";
  const root = path.root.kind === "var" ? `v${path.root.var}` : path.root.kind === "package" ? `p${path.root.name}` : "x";
  return `${root}${path.selectors.slice(0, -1).map((s) => (s.kind === "field" ? `.${s.name}` : "?")).join("")}`;
}

interface Event {
  at: number;
  fn: IrFunction;
  block: number;
  kind: "write" | "renew" | "join";
  site?: AccessSite;
}

class Context {
  private readonly sitesByMap = new Map<string, AccessSite[]>();

  constructor(private readonly pkg: PackageFacts) {
    for (const s of mapAccessSites(pkg)) {
      const list = this.sitesByMap.get(s.map.key);
      if (list) list.push(s);
      else this.sitesByMap.set(s.map.key, [s]);
    }
  }

  body(fnId: number): number {
    return bodyOf(this.pkg, fnId);
  }

  private byBody: Map<number, { fn: IrFunction; block: number; instr: Instr }[]> | null = null;

  /** Joins, assignments and calls of each body, indexed once per package. */
  private bodyInstrs(body: number): readonly { fn: IrFunction; block: number; instr: Instr }[] {
    if (!this.byBody) {
      this.byBody = new Map();
      for (const fn of this.pkg.ir.functions) {
        const b = this.body(fn.id);
        for (const block of fn.blocks) {
          for (const instr of block.instrs) {
            if (instr.op !== "wait" && instr.op !== "recv" && instr.op !== "assign" && instr.op !== "call") continue;
            const list = this.byBody.get(b);
            if (list) list.push({ fn, block: block.id, instr });
            else this.byBody.set(b, [{ fn, block: block.id, instr }]);
          }
        }
      }
    }
    return this.byBody.get(body) ?? [];
  }

  /** Writes of the handed-over map, its renewals and the joins, in the same body as the hand-off, in source order. */
  private events(h: HandOff): Event[] {
    const body = this.body(h.fn.id);
    const base = baseKey(h.fn, h.path);
    const out: Event[] = [];
    for (const s of this.sitesByMap.get(h.map.key) ?? []) {
      if (s.access !== "write" || s.fn.path !== h.fn.path || this.body(s.fn.id) !== body) continue;
      if (!this.sameBase(h, s.fn, s.map.base)) continue;
      out.push({ at: s.instr.at, fn: s.fn, block: s.block, kind: "write", site: s });
    }
    for (const { fn, block, instr } of this.bodyInstrs(body)) {
      if (instr.op === "wait" || instr.op === "recv") out.push({ at: instr.at, fn, block, kind: "join" });
      else if (instr.op === "assign" && !instr.define && instr.targets.some((t) => t && this.isMap(h, fn, t, base))) {
        out.push({ at: instr.at, fn, block, kind: "renew" });
      } else if (instr.op === "call" && instr.results.some((t) => t && this.isMap(h, fn, t, base))) {
        out.push({ at: instr.at, fn, block, kind: "renew" });
      }
    }
    return out.sort((a, b) => a.at - b.at);
  }

  private isMap(h: HandOff, fn: IrFunction, target: Path, base: string): boolean {
    if (target.selectors.some((s) => s.kind !== "field")) return false;
    const last = target.selectors[target.selectors.length - 1];
    if (h.map.kind === "field") return last?.kind === "field" && last.name === h.map.name && fn.id === h.fn.id && baseKey(fn, target) === base;
    if (target.selectors.length > 0) return false;
    if (h.map.kind === "package") return target.root.kind === "package" && target.root.name === h.map.name;
    if (target.root.kind !== "var" || !h.map.origin) return false;
    const o = originOf(this.pkg, fn.id, target.root.var);
    return o.fn === h.map.origin.fn && o.var === h.map.origin.var;
  }

  /** A map field is the one handed over only when reached through the same value (`s.attrs`, not `o.attrs`). */
  private sameBase(h: HandOff, fn: IrFunction, base: Path | null): boolean {
    if (h.map.kind !== "field") return true;
    const handed = h.map.base;
    if (!base || !handed || base.root.kind !== "var" || handed.root.kind !== "var") return false;
    const a = originOf(this.pkg, fn.id, base.root.var);
    const b = originOf(this.pkg, h.fn.id, handed.root.var);
    return a.fn === b.fn && a.var === b.var && pathText(fn, base) !== null && selectorsText(base) === selectorsText(handed);
  }

  /**
   * The function literal deferred in the hand-off's body that holds it, or
   * null: a deferred literal runs when the function returns, after every
   * write of the body around it.
   */
  private deferredHolder(fn: IrFunction): IrFunction | null {
    const body = this.body(fn.id);
    for (let f: IrFunction | undefined = fn, hops = 0; f && f.id !== body && f.parent !== null && hops < 64; f = this.pkg.ir.functions[f.parent], hops++) {
      const parent = this.pkg.ir.functions[f.parent];
      const id = f.id;
      const deferred = parent?.blocks.some((b) => b.instrs.some((i) => i.op === "defer" && i.call.callee.kind === "closure" && i.call.callee.fn === id));
      if (deferred) return f;
    }
    return null;
  }

  /** Whether `fn` is `outer` or a literal inside it. */
  private within(fn: IrFunction, outer: IrFunction): boolean {
    for (let f: IrFunction | undefined = fn, hops = 0; f && hops < 64; f = f.parent === null ? undefined : this.pkg.ir.functions[f.parent], hops++) {
      if (f.id === outer.id) return true;
    }
    return false;
  }

  writeAfter(h: HandOff): AccessSite | null {
    const deferred = this.deferredHolder(h.fn);
    // A deferred literal hands the map over at return: only its own later writes come after.
    const events = deferred ? this.events(h).filter((e) => this.within(e.fn, deferred)) : this.events(h);
    const at = h.instr.at;
    const between = (from: number, to: number, kinds: Event["kind"][]) => events.some((e) => kinds.includes(e.kind) && e.at > from && e.at < to);
    for (const e of events) {
      if (e.kind !== "write" || e.at <= at) continue;
      return between(at, e.at, ["renew", "join"]) ? null : (e.site ?? null);
    }
    const loop = innermostLoop(h.fn, h.block);
    if (!loop || h.map.kind !== "variable" || !h.map.origin) return null;
    if (topLevelOf(this.pkg, h.map.origin.fn) !== topLevelOf(this.pkg, h.fn.id)) return null;
    const v = this.pkg.ir.functions[h.map.origin.fn]?.vars[h.map.origin.var];
    if (v && v.at >= loop.start && v.at < loop.end) return null;
    for (const e of events) {
      if (e.kind !== "write" || e.fn.id !== h.fn.id || !loop.blocks.has(e.block) || e.at >= at) continue;
      if (between(loop.start - 1, e.at, ["renew", "join"]) || between(at, loop.end, ["renew", "join"])) return null;
      return e.site ?? null;
    }
    return null;
  }
}

const selectorsText = (p: Path): string => p.selectors.map((s) => (s.kind === "field" ? `.${s.name}` : "[]")).join("");

function report(pkg: PackageFacts, h: HandOff, write: AccessSite): Finding {
  const base = h.map.kind === "field" ? pathText(h.fn, { root: h.path.root, selectors: h.path.selectors.slice(0, -1) }) : null;
  const name = base ? `${base}.${h.map.name}` : h.map.name;
  const channel = h.channel ?? "the channel";
  const location = locationOf(h.fn.path, h.location);
  return makeFinding(mapSentThenMutated, pkg, {
    messageId: h.kind === "send" ? "send" : "goArg",
    params: { name, channel, line: location.startLine },
    subject: name,
    location: locationOf(write.fn.path, write.instr.stmt),
    related: [{ location, messageId: h.kind === "send" ? "sentHere" : "passedHere" }],
  });
}

function reportCallHandOff(pkg: PackageFacts, h: CallHandOff): Finding {
  const sendFn = pkg.ir.functions[h.send.fn];
  const sendPath = sendFn?.path ?? h.fn.path;
  const w = h.write.origin;
  const hop = h.write.chain[0];
  const sameCall = hop !== undefined && hop.span.line === h.call.span.line && hop.span.column === h.call.span.column;
  const line = (hop?.span ?? w.span).line;
  const when = sameCall ? "by this same call on the next turn of the loop" : line < h.call.span.line ? `on the next turn of the loop, at line ${line}` : `at line ${line}`;
  return makeFinding(mapSentThenMutated, pkg, {
    messageId: "callSend",
    params: {
      name: h.map.name,
      callee: calleeText(h.fn, h.call) ?? "the callee",
      sendLine: h.send.span.line,
      sendFile: sendPath.slice(sendPath.lastIndexOf("/") + 1),
      when,
    },
    subject: h.map.name,
    location: locationOf(h.fn.path, h.call.stmt),
    related: [
      { location: locationOf(w.path, w.stmt), messageId: "writtenAfter" },
      { location: locationOf(sendPath, h.send.span), messageId: "sentByCallee" },
    ],
  });
}

/** The called function as written: `t.handler.Handle`, `send`. */
function calleeText(fn: IrFunction, instr: Instr): string | null {
  if (instr.op !== "call") return null;
  const c = instr.call.callee;
  if (c.kind === "func") return c.name;
  if (c.kind === "method") {
    const recv = pathText(fn, c.recv);
    return recv === null ? null : `${recv}.${c.name}`;
  }
  return c.kind === "value" ? pathText(fn, c.path) : null;
}
