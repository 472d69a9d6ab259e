// What each instruction does to the locks, compiled once per function:
// `lock`/`unlock` instructions, `defer mu.Unlock()` and deferred closures
// that unlock (releases at return), and calls a summary says lock or unlock.
import type { Call, Instr, IrFunction, Path } from "../lower/ir.js";
import type { DeferredRelease, LockMode } from "./lock-facts.js";
import { pathKey } from "./path-key.js";

export type LockOp =
  | { op: "acquire"; key: string; mutex: Path; mode: LockMode; instr: Instr }
  | { op: "release"; key: string; mutex: Path; mode: LockMode; instr: Instr }
  | { op: "defer"; release: DeferredRelease };

/** What a call does to locks, when a summary knows (`c.lockAndGet()`, `c.unlock()`). */
export interface CallLocks {
  acquires?: readonly { mutex: Path; mode: LockMode }[];
  releases?: readonly { mutex: Path; mode: LockMode }[];
}

export interface LockHooks {
  /** The lock effect of a call (also of a deferred call: its releases then happen at return); null or absent: none. */
  callLocks?(call: Call, instr: Instr): CallLocks | null;
  /** The package's functions, to read the closures a `defer func() { ... }()` runs. */
  functions?: readonly IrFunction[];
}

export function compileLocks(fn: IrFunction, hooks: LockHooks): (readonly LockOp[] | null)[][] {
  return fn.blocks.map((block) =>
    block.instrs.map((instr) => {
      const ops = opsOf(fn, instr, hooks);
      return ops.length > 0 ? ops : null;
    }),
  );
}

function opsOf(fn: IrFunction, instr: Instr, hooks: LockHooks): LockOp[] {
  switch (instr.op) {
    case "lock":
    case "unlock":
      return [{ op: instr.op === "lock" ? "acquire" : "release", key: pathKey(instr.mutex), mutex: instr.mutex, mode: instr.mode, instr }];
    case "call": {
      const effect = hooks.callLocks?.(instr.call, instr);
      if (!effect) return [];
      const ops: LockOp[] = [];
      for (const r of effect.releases ?? []) ops.push({ op: "release", key: pathKey(r.mutex), mutex: r.mutex, mode: r.mode, instr });
      for (const a of effect.acquires ?? []) ops.push({ op: "acquire", key: pathKey(a.mutex), mutex: a.mutex, mode: a.mode, instr });
      return ops;
    }
    case "defer":
      return deferredReleases(fn, instr.call, instr, hooks).map((r) => ({ op: "defer", release: { ...r, key: pathKey(r.mutex), at: instr } }));
    default:
      return [];
  }
}

/** The mutexes a deferred call releases when the function returns. */
function deferredReleases(fn: IrFunction, call: Call, instr: Instr, hooks: LockHooks): { mutex: Path; mode: LockMode }[] {
  const callee = call.callee;
  if (callee.kind === "method" && call.args.length === 0 && (callee.name === "Unlock" || callee.name === "RUnlock")) {
    return [{ mutex: callee.recv, mode: callee.name === "Unlock" ? "write" : "read" }];
  }
  if (callee.kind === "closure") {
    const closure = hooks.functions?.[callee.fn];
    return closure ? closureUnlocks(fn, closure) : [];
  }
  return [...(hooks.callLocks?.(call, instr)?.releases ?? [])];
}

/**
 * `defer func() { ...; mu.Unlock() }()`: the unlocks anywhere in the literal,
 * on the mutexes it captures from `fn` or reaches through package variables.
 * An unlock on one of its paths only still counts: deferred cleanup that
 * unlocks conditionally is rare, and it is the lock's owner either way.
 */
function closureUnlocks(fn: IrFunction, closure: IrFunction): { mutex: Path; mode: LockMode }[] {
  const found: { mutex: Path; mode: LockMode }[] = [];
  for (const block of closure.blocks) {
    for (const instr of block.instrs) {
      if (instr.op !== "unlock") continue;
      const mutex = outerPath(fn, closure, instr.mutex);
      if (mutex) found.push({ mutex, mode: instr.mode });
    }
  }
  return found;
}

/** A closure's path in the terms of `fn`: its captured variables become `fn`'s own. */
function outerPath(fn: IrFunction, closure: IrFunction, path: Path): Path | null {
  if (path.root.kind !== "var") return path;
  const outer = closure.vars[path.root.var]?.outer;
  if (!outer) return null;
  if (outer.fn === fn.id) return { ...path, root: { kind: "var", var: outer.var } };
  // Both are closures capturing the same variable of a function further out.
  const same = fn.vars.find((v) => v.outer?.fn === outer.fn && v.outer.var === outer.var);
  return same ? { ...path, root: { kind: "var", var: same.id } } : null;
}
