// What the summaries of a call's callees (and decoding) do to the caller's
// paths right after the call: results nil or not, fields of results left
// nil, fields of arguments initialised, decoded maps maybe-nil. Each effect
// remembers where it came from, so an origin at the call can be explained
// as the callee's own.
import type { Instr, IrFunction, Path } from "../../lower/ir.js";
import { MAX_PATH_DEPTH } from "../../lower/ir.js";
import type { SemanticModel } from "../../semantic/semantic-model.js";
import type { AfterEffect, AfterFact } from "./instantiate-calls.js";
import { decodedMaps, decodeTargets } from "./decode-calls.js";
import type { FunctionNilSummary, ResultNil, SummaryOrigin } from "./nil-summary-types.js";
import { substitute } from "./summary-paths.js";
import { collectionKey, elementRead, type StoredElements } from "./stored-elements.js";

/** Why a call's synthetic effects are there: a callee's summary (with its origins) or a decode. */
export interface CallSiteCause {
  kind: "callee" | "decode" | "stored";
  fn: number;
  name: string;
  origins: readonly SummaryOrigin[];
}

export interface CalleeEffects {
  after: Map<Instr, AfterEffect[]>;
  /** By the `at` of an effect's synthetic assignments: what an origin there stands for. */
  causes: Map<number, CallSiteCause>;
}

/** The nil-ness of a caller's argument just before the call, when a first pass knows it. */
export type ArgFact = (instr: Instr, arg: number) => "nil" | "maybe-nil" | "non-nil" | "unknown";

type CallInstr = Extract<Instr, { op: "call" }>;

export function calleeEffects(
  fn: IrFunction,
  semantic: SemanticModel,
  summaryOf: (fnId: number) => FunctionNilSummary | undefined,
  argFact?: ArgFact,
  stored?: StoredElements,
): CalleeEffects {
  const after = new Map<Instr, AfterEffect[]>();
  const causes = new Map<number, CallSiteCause>();
  // A promoted field's two spellings are one path to the flow (canonical-paths.ts): one effect sets both.
  const add = (instr: Instr, path: Path, fact: AfterFact, cause: CallSiteCause, error?: Path): void => {
    if (path.truncated || path.selectors.length > MAX_PATH_DEPTH) return;
    const list = after.get(instr) ?? [];
    if (list.length === 0) after.set(instr, list);
    // A distinct fraction past the call's offset per effect: origins keep source order and say which effect made them.
    const at = instr.at + (list.length + 1) / 1024;
    list.push(error ? { path, fact, at, error } : { path, fact, at });
    causes.set(at, cause);
  };
  fn.blocks.forEach((block, b) =>
    block.instrs.forEach((instr, index) => {
      if (instr.op !== "call") return;
      const site = semantic.callGraph.site(fn.id, { block: b, index });
      const targets = (site?.targets ?? []).filter((t) => summaryOf(t.fn) !== undefined);
      if (targets.length === 0 || targets.length !== (site?.targets.length ?? 0)) return;
      const summaries = targets.map((t) => summaryOf(t.fn) as FunctionNilSummary);
      const first = targets[0].fn;
      const name = semantic.ir.functions[first]?.name ?? `#${first}`;
      // The error the call hands back, when a result's nil-ness follows it (ResultNil.onError).
      const error = instr.results.length > 1 ? instr.results[instr.results.length - 1] : null;
      const errorPath = error && error.selectors.length === 0 && !error.truncated ? error : undefined;
      instr.results.forEach((target, i) => {
        if (!target) return;
        const keys = new Set(summaries.flatMap((s) => s.results.filter((r) => r.index === i).map((r) => r.fieldPath.join("."))));
        for (const key of keys) {
          const facts = summaries.map((s) => s.results.find((r) => r.index === i && r.fieldPath.join(".") === key));
          const onError = errorPath !== undefined && facts.every((r) => r?.onError === true);
          const fact = onError ? "nil-on-error" : joinResults(facts, instr, argFact);
          if (!fact) continue;
          const fields = key === "" ? [] : key.split(".");
          const origins = facts.flatMap((r) => r?.origins ?? []);
          const path: Path = { root: target.root, selectors: [...target.selectors, ...fields.map((n) => ({ kind: "field" as const, name: n }))] };
          add(instr, path, fact, { kind: "callee", fn: first, name, origins }, onError ? errorPath : undefined);
        }
      });
      // Fields the callee initialises on what the caller passes: only when every possible callee does.
      const [head, ...rest] = summaries;
      // An out-parameter made on some paths only: left nil where the caller's value was nil.
      if (targets.length === 1) {
        for (const init of head.inits) {
          if (init.state !== "kept-or-made" || init.on.kind === "result") continue;
          const path = substitute(instr.call, targets[0].receiver, { root: init.on, fields: init.fieldPath });
          if (path) add(instr, path, "kept-or-made", { kind: "callee", fn: first, name, origins: [] });
        }
      }
      for (const init of head.inits) {
        if (init.state !== "initialises" || init.on.kind === "result") continue;
        const key = JSON.stringify([init.on, init.fieldPath]);
        if (!rest.every((s) => s.inits.some((o) => o.state === "initialises" && JSON.stringify([o.on, o.fieldPath]) === key))) continue;
        for (const t of targets) {
          const path = substitute(instr.call, t.receiver, { root: init.on, fields: init.fieldPath });
          if (path) add(instr, path, "non-nil", { kind: "callee", fn: first, name, origins: [] });
        }
      }
    }),
  );
  for (const [instr, target] of decodeTargets(fn)) addDecode(fn, semantic, instr, target, add);
  if (stored && stored.size > 0) addStoredReads(fn, semantic, stored, add);
  return { after, causes };
}

function addDecode(
  fn: IrFunction,
  semantic: SemanticModel,
  instr: CallInstr,
  target: Path,
  add: (instr: Instr, path: Path, fact: AfterFact, cause: CallSiteCause) => void,
): void {
  const cause: CallSiteCause = { kind: "decode", fn: fn.id, name: fn.name, origins: [] };
  // A map decoded into is nil after the input `null`, made or not before; a struct's map field keeps a default the input does not mention.
  for (const path of decodedMaps(fn, semantic, target)) add(instr, path, path === target ? "maybe-nil" : "kept-or-made", cause);
}

/** An element read of a collection some store fills with elements lacking a map: that map is maybe nil (stored-elements.ts). */
function addStoredReads(
  fn: IrFunction,
  semantic: SemanticModel,
  stored: StoredElements,
  add: (instr: Instr, path: Path, fact: AfterFact, cause: CallSiteCause) => void,
): void {
  for (const b of fn.blocks)
    for (const x of b.instrs) {
      const read = elementRead(x);
      const key = read && !read.target.truncated ? collectionKey(semantic, fn, read.of) : null;
      for (const s of (key && stored.get(key)) || []) {
        const path: Path = { root: read!.target.root, selectors: [...read!.target.selectors, { kind: "field", name: s.field }] };
        add(x, path, "maybe-nil", { kind: "stored", fn: s.fn, name: semantic.ir.functions[s.fn]?.name ?? "", origins: [s.origin] });
      }
    }
}

/** One fact for a result over every possible callee; null when nothing useful is known. */
function joinResults(facts: readonly (ResultNil | undefined)[], instr: CallInstr, argFact: ArgFact | undefined): AfterFact | null {
  const kinds = facts.map((r) => (r ? resultKind(r, instr, argFact) : "unknown"));
  if (kinds.every((k) => k === "nil")) return "nil";
  if (kinds.every((k) => k === "non-nil")) return "non-nil";
  if (kinds.some((k) => k === "nil" || k === "maybe-nil")) return "maybe-nil";
  return null;
}

/** A result at this call: a conditional one follows the arguments it depends on, when a first pass knows them. */
function resultKind(r: ResultNil, instr: CallInstr, argFact: ArgFact | undefined): "nil" | "maybe-nil" | "non-nil" | "unknown" {
  if (r.kind === "always") return "nil";
  if (r.kind === "never") return "non-nil";
  if (r.kind === "unknown") return "unknown";
  if (r.nilWhenParamNil.length === 0) return "maybe-nil";
  if (!argFact) return "unknown";
  const args = r.nilWhenParamNil.map((p) => argFact(instr, p));
  if (args.every((a) => a === "non-nil")) return "non-nil";
  if (args.some((a) => a === "nil" || a === "maybe-nil")) return "maybe-nil";
  return "unknown";
}
