// Contexts started by instructions: every `go`, `g.Go`, `wg.Go` and
// `time.AfterFunc`, with the functions the call graph says they start. A
// func value traced back to a parameter of its spawner becomes one
// "callback" context per call of the spawner that hands functions over.
import type { Call, IrFunction, PackageIr } from "../lower/ir.js";
import type { InstrRef } from "../semantic/call-graph.js";
import type { SemanticModel } from "../semantic/semantic-model.js";
import { handedFunctions, startedParam } from "./callback-args.js";
import type { ExecutionContext, SpawnSite } from "./context-types.js";
import { placeOf } from "./describe.js";
import { pathKey } from "./path-keys.js";

/** A context started by an instruction, with what the join analysis needs. */
export interface Spawned {
  context: ExecutionContext;
  call: Call;
  /** The group a `g.Go`/`wg.Go` starts in, as a path key of the spawner. */
  group: string | null;
}

export function spawnContexts(ir: PackageIr, semantic: SemanticModel, nextId: () => number): Spawned[] {
  const out: Spawned[] = [];
  for (const fn of ir.functions) {
    fn.blocks.forEach((block, b) => {
      block.instrs.forEach((instr, index) => {
        if (instr.op !== "go") return;
        const ref: InstrRef = { block: b, index };
        const spawn: SpawnSite = { fn: fn.id, block: b, index, span: instr.span };
        const targets = semantic.callGraph.callees(fn.id, ref);
        const kind = instr.spawn;
        const group = instr.group ? pathKey(ir, fn, instr.group) : null;
        const where = placeOf(ir, fn.id, instr.span);
        const attributed = new Set<number>();
        for (const cb of callbackContexts(ir, semantic, fn, instr.call, targets)) {
          for (const r of cb.roots) attributed.add(r);
          const why = `callback handed to ${fn.name} at ${placeOf(ir, cb.via.fn, cb.via.span)}, started at ${where}`;
          out.push({ context: context(nextId(), "callback", cb.roots, spawn, cb.via, why), call: instr.call, group });
        }
        const rest = targets.filter((t) => !attributed.has(t));
        if (rest.length > 0 || attributed.size === 0) {
          const noun = kind === "go" ? "goroutine" : kind === "timer" ? "timer callback" : "group goroutine";
          out.push({ context: context(nextId(), kind === "go" ? "go" : kind, rest, spawn, null, `${noun} started at ${where}`), call: instr.call, group });
        }
      });
    });
  }
  return out;
}

function context(id: number, kind: ExecutionContext["kind"], roots: number[], spawn: SpawnSite, via: SpawnSite | null, why: string): ExecutionContext {
  return { id, kind, roots, spawn, via, selfConcurrent: false, why };
}

/** The calls of `spawner` that hand it the functions its `go` starts. */
function callbackContexts(ir: PackageIr, semantic: SemanticModel, spawner: IrFunction, call: Call, targets: readonly number[]): { roots: number[]; via: SpawnSite }[] {
  if (call.callee.kind !== "value") return [];
  const param = startedParam(spawner, call.callee.path);
  if (param === null) return [];
  const started = new Set(targets);
  const out: { roots: number[]; via: SpawnSite }[] = [];
  for (const site of semantic.callGraph.callersOf(spawner.id)) {
    if (site.op !== "call") continue;
    const caller = ir.functions[site.fn];
    const instr = caller?.blocks[site.block]?.instrs[site.index];
    if (!caller || !instr || instr.op !== "call") continue;
    const handed = handedFunctions(semantic, caller, instr.call.args[param]).filter((f) => started.has(f));
    if (handed.length > 0) out.push({ roots: [...new Set(handed)], via: { fn: site.fn, block: site.block, index: site.index, span: site.span } });
  }
  return out;
}
