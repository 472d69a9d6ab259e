// map-missing-size-hint: `m := make(map[K]V)` whose
// next use is a store made on every iteration of a range loop over something
// with a length, which nothing else in the loop touches. The loop's shape is
// read off the control-flow graph: the store runs on every path through the
// body, no path leaves the loop or skips to the next iteration early.
import { cfgOf } from "../flow/cfg.js";
import { dominators } from "../flow/dominators.js";
import type { Instr, IrFunction, PackageIr, Value } from "../lower/ir.js";
import type { PackageFacts } from "../package-facts.js";
import type { Finding } from "../types.js";
import { formatMessage, makeFinding, type Rule } from "./support/rule.js";
import { loopBodyMentions } from "./support/loop-body-words.js";
import { makeDeclarationLine, spanText } from "./support/make-declaration-line.js";
import { inInnerLoop, innermostRangeLoop, leavesEarly, reach, type RangeLoop, runsEveryIteration } from "./support/range-loops.js";
import { endOf, lineOf, type Mention, mentionsOf, startOf, varKey } from "./support/var-mentions.js";
import { locationOf } from "./support/line-text.js";

const messages = {
  hint: "`{name}` is made without a size and then filled with one entry per element of `{source}`; `make({type}, len({source}))` allocates it once instead of growing it.",
  loopHere: "`{name}` is filled here, one entry per element of `{source}`",
  fix: "Size the map for `len({source})` entries",
} as const;

export type MapMissingSizeHintMessage = keyof typeof messages;

/** Words that let an iteration end before the store, or the loop before the last element. */
const EARLY_EXITS = ["continue", "break", "return", "goto", "panic"];

type AssignInstr = Extract<Instr, { op: "assign" }>;

/** A name or a field path: `xs`, `cfg.Users`. */
const SOURCE_TEXT = /^[\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}_][\p{L}\p{N}_]*)*$/u;

interface Candidate {
  fn: IrFunction;
  block: number;
  decl: AssignInstr;
  var: number;
}

export const mapMissingSizeHint: Rule = {
  id: "map-missing-size-hint",
  meta: {
    id: "map-missing-size-hint",
    severity: "notice",
    summary: "`make(map[K]V)` without a size, then filled in a loop over something whose length is known.",
  },
  messages,
  check(pkg) {
    const candidates = new Map<string, Candidate>();
    for (const fn of pkg.ir.functions) {
      for (const block of fn.blocks) {
        for (const instr of block.instrs) {
          const v = unsizedMapMake(pkg, fn, instr);
          if (v !== null && instr.op === "assign") candidates.set(varKey({ fn: fn.id, var: v }), { fn, block: block.id, decl: instr, var: v });
        }
      }
    }
    if (candidates.size === 0) return [];
    const mentions = mentionsOf(pkg.ir, new Set(candidates.keys()));
    const findings: Finding[] = [];
    for (const [key, candidate] of candidates) {
      const finding = check(pkg, candidate, mentions.get(key) ?? []);
      if (finding) findings.push(finding);
    }
    return findings;
  },
};

/** The local `m` of `m := make(map[K]V)` (a map type, no size), or null. */
function unsizedMapMake(pkg: PackageFacts, fn: IrFunction, instr: Instr): number | null {
  if (instr.op !== "assign" || !instr.define || instr.targets.length !== 1) return null;
  const value = instr.value;
  if (value.kind !== "make" || value.sized || !pkg.semantic.isMapType(value.type)) return null;
  const target = instr.targets[0];
  if (!target || target.root.kind !== "var" || target.selectors.length > 0) return null;
  return fn.vars[target.root.var]?.kind === "local" ? target.root.var : null;
}

function check(pkg: PackageFacts, c: Candidate, mentions: readonly Mention[]): Finding | null {
  const file = pkg.files.find((f) => f.path === c.fn.path);
  if (!file) return null;
  const line = makeDeclarationLine(file, c.decl.stmt);
  if (!line) return null;
  const declPos = startOf(c.decl.span);

  // The first use after the make: a plain `m[k] = v` in the same function.
  const later = mentions.filter((m) => m.instr !== c.decl);
  // `m[k] = v` is an assign to `m[]` and an access write of `m` at one position.
  const first = later.find((m) => m.pos === later[0]?.pos && m.instr?.op === "access") ?? later[0];
  const write = first?.instr;
  if (!first || first.fn !== c.fn || write?.op !== "access" || write.kind !== "write" || write.operator !== "=") return null;
  if (write.path.selectors.length > 0 || first.pos < declPos) return null;

  const cfg = cfgOf(c.fn);
  const loop = innermostRangeLoop(c.fn, first.block.id);
  if (!loop?.subject || startOf(loop.subject.stmt) < declPos) return null;
  if (inInnerLoop(cfg, loop, first.block.id) || !runsEveryIteration(cfg, loop, first.block.id)) return null;
  // Directly in the body, not in an `if` arm whose other arm ends the process (`t.Fatalf`).
  if (underBranch(c.fn, loop, first.block.id)) return null;
  // A `continue`, `break`, `return` or panic: fewer entries than elements, and the hint could waste memory.
  if (loop.latches.length !== 1 || leavesEarly(cfg, loop) || closuresExit(pkg.ir, c.fn, loop)) return null;
  // The rule before the semantic layer also reads these words anywhere in the body's text (a nested switch's `break`, a comment).
  const clause = c.fn.blocks[loop.head].term;
  if (clause.kind !== "switch" || loopBodyMentions(file, clause.span, lineOf(endOfLoop(c.fn, loop)), EARLY_EXITS)) return null;
  // The loop must sit in the make's block: no loop encloses it that does not also enclose the make.
  if (inLoopAfter(c, loop)) return null;

  // Nothing else touches the map before the loop ends.
  const loopEnd = endOfLoop(c.fn, loop);
  // The store's own `m[]` target: an assign at the write, or the result of the call on its right (`m[s] = obj.As(i)`).
  const twin = (m: Mention) =>
    m.block === first.block &&
    ((m.pos === first.pos && m.instr?.op === "assign") ||
      (m.instr?.op === "call" && startOf(m.instr.stmt) === startOf(write.stmt) && m.instr.results.includes(m.path)));
  if (later.some((m) => m !== first && !twin(m) && m.pos <= loopEnd)) return null;

  const source = rangedSource(pkg, c.fn, file, loop);
  if (!source) return null;
  // The length must be known where the map is made: the ranged value is not declared between them.
  if (declaredBetween(pkg.ir, c.fn, source.split(".")[0], declPos, startOf(loop.subject.stmt))) return null;

  const name = c.fn.vars[c.var].name;
  const params = { name, source, type: line.args };
  const location = locationOf(c.fn.path, c.decl.stmt);
  return makeFinding(mapMissingSizeHint, pkg, {
    messageId: "hint",
    params,
    subject: name,
    location,
    related: [{ location: locationOf(c.fn.path, write.stmt), messageId: "loopHere" }],
    fix: {
      description: formatMessage(messages.fix, params),
      edits: [{ path: file.path, startLine: location.startLine, endLine: location.startLine, replacement: `${line.head}${line.args}, len(${source}))${line.tail}` }],
    },
  });
}

/**
 * What the loop ranges over, as written, when it has a length: with two
 * iteration variables (a channel allows only one), or one over a map.
 */
function rangedSource(pkg: PackageFacts, fn: IrFunction, file: PackageFacts["files"][number], loop: RangeLoop): string | null {
  const subject = loop.subject;
  if (!subject) return null;
  const text = spanText(file, subject.span);
  if (!text || !SOURCE_TEXT.test(text)) return null;
  const { key, value } = loop;
  if (value) return value.define && (key?.define ?? true) ? text : null;
  if (!key?.define) return null;
  // `for k, _ := range xs`: the IR keeps no blank iteration variable, the clause's text does.
  const clause = fn.blocks[loop.head].term;
  const header = clause.kind === "switch" ? spanText(file, clause.span) : null;
  if (header && /^[^=]*,[^=]*:=/.test(header)) return text;
  return pkg.semantic.isMapType(pkg.semantic.typeOf(fn, subject.path)) ? text : null;
}

/** Whether a function literal made inside the loop returns or panics (the rule before the semantic layer reads those as filters too). */
function closuresExit(ir: PackageIr, fn: IrFunction, loop: RangeLoop): boolean {
  const made = new Set<number>();
  const noteValue = (v: Value): void => {
    if (v.kind === "closure") made.add(v.fn);
    else if (v.kind === "literal") for (const e of [...v.fields.map((f) => f.value), ...v.elements]) noteValue(e);
    else if (v.kind === "convert" || v.kind === "assert") noteValue(v.value);
  };
  for (const b of loop.blocks) {
    for (const instr of fn.blocks[b].instrs) {
      if (instr.op === "assign" || instr.op === "send") noteValue(instr.value);
      else if (instr.op === "return") instr.values.forEach(noteValue);
      else if (instr.op === "call" || instr.op === "go" || instr.op === "defer") {
        if (instr.call.callee.kind === "closure") made.add(instr.call.callee.fn);
        instr.call.args.forEach(noteValue);
      }
    }
  }
  if (made.size === 0) return false;
  for (const g of ir.functions) {
    let inside = false;
    for (let p: number | null = g.id, hops = 0; p !== null && hops < 64; p = ir.functions[p]?.parent ?? null, hops++) {
      if (made.has(p)) inside = true;
    }
    if (!inside) continue;
    if (g.blocks.some((b) => b.term.kind === "panic" || b.instrs.some((i) => i.op === "return"))) return true;
  }
  return false;
}

/**
 * Blocks a statement directly in a loop body can sit in: the code after a
 * nested statement, a nested loop's head — and, as the rule before the semantic layer reads
 * them (a case clause has no braces of its own), the clauses of a switch.
 */
const STATEMENT_LEVEL = /\.(done|cond|head|next)$|^switch\.(case|default)$/;

/** Whether the block sits in an arm of a branch of the loop body: some block dominating it below the body is an `if` arm or a `select` case. */
function underBranch(fn: IrFunction, loop: RangeLoop, block: number): boolean {
  const idom = dominators(cfgOf(fn)).idom;
  for (let b = block, hops = 0; b !== loop.body && hops < 10_000; b = idom[b], hops++) {
    if (b < 0 || idom[b] === b || !loop.blocks.has(b)) return true;
    if (!STATEMENT_LEVEL.test(fn.blocks[b].label)) return true;
  }
  return false;
}

/** Whether a loop that starts after the make encloses this one: the preheader lies on a cycle that avoids the make. */
function inLoopAfter(c: Candidate, loop: RangeLoop): boolean {
  const p = loop.preheader;
  if (p === null) return true;
  if (p === c.block) return false;
  const cfg = cfgOf(c.fn);
  return reach(cfg, cfg.succs[p], (b) => b !== c.block).has(p);
}

/** The source position where the loop's last statement ends. */
function endOfLoop(fn: IrFunction, loop: RangeLoop): number {
  let end = 0;
  for (const b of loop.blocks) {
    const block = fn.blocks[b];
    for (const instr of block.instrs) end = Math.max(end, endOf(instr.stmt));
    if (block.term.kind === "branch" || block.term.kind === "switch") end = Math.max(end, endOf(block.term.span));
  }
  return end;
}

/** Whether `name` is declared (`:=`, `var`, a range's `:=`) between the two positions, in `fn` or its literals. */
function declaredBetween(ir: PackageIr, fn: IrFunction, name: string, from: number, to: number): boolean {
  for (const g of ir.functions) {
    if (g.path !== fn.path || endOf(g.span) < from || startOf(g.span) > to) continue;
    // A local declared there, whatever declares it: `xs := f()` is a call whose result is the new variable.
    for (const v of g.vars) {
      if (v.kind !== "local" || v.name !== name || !v.declared) continue;
      const pos = startOf(v.declared);
      if (pos > from && pos < to) return true;
    }
    for (const block of g.blocks) {
      for (const instr of block.instrs) {
        if (instr.op !== "assign" || !instr.define) continue;
        const pos = startOf(instr.span);
        if (pos <= from || pos >= to) continue;
        for (const t of instr.targets) if (t?.root.kind === "var" && t.selectors.length === 0 && g.vars[t.root.var]?.name === name) return true;
      }
    }
  }
  return false;
}

