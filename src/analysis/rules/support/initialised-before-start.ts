// A hand-rolled once: a function that returns at once when a flag of its
// receiver (or a package flag) is set, and sets it itself (`if e.initialized
// { return nil } ... e.initialized = true`, x/tools' ProcessEnv.init). When
// the spawner calls it before the `go` statement, on every path to it, the
// goroutines that call it again find the flag set and return before touching
// anything: the accesses below the flag are the spawner's, done before the
// goroutines started (the `go` statement orders them first).
import { cfgOf } from "../../flow/cfg.js";
import { dominates, dominators, type DomTree } from "../../flow/dominators.js";
import { pathKey } from "../../flow/path-key.js";
import type { IrFunction } from "../../lower/ir.js";
import type { PackageFacts } from "../../package-facts.js";
import type { ExecutionContext } from "../../concurrency/context-types.js";
import { reachableFrom, synchronousCallees } from "../../concurrency/reach.js";

export class InitialisedBeforeStart {
  private guarded: Set<number> | null = null;
  private succ: number[][] | null = null;
  private readonly calledBefore = new Map<number, Set<number>>();
  private readonly doms = new Map<number, DomTree>();

  constructor(private readonly pkg: PackageFacts) {}

  /** Whether one of `fns` (the functions an access goes through) is a flag-guarded initialiser the context's spawner ran before starting it. */
  covers(context: ExecutionContext, fns: readonly number[]): boolean {
    const guarded = this.guardedInitialisers();
    if (guarded.size === 0 || !context.spawn || context.via !== null) return false;
    const inits = fns.filter((f) => guarded.has(f));
    if (inits.length === 0) return false;
    const before = this.calledBeforeStart(context);
    return inits.some((f) => before.has(f));
  }

  private guardedInitialisers(): Set<number> {
    if (!this.guarded) {
      this.guarded = new Set();
      for (const fn of this.pkg.ir.functions) if (isFlagGuarded(fn)) this.guarded.add(fn.id);
    }
    return this.guarded;
  }

  /** Functions the spawner's calls on every path to the start instruction run (transitively). */
  private calledBeforeStart(context: ExecutionContext): Set<number> {
    let found = this.calledBefore.get(context.id);
    if (found) return found;
    const spawn = context.spawn;
    const fn = spawn ? this.pkg.ir.functions[spawn.fn] : undefined;
    const graph = this.pkg.semantic.callGraph;
    const starts: number[] = [];
    if (spawn && fn) {
      let dom = this.doms.get(fn.id);
      if (!dom) this.doms.set(fn.id, (dom = dominators(cfgOf(fn))));
      for (const b of fn.blocks) {
        if (b.id !== spawn.block && !dominates(dom, b.id, spawn.block)) continue;
        b.instrs.forEach((instr, index) => {
          if (instr.op === "call" && (b.id !== spawn.block || index < spawn.index)) starts.push(...graph.callees(fn.id, { block: b.id, index }));
        });
      }
    }
    this.succ ??= synchronousCallees(graph);
    found = starts.length > 0 ? reachableFrom(starts, this.succ) : new Set();
    this.calledBefore.set(context.id, found);
    return found;
  }
}

/** The entry block returns at once when a flag is set, and the function sets that flag. */
function isFlagGuarded(fn: IrFunction): boolean {
  const entry = fn.blocks[0];
  const t = entry?.term;
  if (t?.kind !== "branch" || t.cond.kind !== "bool") return false;
  const flag = t.cond.path;
  const root = flag.root;
  if (flag.truncated || flag.selectors.some((s) => s.kind === "index")) return false;
  if (!(root.kind === "package" || (root.kind === "var" && flag.selectors.length > 0 && fn.vars[root.var]?.kind === "receiver"))) return false;
  const whenSet = fn.blocks[t.cond.negated ? t.else : t.then];
  if (!whenSet || whenSet.term.kind !== "return" || whenSet.instrs.some((x) => x.op !== "return")) return false;
  const key = pathKey(flag);
  return fn.blocks.some((b) => b.instrs.some((x) => x.op === "assign" && x.value.kind === "const" && x.targets.length === 1 && x.targets[0] !== null && pathKey(x.targets[0]) === key));
}
