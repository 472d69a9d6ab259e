// nil-map-write: a write to a map variable that is nil
// on every path to the write. Reads the IR's events of each map variable
// (support/map-var-events.ts) with the CFG's dominators and loops standing in
// for the rule before the semantic layer's textual blocks and loop spans, so that it says
// exactly what the rule before the semantic layer says.
import type { IrFunction, Path, Span } from "../lower/ir.js";
import type { PackageFacts } from "../package-facts.js";
import type { Finding, Fix } from "../types.js";
import { formatMessage, makeFinding, type Rule } from "./support/rule.js";
import { ControlFacts } from "./support/control-facts.js";
import { bodyOpenLine, aloneOnLine, varSite } from "./support/fix-sites.js";
import { collectVarEvents, orderOf, rootKey, topLevel, type VarEvent, type VarKey, writtenKeys } from "./support/map-var-events.js";
import { WriteGuards } from "./support/write-guards.js";
import { WrittenMapTypes } from "./support/written-map-types.js";
import { locationOf } from "./support/line-text.js";
import { flowNilFindings, flowNilMessages } from "./support/flow-nil-findings.js";
import { flowNilWrites } from "./support/flow-nil-writes.js";
import { isLibraryMap } from "./support/nil-map-writes.js";

const messages = {
  local: '`{name}` is declared at line {line} without `make`; writing to it panics with "assignment to entry in nil map".',
  result:
    '`{name}` is a named result, nil until assigned; writing to it before an assignment panics with "assignment to entry in nil map".',
  nil: '`{name}` is set to `nil` at line {line}; writing to it panics with "assignment to entry in nil map".',
  package:
    '`{name}` is a package-level map declared at {where} without `make` and never assigned in this package; writing to it panics with "assignment to entry in nil map".',
  declaredHere: "`{name}` is declared here without `make`",
  resultHere: "`{name}` is declared here as a named result",
  nilHere: "`{name}` is set to `nil` here",
  fixDeclaration: "Create the map with `make` where `{name}` is declared",
  fixResult: "Create the map with `make` at the top of the function",
  fixNil: "Create a new map instead of setting `{name}` to `nil`",
  ...flowNilMessages,
} as const;

export type NilMapWriteMessage = keyof typeof messages;

type FileModel = PackageFacts["files"][number];

interface Symbol {
  key: VarKey;
  name: string;
  kind: "local" | "result" | "package";
  path: string;
  declared: Span;
  /** Source order of the declaring name. */
  order: number;
  typeText: string;
  nilAtDeclaration: boolean;
  exported: boolean;
  /** The declaring function (null for package variables) and the declaring event. */
  fn: IrFunction | null;
  declaration: VarEvent | null;
}

interface Point {
  kind: "declaration" | "result" | "nil";
  order: number;
  event: VarEvent | null;
}

interface Flagged extends Point {
  write: VarEvent;
}

export const nilMapWrite: Rule<NilMapWriteMessage> = {
  id: "nil-map-write",
  meta: {
    id: "nil-map-write",
    severity: "error",
    summary:
      "Write to a map variable that is nil on every path to the write (error) or on an identified one (warning), in the function or through the calls it is handed to.",
  },
  messages,
  check(pkg) {
    const findings = localFindings(pkg);
    // Across functions and paths: a map the flow finds nil (or nil on some path) at its write, or handed nil to a callee that writes it.
    const flow = flowNilWrites(pkg).filter((w) => !w.throughField && !(w.path && isLibraryMap(pkg.semantic, w.fn, w.path)));
    findings.push(...flowNilFindings(nilMapWrite, pkg, flow, findings));
    return findings;
  },
};

/** Map variables nil on every path to their write inside the declaring function, and package maps nothing assigns. */
function localFindings(pkg: PackageFacts): Finding[] {
  {
    const findings: Finding[] = [];
    const written = new WrittenMapTypes(pkg.semantic.decls);
    const keyOf = (fn: IrFunction, path: Path): VarKey | null => rootKey(pkg.ir, fn, path);
    // Parameters and receivers are the caller's business: only locals, named results and package variables can be nil here.
    const nilPackageVars = zeroPackageVars(pkg);
    const wanted = new Set([...writtenKeys(pkg.ir, pkg.ir.functions, keyOf, false)].filter((k) => (k.startsWith("pkg:") ? nilPackageVars.has(k) : localOrResult(pkg, k))));
    if (wanted.size === 0) return findings;
    const events = collectVarEvents(pkg.ir, pkg.ir.functions, keyOf, wanted);
    const control = new ControlFacts();
    const guards = new WriteGuards(pkg.ir, control, pkg.files);
    for (const [key, list] of events) {
      if (!list.some((e) => e.kind === "write")) continue;
      const symbol = symbolOf(pkg, written, key, list);
      if (!symbol) continue;
      const points = symbol.kind === "package" ? packagePoints(pkg, guards, symbol, list) : localPoints(pkg, control, guards, symbol, list);
      for (const point of points) findings.push(report(pkg, symbol, point));
    }
    return findings;
  }
}

/** Package variables declared without a value (or `= nil`), read off the `<vars>` functions. */
function zeroPackageVars(pkg: PackageFacts): Set<VarKey> {
  const out = new Set<VarKey>();
  for (const fn of pkg.ir.functions) {
    if (fn.name !== "<vars>") continue;
    for (const block of fn.blocks) {
      for (const x of block.instrs) {
        if (x.op !== "assign" || !x.define || (x.value.kind !== "zero" && x.value.kind !== "nil")) continue;
        for (const t of x.targets) if (t?.root.kind === "package" && t.selectors.length === 0) out.add(`pkg:${t.root.name}`);
      }
    }
  }
  return out;
}

function localOrResult(pkg: PackageFacts, key: VarKey): boolean {
  const [, fnId, varId] = key.split(":");
  const kind = pkg.ir.functions[Number(fnId)]?.vars[Number(varId)]?.kind;
  return kind === "local" || kind === "result";
}

function symbolOf(pkg: PackageFacts, written: WrittenMapTypes, key: VarKey, list: readonly VarEvent[]): Symbol | null {
  const declaration = list.find((e) => e.kind === "declare") ?? null;
  if (key.startsWith("pkg:")) {
    const name = key.slice(4);
    const decls = pkg.semantic.decls.values.filter((v) => v.name === name && v.kind === "var");
    if (decls.length !== 1) return null;
    const decl = decls[0];
    const value = declaration?.value;
    const typeText = written.textOf(decl.type) ?? (value && (value.kind === "make" || value.kind === "literal") ? written.textOf(value.type) : null);
    if (!typeText) return null;
    const nil = !value || value.kind === "zero" || value.kind === "nil";
    return { key, name, kind: "package", path: decl.path, declared: decl.declared, order: orderOf(decl.declared), typeText, nilAtDeclaration: nil, exported: decl.exported, fn: null, declaration };
  }
  const [, fnId, varId] = key.split(":");
  const fn = pkg.ir.functions[Number(fnId)];
  const v = fn?.vars[Number(varId)];
  if (!fn || !v?.declared || (v.kind !== "local" && v.kind !== "result")) return null;
  const value = declaration?.value;
  const typeText = written.textOf(v.type) ?? (value && (value.kind === "make" || value.kind === "literal") ? written.textOf(value.type) : null);
  if (!typeText) return null;
  const nil = v.kind === "result" || (v.type !== null && (!value || value.kind === "zero" || value.kind === "nil") && declaration !== null);
  return { key, name: v.name.replace(/#\d+$/, ""), kind: v.kind, path: fn.path, declared: v.declared, order: orderOf(v.declared), typeText, nilAtDeclaration: nil, exported: false, fn, declaration };
}

function fileOf(pkg: PackageFacts, path: string): FileModel | undefined {
  return pkg.files.find((f) => f.path === path);
}

function isBareReturn(pkg: PackageFacts, e: VarEvent): boolean {
  const line = fileOf(pkg, e.fn.path)?.lines[e.span.line - 1] ?? "";
  return e.span.line === e.span.endLine && line.slice(e.span.column - 1, e.span.endColumn - 1).trim() === "return";
}


function localPoints(pkg: PackageFacts, control: ControlFacts, guards: WriteGuards, symbol: Symbol, list: readonly VarEvent[]): Flagged[] {
  const fn = symbol.fn;
  const nils = list.filter((e) => e.kind === "nil" && e.fn === fn);
  if (!fn || (!symbol.nilAtDeclaration && nils.length === 0)) return [];
  const top = topLevel(pkg.ir, fn);
  if (top.broken || list.some((e) => e.fn.broken)) return [];
  if (list.some((e) => e.kind === "address")) return [];
  const assigns = list.filter((e) => e.kind === "assign" || (e.kind === "return" && e.fn === fn && !isBareReturn(pkg, e)));
  if (assigns.some((a) => a.fn !== fn)) return [];
  // With a `goto`, the order of statements is not the order they run in.
  if (assigns.length > 0 && top.gotos) return [];
  const earlier = assigns.filter((a) => a.kind !== "return");
  const orders = earlier.map((a) => a.order);
  // Per loop (a set of blocks of the declaring function): whether an assignment lies in it.
  const assignedIn = new Map<ReadonlySet<number>, boolean>();
  const loopAssigns = (loop: ReadonlySet<number>): boolean => {
    let found = assignedIn.get(loop);
    if (found === undefined) assignedIn.set(loop, (found = earlier.some((a) => a.fn === fn && loop.has(a.block))));
    return found;
  };
  const flagged = new Map<string, Flagged>();
  for (const write of list) {
    if (write.kind !== "write") continue;
    const point = nilPointBefore(control, symbol, nils, write, assigns, orders, loopAssigns);
    if (!point || guards.guarded(symbol.key, symbol.name, write) || guards.nilComparedBefore(symbol.key, symbol.name, list, write)) continue;
    const key = `${point.order}:${write.fn.id}`;
    if (!flagged.has(key)) flagged.set(key, { ...point, write });
  }
  return [...flagged.values()];
}

/**
 * Where the map became nil before the write, on the rule before the semantic layer's terms:
 * its declaration, or the last `m = nil` that runs before the write on every
 * path; null when an assignment (other than by `return`) lies between them,
 * or in a loop around the write that does not also hold that point.
 * `nils` are the `m = nil` events of the declaring function; `earlierOrders`
 * the sorted source orders of the assignments other than returns, and
 * `loopAssigns` tells whether one of those lies in a loop.
 */
function nilPointBefore(
  control: ControlFacts,
  symbol: Symbol,
  nils: readonly VarEvent[],
  write: VarEvent,
  assigns: readonly VarEvent[],
  earlierOrders: readonly number[],
  loopAssigns: (loop: ReadonlySet<number>) => boolean,
): Point | null {
  const decl: Point = { kind: symbol.kind === "result" ? "result" : "declaration", order: symbol.order, event: null };
  if (write.fn !== symbol.fn) return symbol.nilAtDeclaration && assigns.length === 0 ? decl : null;
  let point: Point | null = symbol.nilAtDeclaration ? decl : null;
  for (const e of nils) {
    if (e.order >= write.order) break;
    if (control.dominates(e, write)) point = { kind: "nil", order: e.order, event: e };
  }
  if (!point) return null;
  const before = firstAfter(earlierOrders, point.order) < write.order;
  const startEvent = point.event ?? (point.kind === "declaration" ? symbol.declaration : null);
  const inLoop = control
    .loopsAround(write)
    .some((loop) => !(startEvent && startEvent.fn === write.fn && loop.has(startEvent.block)) && loopAssigns(loop));
  return before || inLoop ? null : point;
}

/** The smallest of the sorted `orders` greater than `after`, or Infinity. */
function firstAfter(orders: readonly number[], after: number): number {
  let lo = 0;
  let hi = orders.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (orders[mid] <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo < orders.length ? orders[lo] : Infinity;
}

function packagePoints(pkg: PackageFacts, guards: WriteGuards, symbol: Symbol, list: readonly VarEvent[]): Flagged[] {
  if (!symbol.nilAtDeclaration) return [];
  if (list.some((e) => e.kind === "assign" || e.kind === "nil" || e.kind === "address")) return [];
  const brokenText = pkg.files.flatMap((f) => f.errorSpans.map((s) => f.text.slice(s.start, s.end))).join("\n");
  if (brokenText && new RegExp(`(?<![\\p{L}\\p{N}_])${symbol.name}(?![\\p{L}\\p{N}_])`, "u").test(brokenText)) return [];
  if (pkg.files.some((f) => f.text.includes("go:linkname") && linknames(f.text).includes(symbol.name))) return [];
  const flagged = new Map<number, Flagged>();
  for (const write of list) {
    if (write.kind !== "write") continue;
    const top = topLevel(pkg.ir, write.fn);
    if (top.broken || top.name.startsWith("<vars>") || flagged.has(top.id)) continue;
    if (symbol.exported && !(isInit(top) && write.fn === top)) continue;
    if (guards.guarded(symbol.key, symbol.name, write) || guards.nilComparedBefore(symbol.key, symbol.name, list, write)) continue;
    const file = fileOf(pkg, write.fn.path);
    if (file && insideErrors(file, write)) continue;
    flagged.set(top.id, { kind: "declaration", order: symbol.order, event: null, write });
  }
  return [...flagged.values()];
}

function isInit(fn: IrFunction): boolean {
  return fn.kind === "func" && fn.receiver === null && /^init(#\d+)?$/.test(fn.name);
}

function insideErrors(file: FileModel, write: VarEvent): boolean {
  const at = write.instr?.at ?? -1;
  return file.errorSpans.some((s) => at >= s.start && at < s.end);
}

function linknames(text: string): string[] {
  return [...text.matchAll(/^\/\/go:linkname\s+(\S+)/gm)].map((m) => m[1]);
}


function report(pkg: PackageFacts, symbol: Symbol, flagged: Flagged): Finding {
  const { write } = flagged;
  const writePath = write.fn.path;
  const declaredLine = symbol.declared.line;
  const params: Record<string, string | number> = { name: symbol.name, line: declaredLine };
  if (symbol.kind === "package") params.where = symbol.path === writePath ? `line ${declaredLine}` : `${symbol.path}:${declaredLine}`;
  const nilEvent = flagged.event;
  if (nilEvent) params.line = nilEvent.span.line;
  const messageId: NilMapWriteMessage =
    flagged.kind === "nil" ? "nil" : symbol.kind === "package" ? "package" : symbol.kind === "result" ? "result" : "local";
  const relatedId: NilMapWriteMessage = flagged.kind === "nil" ? "nilHere" : symbol.kind === "result" ? "resultHere" : "declaredHere";
  const fix = fileOf(pkg, writePath) ? fixFor(pkg, symbol, flagged) : undefined;
  return makeFinding(nilMapWrite, pkg, {
    messageId,
    params,
    subject: symbol.name,
    location: locationOf(writePath, write.stmt),
    related: [{ location: nilEvent ? locationOf(nilEvent.fn.path, nilEvent.stmt) : locationOf(symbol.path, symbol.declared), messageId: relatedId }],
    ...(fix ? { fix } : {}),
  });
}

function fixFor(pkg: PackageFacts, symbol: Symbol, point: Point): Fix | undefined {
  const make = `make(${symbol.typeText})`;
  const params = { name: symbol.name };
  if (point.kind === "nil") {
    const event = point.event;
    const file = event ? fileOf(pkg, event.fn.path) : undefined;
    if (!event || !file) return undefined;
    const s = event.stmt;
    const line = file.lines[s.line - 1] ?? "";
    const parts = aloneOnLine(line, s.line === s.endLine, s.column - 1, s.endColumn - 1);
    if (!parts || !/^\S+\s*=\s*nil$/.test(line.slice(s.column - 1, s.endColumn - 1))) return undefined;
    return edit(formatMessage(messages.fixNil, params), event.fn.path, s.line, `${parts.indent}${symbol.name} = ${make}${parts.trailing}`);
  }
  const file = fileOf(pkg, symbol.path);
  if (!file) return undefined;
  if (symbol.kind === "result") {
    const open = bodyOpenLine(file.lines, symbol.declared, 1);
    if (open === null) return undefined;
    const opening = file.lines[open - 1] ?? "";
    const indent = /^\s*/.exec(opening)?.[0] ?? "";
    return edit(formatMessage(messages.fixResult, params), symbol.path, open, `${opening}\n${indent}\t${symbol.name} = ${make}`);
  }
  if (!symbol.declaration) return undefined;
  const site = varSite(file.lines, symbol.declaration.stmt);
  if (!site) return undefined;
  const declaration = site.form === "var-spec" ? `${symbol.name} = ${make}` : symbol.kind === "package" ? `var ${symbol.name} = ${make}` : `${symbol.name} := ${make}`;
  return edit(formatMessage(messages.fixDeclaration, params), symbol.path, site.line, `${site.indent}${declaration}${site.trailing}`);
}

function edit(description: string, path: string, line: number, replacement: string): Fix {
  return { description, edits: [{ path, startLine: line, endLine: line, replacement }] };
}

