// nil-map-write: a write to a map that is nil on every path to the write.
// Without a control-flow graph, "every path" is approximated conservatively:
// any assignment that could run before the write silences the finding.
import type { MapEvent, MapSymbol, PackageModel } from "../model/model-types.js";
import type { Finding } from "../types.js";
import { insideSpans } from "../model/file-facts.js";
import { mentions } from "../model/relevance.js";
import { nilPointFix, type NilPoint } from "./support/nil-map-write-fix.js";
import { makeFinding, type Rule } from "./support/rule.js";

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
} as const;

export type NilMapWriteMessage = keyof typeof messages;

export const nilMapWrite: Rule<NilMapWriteMessage> = {
  id: "nil-map-write",
  meta: { id: "nil-map-write", severity: "error", summary: "Write to a map that is nil on every path to the write." },
  messages,
  check(pkg) {
    const findings: Finding[] = [];
    for (const symbol of pkg.symbols) {
      const events = pkg.events.get(symbol.id) ?? [];
      if (!events.some(isDirectWrite)) continue;
      const points = symbol.kind === "package" ? packagePoints(pkg, symbol, events) : localPoints(pkg, symbol, events);
      for (const point of points) findings.push(report(pkg, symbol, point));
    }
    return findings;
  },
};

function isDirectWrite(e: MapEvent): boolean {
  return e.kind === "write" && !e.nested;
}

/** Where the map became nil (its declaration, or `m = nil`) and the first write that follows. */
interface Flagged extends NilPoint {
  write: MapEvent;
}

function localPoints(pkg: PackageModel, symbol: MapSymbol, events: readonly MapEvent[]): Flagged[] {
  if (symbol.kind !== "local" && symbol.kind !== "result") return [];
  const fn = pkg.functions[symbol.functionIndex];
  if (!fn || fn.broken) return [];
  // `&m` hands the variable out: whoever holds the pointer may assign it.
  if (events.some((e) => e.kind === "address")) return [];
  const assigns = events.filter((e) => e.kind === "assign");
  // A closure may run at any time, so an assignment inside one may precede any write.
  if (assigns.some((a) => a.context.closure !== symbol.closure)) return [];
  if (fn.hasGoto && assigns.length > 0) return [];

  const flagged = new Map<string, Flagged>();
  for (const write of events.filter(isDirectWrite)) {
    const point = nilPointBefore(symbol, events, write, assigns);
    if (!point || isGuarded(symbol, events, write)) continue;
    const key = `${point.at}:${write.context.closure}`;
    if (!flagged.has(key)) flagged.set(key, { ...point, write });
  }
  return [...flagged.values()];
}

function nilPointBefore(symbol: MapSymbol, events: readonly MapEvent[], write: MapEvent, assigns: readonly MapEvent[]): NilPoint | null {
  if (write.context.closure !== symbol.closure) {
    // The closure may run long after the declaration: only a map that is never assigned at all is surely nil.
    return symbol.nilAtDeclaration && assigns.length === 0 ? declarationPoint(symbol) : null;
  }
  let point: NilPoint | null = symbol.nilAtDeclaration ? declarationPoint(symbol) : null;
  for (const e of events) {
    if (e.at >= write.at) break;
    // `m = nil` resets the map on every path only when its block also holds the write.
    const dominates = e.context.block.start <= write.at && write.at < e.context.block.end;
    if (e.kind === "nil" && e.context.closure === symbol.closure && dominates) point = { kind: "nil", at: e.at, event: e };
  }
  if (!point) return null;
  const start = point.at;
  // A `return` ends the function, so a result assigned by it cannot precede a later write in the same body.
  const earlier = assigns.filter((a) => a.source !== "return");
  const before = earlier.some((a) => a.at > start && a.at < write.at);
  // A later iteration of a loop around the write may run after an assignment
  // further down, unless the map becomes nil again inside that same loop.
  const inLoop = write.context.loops.some(
    (loop) => !(start >= loop.start && start < loop.end) && earlier.some((a) => a.at >= loop.start && a.at < loop.end),
  );
  return before || inLoop ? null : point;
}

function declarationPoint(symbol: MapSymbol): NilPoint {
  return { kind: symbol.kind === "result" ? "result" : "declaration", at: symbol.at, event: null };
}

/** `if m != nil { m[k] = v }`, `if m == nil { return }`, `if len(m) > 0 {...}`: the code knows. */
function isGuarded(symbol: MapSymbol, events: readonly MapEvent[], write: MapEvent): boolean {
  if (write.context.guardedBy.has(symbol.id)) return true;
  return events.some(
    (e) => e.kind === "nil-compare" && e.at < write.at && e.context.functionIndex === write.context.functionIndex,
  );
}

function packagePoints(pkg: PackageModel, symbol: MapSymbol, events: readonly MapEvent[]): Flagged[] {
  if (!symbol.nilAtDeclaration) return [];
  if (events.some((e) => e.kind === "assign" || e.kind === "nil" || e.kind === "address")) return [];
  // A broken region that names the map may hold the assignment we cannot see.
  if (pkg.brokenText && mentions(pkg.brokenText, symbol.name)) return [];
  // `//go:linkname cache other.cache` lets another package own the variable.
  if (pkg.files.some((f) => f.text.includes("go:linkname") && linknames(f.text).includes(symbol.name))) return [];
  const flagged = new Map<number, Flagged>();
  for (const write of events.filter(isDirectWrite)) {
    const fn = pkg.functions[write.context.functionIndex];
    if (!fn || fn.broken || flagged.has(fn.index)) continue;
    // Another package may assign an exported map before calling in; only `init`
    // is sure to run first, and only its own body, not a closure it creates.
    if (symbol.exported && !(fn.isInit && write.context.closure === 0)) continue;
    if (isGuarded(symbol, events, write)) continue;
    const file = pkg.files.find((f) => f.path === write.location.path);
    if (file && insideSpans(file.errorSpans, write.at)) continue;
    flagged.set(fn.index, { ...declarationPoint(symbol), write });
  }
  return [...flagged.values()];
}

function linknames(text: string): string[] {
  return [...text.matchAll(/^\/\/go:linkname\s+(\S+)/gm)].map((m) => m[1]);
}

function report(pkg: PackageModel, symbol: MapSymbol, flagged: Flagged): Finding {
  const { write } = flagged;
  const file = pkg.files.find((f) => f.path === write.location.path);
  const declaredLine = symbol.declared.startLine;
  const params: Record<string, string | number> = { name: symbol.name, line: declaredLine };
  if (symbol.kind === "package") {
    params.where = symbol.path === write.location.path ? `line ${declaredLine}` : `${symbol.path}:${declaredLine}`;
  }
  const nilEvent = flagged.event;
  if (nilEvent) params.line = nilEvent.location.startLine;
  const messageId: NilMapWriteMessage =
    flagged.kind === "nil" ? "nil" : symbol.kind === "package" ? "package" : symbol.kind === "result" ? "result" : "local";
  const relatedId: NilMapWriteMessage = flagged.kind === "nil" ? "nilHere" : symbol.kind === "result" ? "resultHere" : "declaredHere";
  const fix = file ? nilPointFix(pkg, symbol, flagged, messages) : undefined;
  return makeFinding(nilMapWrite, pkg, {
    messageId,
    params,
    subject: symbol.name,
    location: write.statement,
    related: [{ location: nilEvent ? nilEvent.statement : symbol.declared, messageId: relatedId }],
    ...(fix ? { fix } : {}),
  });
}
