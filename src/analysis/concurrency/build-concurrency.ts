// Concurrency contexts of one package: every body that may run concurrently
// with other code — started goroutines, timer and group callbacks, callbacks
// started by a helper, request handlers, and the methods of types that lock
// their own mutex — with what each runs and which run with themselves.
import type { PackageIr } from "../lower/ir.js";
import type { SemanticModel } from "../semantic/semantic-model.js";
import type { Concurrency, ExecutionContext } from "./context-types.js";
import { placeOf } from "./describe.js";
import { isHandlerFunction, registrations } from "./handler-registrations.js";
import { lockingTypes } from "./locking-types.js";
import { PackageConcurrency } from "./package-concurrency.js";
import { synchronousCallees } from "./reach.js";
import { markSelfConcurrent } from "./self-concurrency.js";
import { spawnContexts, type Spawned } from "./spawn-contexts.js";

export function buildConcurrency(pkg: { ir: PackageIr; semantic: SemanticModel }): Concurrency {
  const { ir, semantic } = pkg;
  const contexts: ExecutionContext[] = [];
  // Ids are positions in `contexts`: every producer draws from one counter, in push order.
  let count = 0;
  const nextId = (): number => count++;
  const spawned = new Map<number, Spawned>();
  for (const s of spawnContexts(ir, semantic, nextId)) {
    spawned.set(s.context.id, s);
    contexts.push(s.context);
  }
  for (const c of handlerContexts(ir, semantic, nextId)) contexts.push(c);
  for (const t of lockingTypes(ir)) {
    const locking = t.locking.map((m) => ir.functions[m].name).join(", ");
    contexts.push({ id: nextId(), kind: "concurrent-methods", roots: t.methods, spawn: null, via: null, selfConcurrent: false, why: `methods of ${t.type} (${locking} takes its mutex)` });
  }
  const succ = synchronousCallees(semantic.callGraph);
  const q = new PackageConcurrency(ir, semantic, contexts, spawned, succ);
  markSelfConcurrent(ir, semantic.callGraph, contexts, (id) => q.reachable(id), (id) => q.spawnerSide(id)?.continuations[0]?.leaksNormally !== false);
  return q;
}

/** One context per handler: found by signature, or registered with a server. */
function handlerContexts(ir: PackageIr, semantic: SemanticModel, nextId: () => number): ExecutionContext[] {
  const registered = registrations(semantic.callGraph.callbackEscapes);
  const out: ExecutionContext[] = [];
  for (const fn of ir.functions) {
    const reg = registered.get(fn.id);
    if (!reg && !isHandlerFunction(fn)) continue;
    const spawn = reg ? { fn: reg.fn, block: reg.block, index: reg.index, span: reg.span } : null;
    const why = reg ? `handler ${fn.name} registered with ${reg.callee} at ${placeOf(ir, reg.fn, reg.span)}` : `handler ${fn.name} (request handler signature)`;
    out.push({ id: nextId(), kind: "handler", roots: [fn.id], spawn, via: null, selfConcurrent: false, why });
  }
  return out;
}
