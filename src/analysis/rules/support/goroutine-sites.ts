// Goroutines and handlers as the race ports see them: where each starts (the
// `go`, `g.Go` or `time.AfterFunc` instruction, or a handler's name), the
// body it runs (a function literal, or the package function it names), the
// spawner's code that may run beside it, the loops that start it many times,
// and the points where the spawner waits for it.
import { cfgOf } from "../../flow/cfg.js";
import { dominates, dominators, postDominators } from "../../flow/dominators.js";
import type { Instr, IrFunction, Span, Value } from "../../lower/ir.js";
import type { PackageFacts } from "../../package-facts.js";
import { innermostLoop, type Loop } from "./cfg-loops.js";
import { reach } from "./range-loops.js";
import { bodyOf, handlers } from "./handler-bodies.js";
import { pathText } from "./source-text.js";
import { type Mention, mentionsOf, rootVar, varKey } from "./var-mentions.js";

export type { Loop };

export interface Goroutine {
  index: number;
  kind: "go" | "handler";
  /** The function holding the `go` (null for a handler). */
  spawner: IrFunction | null;
  /** The `go` instruction and its place. */
  instr: Extract<Instr, { op: "go" }> | null;
  block: number;
  at: number;
  /** The `go` statement (or `g.Go(...)` call), a handler's name, or a handler literal. */
  site: Span;
  path: string;
  /** The function the body starts in; null when the package does not hold it. */
  body: number | null;
  /** A literal body (its variables captured from the spawner), not a named function. */
  literal: boolean;
  args: readonly Value[];
  /** The innermost loop of the spawner around the `go`: each iteration starts another copy. */
  loop: Loop | null;
  /** Channels (as written) the body sends on or closes: a receive from one waits for it. */
  sendsOn: Set<string>;
  recovers: boolean;
}

/** A point where a body may wait for what it started. */
export interface Join {
  fn: IrFunction;
  block: number;
  /** Index in the block; -1 for the entry of the block a range over a channel leaves to. */
  index: number;
  at: number;
  kind: "wait" | "receive";
  channel: string | null;
}

export class GoroutineFacts {
  readonly goroutines: Goroutine[] = [];
  private readonly joinsByBody = new Map<number, Join[]>();

  constructor(private readonly pkg: PackageFacts) {
    this.collect();
  }

  /** The body a function runs in: itself when it runs on its own (a top-level function, a goroutine, a handler literal), else its parent's. */
  body(fnId: number): number {
    return bodyOf(this.pkg, fnId);
  }

  joinsOf(body: number): readonly Join[] {
    return this.joinsByBody.get(body) ?? [];
  }

  private collect(): void {
    const pkg = this.pkg;
    const found: Goroutine[] = [];
    for (const h of handlers(pkg)) {
      found.push({
        index: 0, kind: "handler", spawner: null, instr: null, block: 0, at: orderOf(h.fn), site: h.site, path: h.fn.path,
        body: h.fn.id, literal: !h.decl, args: [], loop: null, sendsOn: new Set(), recovers: false,
      });
    }
    // Sends, receives and waits matter only to a goroutine: a package that starts none (most) needs no walk for them.
    if (found.length === 0 && !pkg.ir.functions.some((fn) => fn.blocks.some((b) => b.instrs.some((x) => x.op === "go")))) return;
    const sends = new Map<number, Set<string>>();
    const recovers = new Set<number>();
    const addSend = (body: number, channel: string | null): void => {
      if (channel === null) return;
      const set = sends.get(body);
      if (set) set.add(channel);
      else sends.set(body, new Set([channel]));
    };
    for (const fn of pkg.ir.functions) {
      const body = this.body(fn.id);
      const add = (channel: string | null): void => addSend(body, channel);
      fn.blocks.forEach((block) => {
        block.instrs.forEach((instr, index) => {
          if (instr.op === "send") add(pathText(fn, instr.channel));
          if (instr.op === "call" && instr.call.callee.kind === "builtin") {
            if (instr.call.callee.name === "close" && instr.call.args[0]?.kind === "path") add(pathText(fn, instr.call.args[0].path));
            if (instr.call.callee.name === "recover") recovers.add(body);
          }
          if (instr.op === "wait") this.addJoin(body, { fn, block: block.id, index, at: instr.at, kind: "wait", channel: null });
          if (instr.op === "recv") this.addJoin(body, { fn, block: block.id, index, at: instr.at, kind: "receive", channel: pathText(fn, instr.channel) });
          if (instr.op === "access" && instr.kind === "range" && pkg.semantic.typeOf(fn, instr.path)?.kind === "chan") {
            const exit = rangeExit(fn, block.id);
            // The loop ends only once the channel is closed: the join lies at its end, after its body.
            const loop = exit === null || block.term.kind !== "jump" ? null : innermostLoop(fn, block.term.to);
            if (exit !== null && loop) this.addJoin(body, { fn, block: exit, index: -1, at: Math.max(loop.end, instr.at + 1), kind: "receive", channel: pathText(fn, instr.path) });
          }
          if (instr.op === "go") {
            const target = this.target(fn, block.id, index, instr);
            found.push({
              index: 0, kind: "go", spawner: fn, instr, block: block.id, at: instr.at, site: instr.span, path: fn.path,
              body: target, literal: target !== null && pkg.ir.functions[target]?.kind === "closure", args: instr.call.args,
              loop: innermostLoop(fn, block.id), sendsOn: new Set(), recovers: false,
            });
          }
        });
      });
    }
    const fileOrder = new Map(pkg.files.map((f, i) => [f.path, i]));
    found.sort((a, b) => (fileOrder.get(a.path) ?? 0) - (fileOrder.get(b.path) ?? 0) || a.at - b.at);
    found.forEach((g, i) => {
      g.index = i;
      if (g.body !== null) {
        g.sendsOn = sends.get(g.body) ?? new Set();
        g.recovers = recovers.has(g.body);
      }
      this.goroutines.push(g);
    });
  }

  private addJoin(body: number, j: Join): void {
    const list = this.joinsByBody.get(body);
    if (list) list.push(j);
    else this.joinsByBody.set(body, [j]);
  }

  private byName: Map<string, number[]> | null = null;

  private startedOnly: Map<string, Mention[]> | null = null;

  /**
   * Whether the local `go w(...)` calls is bound to a function literal once
   * (`w := func() {...}`) and used for nothing else — not called, reassigned
   * or passed on — so the literal is the body of this goroutine and nothing
   * else; otherwise the rule before the semantic layer does not take the literal as the body.
   */
  private onlyStartedWithGo(fn: IrFunction, callee: Extract<Instr, { op: "go" }>["call"]["callee"]): boolean {
    if (callee.kind !== "value" || callee.path.selectors.length > 0) return false;
    const ref = rootVar(this.pkg.ir, fn, callee.path);
    if (!ref) return false;
    if (!this.startedOnly) {
      const wanted = new Set<string>();
      for (const f of this.pkg.ir.functions)
        for (const b of f.blocks)
          for (const x of b.instrs)
            if (x.op === "go" && x.call.callee.kind === "value") {
              const r = rootVar(this.pkg.ir, f, x.call.callee.path);
              if (r) wanted.add(varKey(r));
            }
      this.startedOnly = mentionsOf(this.pkg.ir, wanted);
    }
    const mentions = this.startedOnly.get(varKey(ref)) ?? [];
    const [bound, started] = mentions;
    if (mentions.length !== 2 || !bound || !started) return false;
    const x = bound.instr;
    return x?.op === "assign" && x.define && x.value.kind === "closure" && started.instr?.op === "go" && started.instr.call.callee === callee;
  }

  /** The function a `go` runs: the literal (also through a local bound to it and only started), or the one package function it names. */
  private target(fn: IrFunction, block: number, index: number, instr: Extract<Instr, { op: "go" }>): number | null {
    if (instr.call.callee.kind === "value" && !this.onlyStartedWithGo(fn, instr.call.callee)) return null;
    const site = this.pkg.semantic.callGraph.site(fn.id, { block, index });
    const targets = [...new Set(site?.targets.map((t) => t.fn) ?? [])];
    if (targets.length === 1 && site?.how !== "interface") return targets[0] ?? null;
    const callee = instr.call.callee;
    const name = callee.kind === "method" ? callee.name : callee.kind === "func" ? callee.name : null;
    if (name === null) return null;
    const method = callee.kind === "method";
    if (!this.byName) {
      this.byName = new Map();
      for (const f of this.pkg.ir.functions) {
        if (f.kind === "closure") continue;
        const key = `${f.receiver !== null}:${f.name.slice(f.name.lastIndexOf(".") + 1)}`;
        const list = this.byName.get(key);
        if (list) list.push(f.id);
        else this.byName.set(key, [f.id]);
      }
    }
    const named = this.byName.get(`${method}:${name}`) ?? [];
    return named.length === 1 ? (named[0] ?? null) : null;
  }

  /** Whether `join` waits for `g`: any Wait, or a receive from a channel the body sends on or closes. */
  waitsFor(g: Goroutine, join: Join): boolean {
    return join.kind === "wait" || (join.channel !== null && g.sendsOn.has(join.channel));
  }

  /** Joins of `g` in its spawner's body after the `go`. */
  private readonly ownJoinsCache = new Map<Goroutine, Join[]>();

  ownJoins(g: Goroutine): Join[] {
    let joins = this.ownJoinsCache.get(g);
    if (!joins) this.ownJoinsCache.set(g, (joins = this.findOwnJoins(g)));
    return joins;
  }

  private findOwnJoins(g: Goroutine): Join[] {
    if (!g.spawner) return [];
    return this.joinsOf(this.body(g.spawner.id)).filter((j) => j.at >= g.at && j.fn.path === g.path && this.waitsFor(g, j) && !(j.fn.id === g.spawner?.id && j.block === g.block && j.index === -1));
  }

  /**
   * Whether the join follows the `go` in the spawn's own block: every path
   * from the `go` passes it (it post-dominates the `go`), as a `wg.Wait()`
   * later in a loop body does for the code after the loop.
   */
  joinsOwnBlock(g: Goroutine, j: Join): boolean {
    const fn = g.spawner;
    if (!fn || j.fn.id !== fn.id || j.at < g.at) return false;
    if (j.block === g.block) return true;
    return dominates(postDomTree(fn), j.block, g.block);
  }

  /**
   * Whether every path from the `go` to the point (block, index) of the
   * spawner passes the join: a `wg.Wait()` later in a loop body joins for the
   * code after the loop even when a path between them panics or returns
   * (`t.Fatalf`), since such a path never reaches the point.
   */
  joinedOnEveryPath(g: Goroutine, j: Join, fn: IrFunction, block: number, index: number): boolean {
    if (!g.spawner || g.spawner.id !== fn.id || j.fn.id !== fn.id || j.at < g.at) return false;
    if (block === g.block) return false;
    if (j.block === block && j.index > index) return false;
    const cfg = cfgOf(fn);
    return !reach(cfg, cfg.succs[g.block] ?? [], (b) => b !== j.block).has(block);
  }

  /** Whether the join runs before the point (fn, block, index) on every path: it dominates it within one function. */
  joinedBefore(j: Join, fn: IrFunction, block: number, index: number, at: number): boolean {
    if (j.fn.id !== fn.id) return j.at < at;
    if (j.block === block) return j.index < index;
    return dominates(domTree(fn), j.block, block);
  }
}

const domCache = new WeakMap<IrFunction, ReturnType<typeof dominators>>();
function domTree(fn: IrFunction): ReturnType<typeof dominators> {
  let tree = domCache.get(fn);
  if (!tree) domCache.set(fn, (tree = dominators(cfgOf(fn))));
  return tree;
}

/** Where a handler stands among the goroutines of its file: just before its first instruction (it is found at its declaration). */
const postDomCache = new WeakMap<IrFunction, ReturnType<typeof postDominators>>();
function postDomTree(fn: IrFunction): ReturnType<typeof postDominators> {
  let tree = postDomCache.get(fn);
  if (!tree) postDomCache.set(fn, (tree = postDominators(cfgOf(fn))));
  return tree;
}

function orderOf(fn: IrFunction): number {
  const first = fn.blocks[0]?.instrs[0];
  return first ? first.at - 1 : 0;
}

/** For a `range` access just before a range loop: the block the loop leaves to. */
function rangeExit(fn: IrFunction, block: number): number | null {
  const term = fn.blocks[block]?.term;
  if (term?.kind !== "jump") return null;
  const head = fn.blocks[term.to];
  if (!head || head.term.kind !== "switch" || !head.label.startsWith("range")) return null;
  return head.term.to[head.term.to.length - 1] ?? null;
}
