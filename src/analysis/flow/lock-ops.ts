// What each instruction does to the locks, compiled once per function:
// `lock`/`unlock` instructions, `defer mu.Unlock()` and deferred closures
// that unlock (releases at return), calls a summary says lock or unlock, and
// the receive and send of a channel of capacity one used as a mutex.
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
  /** Whether `channel`, a path of `fn`, is a channel of capacity one (a binary semaphore when taken and given back). */
  semaphore?(fn: IrFunction, channel: Path): boolean;
}

/** How a function uses a channel of capacity one as a mutex: it takes the token by receiving it (the channel starts full) or by sending it. */
type SemaphoreRole = "recv-acquires" | "send-acquires";

export function compileLocks(fn: IrFunction, hooks: LockHooks): (readonly LockOp[] | null)[][] {
  const roles = hooks.semaphore ? semaphoreRoles(fn, hooks) : null;
  return fn.blocks.map((block) =>
    block.instrs.map((instr) => {
      const ops = opsOf(fn, instr, hooks, roles);
      return ops.length > 0 ? ops : null;
    }),
  );
}

function opsOf(fn: IrFunction, instr: Instr, hooks: LockHooks, roles: Map<string, SemaphoreRole> | null): LockOp[] {
  switch (instr.op) {
    case "recv":
    case "send": {
      const key = pathKey(instr.channel);
      const role = roles?.get(key);
      if (!role) return [];
      const acquires = (instr.op === "recv") === (role === "recv-acquires");
      return [{ op: acquires ? "acquire" : "release", key, mutex: instr.channel, mode: "write", instr }];
    }
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
      return deferredReleases(fn, instr.call, instr, hooks, roles).map((r) => ({ op: "defer", release: { ...r, key: pathKey(r.mutex), at: instr } }));
    default:
      return [];
  }
}

/** The mutexes a deferred call releases when the function returns. */
function deferredReleases(fn: IrFunction, call: Call, instr: Instr, hooks: LockHooks, roles: Map<string, SemaphoreRole> | null): { mutex: Path; mode: LockMode }[] {
  const callee = call.callee;
  if (callee.kind === "method" && call.args.length === 0 && (callee.name === "Unlock" || callee.name === "RUnlock")) {
    return [{ mutex: callee.recv, mode: callee.name === "Unlock" ? "write" : "read" }];
  }
  if (callee.kind === "closure") {
    const closure = hooks.functions?.[callee.fn];
    return closure ? [...closureUnlocks(fn, closure), ...closureGivesBack(fn, closure, roles)] : [];
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

/**
 * The channels of capacity one that `fn` uses as a mutex: it takes the token
 * (the first of its own receives and sends on the channel says which way) and
 * gives it back (the other operation, in its body or in a deferred closure).
 * A constructor that only fills the channel, or a function that only waits on
 * it, uses no mutex.
 */
function semaphoreRoles(fn: IrFunction, hooks: LockHooks): Map<string, SemaphoreRole> | null {
  let first: Map<string, "recv" | "send"> | null = null;
  const seen = new Map<string, Set<"recv" | "send">>();
  const note = (key: string, op: "recv" | "send"): void => {
    const ops = seen.get(key);
    if (ops) ops.add(op);
    else seen.set(key, new Set([op]));
  };
  for (const block of fn.blocks) {
    for (const instr of block.instrs) {
      if ((instr.op === "recv" || instr.op === "send") && hooks.semaphore?.(fn, instr.channel)) {
        const key = pathKey(instr.channel);
        first ??= new Map();
        if (!first.has(key)) first.set(key, instr.op);
        note(key, instr.op);
      } else if (instr.op === "defer" && instr.call.callee.kind === "closure") {
        const closure = hooks.functions?.[instr.call.callee.fn];
        for (const x of closure ? channelOps(fn, closure) : []) if (hooks.semaphore?.(fn, x.channel)) note(pathKey(x.channel), x.op);
      }
    }
  }
  if (!first) return null;
  const roles = new Map<string, SemaphoreRole>();
  for (const [key, op] of first) if (seen.get(key)?.size === 2) roles.set(key, op === "recv" ? "recv-acquires" : "send-acquires");
  return roles.size > 0 ? roles : null;
}

/** `defer func() { sem <- struct{}{} }()`: the token a deferred closure gives back at return. */
function closureGivesBack(fn: IrFunction, closure: IrFunction, roles: Map<string, SemaphoreRole> | null): { mutex: Path; mode: LockMode }[] {
  if (!roles) return [];
  const found: { mutex: Path; mode: LockMode }[] = [];
  for (const x of channelOps(fn, closure)) {
    const role = roles.get(pathKey(x.channel));
    if (role && (x.op === "send") === (role === "recv-acquires")) found.push({ mutex: x.channel, mode: "write" });
  }
  return found;
}

/** A closure's receives and sends, on channels it captures from `fn` or reaches through package variables. */
function channelOps(fn: IrFunction, closure: IrFunction): { op: "recv" | "send"; channel: Path }[] {
  const found: { op: "recv" | "send"; channel: Path }[] = [];
  for (const block of closure.blocks) {
    for (const instr of block.instrs) {
      if (instr.op !== "recv" && instr.op !== "send") continue;
      const channel = outerPath(fn, closure, instr.channel);
      if (channel) found.push({ op: instr.op, channel });
    }
  }
  return found;
}
