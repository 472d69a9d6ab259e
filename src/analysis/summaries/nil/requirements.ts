// Map paths a function writes with nothing on the way making sure they are
// not nil: `p.Labels[k] = v` with p a parameter, unless a nil check or a
// lazy init (`if p.Labels == nil { p.Labels = ... }`) comes first. Such a
// write is a precondition on the caller. At a call, a callee's
// precondition is read over the caller's arguments: satisfied when the
// caller's path is non-nil there, violated when it is nil or maybe nil (a
// finding, with the chain of calls), and otherwise passed on to the
// caller's own callers when it hangs off the caller's parameters too.
import { type Instr, type IrFunction, MAX_PATH_DEPTH, type Path, type Span, type TypeRef } from "../../lower/ir.js";
import type { NilFact } from "../../flow/nil-facts.js";
import { decodedOrigin } from "./decoded-fields.js";
import type { ChainHop, NilWrite, Requirement, SummaryOrigin, SummaryPath, Violation } from "./nil-summary-types.js";
import { describePath, substitute, toSummaryPath } from "./summary-paths.js";
import type { NilContext, SummarisedNilness, SummaryPart } from "./summarised-nilness.js";
import type { FunctionIndex } from "../../semantic/function-index.js";
import type { SemanticModel } from "../../semantic/semantic-model.js";

/**
 * A requirement is passed on at most this many calls up (a finding names
 * every hop; real ones are a few calls long), and a function holds at most
 * MAX_REQUIRES of them (the first in source order). Without the caps a ring
 * of functions each writing its own package map and starting the next one
 * hands every member the writes of all the others, each with a chain round
 * the ring: quadratic in count, cubic in memory.
 */
export const MAX_REQUIREMENT_CHAIN = 12;
export const MAX_REQUIRES = 64;

interface Candidate {
  instr: Instr;
  /** For a direct write: its position in the function's blocks. */
  at?: { block: number; index: number };
  path: Path;
  /** The requirement in the caller's terms, when it hangs off the caller's own params/receiver/package. */
  lifted: SummaryPath | null;
  chain: ChainHop[];
  /**
   * A write through `Set`/`Add` of an http.Header or url.Values: only a
   * requirement on what the caller hands over. Where the function itself
   * leaves it nil, the library-map checks of nil-map-field-write report it.
   */
  library?: true;
}

interface Requirements {
  requires: Requirement[];
  violations: Violation[];
  nilWrites: NilWrite[];
}

export function requirementsOf(ctx: NilContext, fn: IrFunction): SummaryPart<Requirements> {
  const candidates = [...directWrites(ctx, fn), ...calleeRequirements(ctx, fn)];
  return { track: candidates.map((c) => c.path), read: (run) => judged(ctx, fn, candidates, run) };
}

function judged(ctx: NilContext, fn: IrFunction, candidates: readonly Candidate[], run: SummarisedNilness | null): Requirements {
  if (!run || candidates.length === 0) return { requires: [], violations: [], nilWrites: [] };
  const requires: Requirement[] = [];
  const violations: Violation[] = [];
  const nilWrites: NilWrite[] = [];
  let assigned: Set<string> | undefined;
  const seen = new Set<string>();
  // A direct write to a nil map is the function's own bug; a call into one is a violation here.
  const report = (c: Candidate, fact: "nil" | "maybe-nil", origins: SummaryOrigin[], unsure = false): void => {
    if (c.at) nilWrites.push({ ...c.at, path: c.path, stmt: c.instr.stmt, fact, origins, unsure });
    else violations.push({ path: text(fn, c.path), fact, origins, unsure, chain: c.chain });
  };
  for (const c of candidates) {
    const fact: NilFact | null = run.before(c.instr, c.path);
    if (!fact || fact.kind === "non-nil") continue;
    if (c.library && !(fact.kind === "unknown" && fact.entry)) continue;
    if (fact.kind === "unknown") {
      // Only a value the caller handed over untouched is the caller's to make: a path the function
      // overwrote with something unknown (a call's result, a parameter) is no longer the caller's,
      // unless it is a map field only a decoder fills (a range value of a decoded slice): nil when the input lacks it.
      if (!c.lifted || !fact.entry) {
        const decoded = decodedOrigin(ctx.decodedFields(), ctx.semantic, fn, c.path);
        if (decoded) report(c, "maybe-nil", [decoded]);
        continue;
      }
      const key = describePath(c.lifted);
      // A function that makes the map itself on some path (`if t.index == nil { ...; t.names = make(...) }`)
      // has taken it on: where it leaves it as handed over, it knows why (the two are made together).
      if (c.at && (assigned ??= assignedPaths(fn, ctx.semantic.index)).has(key)) continue;
      // One requirement per path: the first write in source order explains it.
      if (seen.has(key)) continue;
      seen.add(key);
      if (requires.length < MAX_REQUIRES) requires.push({ path: c.lifted, chain: c.chain });
      continue;
    }
    report(c, fact.kind, run.explain(fact.origins), fact.unsure === true);
  }
  return { requires, violations, nilWrites };
}

/** The summary paths (over parameters, receiver, package, captured variables) the function assigns, as described paths. */
function assignedPaths(fn: IrFunction, index: FunctionIndex): Set<string> {
  const out = new Set<string>();
  for (const b of fn.blocks)
    for (const x of b.instrs) {
      if (x.op !== "assign") continue;
      for (const t of x.targets) {
        const lifted = t && toSummaryPath(fn, t, index);
        if (lifted) out.add(describePath(lifted));
      }
    }
  return out;
}

function hop(fn: IrFunction, span: Span): ChainHop {
  return { fn: fn.id, name: fn.name, file: fn.path, span };
}

/** Methods of http.Header and url.Values that write to the map underneath. */
export const LIBRARY_WRITES: ReadonlySet<string> = new Set(["Set", "Add"]);

function directWrites(ctx: NilContext, fn: IrFunction): Candidate[] {
  const out: Candidate[] = [];
  fn.blocks.forEach((b, block) =>
    b.instrs.forEach((x, index) => {
      // `h.Set(k, v)` on an http.Header or url.Values (promoted too: `f.Set` for an embedded url.Values) writes its map.
      if (x.op === "call" && x.call.callee.kind === "method" && LIBRARY_WRITES.has(x.call.callee.name) && !x.call.callee.recv.truncated) {
        const recv = libraryReceiver(ctx.semantic, fn, x.call.callee.recv, x.call.callee.name);
        const lifted = recv && toSummaryPath(fn, recv);
        if (recv && lifted) out.push({ instr: x, at: { block, index }, path: recv, lifted, chain: [hop(fn, x.stmt)], library: true });
        return;
      }
      if (x.op !== "access" || x.kind !== "write" || x.path.truncated) return;
      if (!ctx.semantic.isMapType(ctx.semantic.typeOf(fn, x.path))) return;
      // Locals too: their nil-ness is the function's own, reported as a nil write. A closure's captured variable is
      // its declaring function's to make, read where the closure is run (`defer func() { info.Labels[k] = v }()`).
      out.push({ instr: x, at: { block, index }, path: x.path, lifted: toSummaryPath(fn, x.path, ctx.semantic.index), chain: [hop(fn, x.stmt)] });
    }),
  );
  return out;
}

function calleeRequirements(ctx: NilContext, fn: IrFunction): Candidate[] {
  const out: Candidate[] = [];
  fn.blocks.forEach((b, block) =>
    b.instrs.forEach((x, index) => {
      if (x.op !== "call" && x.op !== "go" && x.op !== "defer") return;
      const site = ctx.semantic.callGraph.site(fn.id, { block, index });
      for (const t of site?.targets ?? []) {
        for (const req of ctx.summaryOf(t.fn)?.requires ?? []) {
          if (req.chain.length >= MAX_REQUIREMENT_CHAIN) continue;
          const path = substitute(x.call, t.receiver, req.path, { fn, index: ctx.semantic.index });
          if (!path) continue;
          // A deferred closure runs at the function's end: a variable it captures may still be made after the defer.
          if (x.op === "defer" && req.path.root.kind === "captured" && assignedAfter(fn, x.at, path)) continue;
          out.push({ instr: x, path, lifted: toSummaryPath(fn, path, ctx.semantic.index), chain: [hop(fn, x.stmt), ...req.chain] });
        }
      }
    }),
  );
  return out;
}

/** Something after offset `at` assigns the path's variable or a path under it (a `return v` assigns a named result). */
function assignedAfter(fn: IrFunction, at: number, path: Path): boolean {
  const root = path.root;
  if (root.kind !== "var") return true;
  const result = fn.vars[root.var]?.kind === "result";
  return fn.blocks.some((b) =>
    b.instrs.some(
      (x) =>
        x.at > at &&
        ((x.op === "assign" && x.targets.some((t) => t !== null && t.root.kind === "var" && t.root.var === root.var)) || (result && x.op === "return" && x.values.length > 0)),
    ),
  );
}

function text(fn: IrFunction, path: Path): string {
  const root = path.root.kind === "var" ? (fn.vars[path.root.var]?.name ?? "?") : path.root.name;
  return [root, ...path.selectors.map((s) => (s.kind === "field" ? s.name : s.kind === "index" ? "[]" : "*"))].join(".");
}

function isLibraryMapType(semantic: SemanticModel, t: TypeRef | null): boolean {
  const kind = semantic.libraryKind(t);
  return kind === "http.Header" || kind === "url.Values";
}

/** The http.Header or url.Values whose `name` method `recv.name(...)` runs: recv itself, or the one it embeds. */
export function libraryReceiver(semantic: SemanticModel, fn: IrFunction, recv: Path, name: string): Path | null {
  const t = semantic.typeOf(fn, recv);
  if (isLibraryMapType(semantic, t)) return recv;
  // A method the package declares (or promotes from its own types) is no library write.
  if (!t || semantic.member(t, name) !== null) return null;
  const u = semantic.types.underlying(t);
  const s = semantic.structOf(u.kind === "pointer" ? u.elem : t);
  const embedded = (s?.fields ?? []).filter((f) => f.embedded && isLibraryMapType(semantic, f.type));
  if (embedded.length !== 1 || recv.selectors.length >= MAX_PATH_DEPTH) return null;
  return { root: recv.root, selectors: [...recv.selectors, { kind: "field", name: embedded[0].name }] };
}