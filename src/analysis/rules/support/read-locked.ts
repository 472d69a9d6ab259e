// The locks held at an instruction as the lock rules read them: the flow
// layer's must-held set, each with the lock instruction that took it and
// whether it locks a copy (a mutex inside a value receiver or parameter).
// A function literal run in place (sort.Slice's less, a literal called
// directly or kept in a variable) also holds what its creator holds where it
// is written; a deferred literal holds what a `defer` releases at return; a
// goroutine or a callback run later (`g.Go`, `time.AfterFunc`, a handler)
// holds nothing of its creator's. A lock counts only where the block that
// took it dominates the instruction: one taken in each arm of an `if` ends
// with its arm, as the lock rules have always read it.
import { cfgOf } from "../../flow/cfg.js";
import { type DomTree, dominates, dominators } from "../../flow/dominators.js";
import { locksHeld, type LocksHeld } from "../../flow/locks-held.js";
import type { Callee, Instr, IrFunction, Path, Value } from "../../lower/ir.js";

export interface HeldLockAt {
  key: string;
  /** Over the vars of `fn`. */
  mutex: Path;
  mode: "read" | "write";
  /** The lock instruction; null when the function's caller holds it. */
  lockedAt: Instr | null;
  copy: boolean;
  /** The function the lock is taken in: the literal itself, or a function enclosing it. */
  fn: IrFunction;
}

const LATER_CALLEES: ReadonlySet<string> = new Set(["Go", "TryGo", "AfterFunc", "HandleFunc", "Handle", "HandlerFunc"]);

export class HeldLocks {
  private readonly solved = new Map<number, LocksHeld>();
  private readonly inherited = new Map<number, readonly HeldLockAt[]>();
  private sites: Map<number, { fn: IrFunction; instr: Instr }> | null = null;

  constructor(private readonly functions: readonly IrFunction[]) {}

  before(fn: IrFunction, instr: Instr): HeldLockAt[] {
    const flow = this.solve(fn).before(instr) ?? [];
    const own: HeldLockAt[] = [];
    for (const h of flow) {
      if (h.lockedAt && !this.dominatesInstr(fn, h.lockedAt, instr)) continue;
      own.push({ key: h.key, mutex: h.mutex, mode: h.mode, lockedAt: h.lockedAt, copy: locksCopy(fn, h.mutex), fn });
    }
    const outer = this.inheritedBy(fn);
    return outer.length === 0 ? own : [...outer, ...own];
  }

  private readonly blocks = new Map<number, { of: Map<Instr, number>; tree: DomTree }>();

  /** Whether `a`'s block dominates `b`'s (both of `fn`). */
  private dominatesInstr(fn: IrFunction, a: Instr, b: Instr): boolean {
    let facts = this.blocks.get(fn.id);
    if (!facts) {
      const of = new Map<Instr, number>();
      for (const block of fn.blocks) for (const x of block.instrs) of.set(x, block.id);
      facts = { of, tree: dominators(cfgOf(fn)) };
      this.blocks.set(fn.id, facts);
    }
    const [ba, bb] = [facts.of.get(a), facts.of.get(b)];
    return ba !== undefined && bb !== undefined && dominates(facts.tree, ba, bb);
  }

  private solve(fn: IrFunction): LocksHeld {
    let solved = this.solved.get(fn.id);
    if (!solved) {
      solved = locksHeld(fn, { functions: this.functions });
      this.solved.set(fn.id, solved);
    }
    return solved;
  }

  /** What a literal holds of its creator's locks when it starts. */
  private inheritedBy(fn: IrFunction): readonly HeldLockAt[] {
    if (fn.kind !== "closure") return [];
    let held = this.inherited.get(fn.id);
    if (held) return held;
    this.inherited.set(fn.id, []);
    held = [];
    const site = this.siteOf(fn.id);
    if (site) {
      const { instr } = site;
      const callee = instr.op === "call" || instr.op === "go" || instr.op === "defer" ? instr.call.callee : null;
      if (instr.op === "go") held = [];
      else if (instr.op === "defer" && callee?.kind === "closure" && callee.fn === fn.id) {
        const solved = this.solve(site.fn);
        held = this.before(site.fn, instr).filter((h) => h.fn !== site.fn || solved.deferredBefore(instr, h.key));
      } else if (callee && runsLater(callee)) held = [];
      else held = this.before(site.fn, instr);
    }
    this.inherited.set(fn.id, held);
    return held;
  }

  /** Where each literal is written: the instruction of its enclosing function that holds it. */
  private siteOf(closure: number): { fn: IrFunction; instr: Instr } | undefined {
    if (!this.sites) {
      const sites = new Map<number, { fn: IrFunction; instr: Instr }>();
      for (const fn of this.functions) {
        for (const block of fn.blocks) {
          for (const instr of block.instrs) for (const id of closuresOf(instr)) if (!sites.has(id)) sites.set(id, { fn, instr });
        }
      }
      this.sites = sites;
    }
    return this.sites.get(closure);
  }
}

function runsLater(callee: Callee): boolean {
  const name = callee.kind === "func" || callee.kind === "method" || callee.kind === "external" ? callee.name : null;
  return name !== null && LATER_CALLEES.has(name);
}

function closuresOf(instr: Instr): number[] {
  const out: number[] = [];
  const value = (v: Value): void => {
    if (v.kind === "closure") out.push(v.fn);
    else if (v.kind === "convert" || v.kind === "assert") value(v.value);
    else if (v.kind === "literal") {
      for (const f of v.fields) value(f.value);
      for (const e of v.elements) value(e);
    }
  };
  switch (instr.op) {
    case "call":
    case "go":
    case "defer":
      if (instr.call.callee.kind === "closure") out.push(instr.call.callee.fn);
      for (const a of instr.call.args) value(a);
      break;
    case "assign":
    case "send":
      value(instr.value);
      break;
    case "return":
      for (const v of instr.values) value(v);
      break;
    default:
      break;
  }
  return out;
}

/** A mutex reached through a value receiver or value parameter belongs to a copy of the caller's struct. */
export function locksCopy(fn: IrFunction, mutex: Path): boolean {
  if (mutex.root.kind !== "var") return false;
  const v = fn.vars[mutex.root.var];
  if (!v) return false;
  if (v.kind === "receiver") return fn.receiver !== null && !fn.receiver.pointer;
  if (v.kind === "param") return v.type !== null && v.type.kind === "named" && v.type.pkg === null;
  return false;
}

/** The read lock held at an instruction when no lock is held in write mode: the one taken last. */
export function onlyReadLocked(held: readonly HeldLockAt[]): HeldLockAt | null {
  if (held.some((h) => h.mode === "write")) return null;
  let last: HeldLockAt | null = null;
  for (const h of held) {
    if (h.mode !== "read" || h.copy || !h.lockedAt) continue;
    if (!last || (last.lockedAt && h.lockedAt.at > last.lockedAt.at)) last = h;
  }
  return last;
}
