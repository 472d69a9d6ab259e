// Small lookups the lock rules share: how to name a field access, the text of
// a function, the Lock call behind a held lock.
import type { LockCall } from "../../model/lock-types.js";
import type { FileModel, FunctionModel, MapEvent, PackageModel } from "../../model/model-types.js";
import { aloneOnLineText } from "../../model/declarations.js";
import type { Location } from "../../types.js";

/** `c.items` for a field reached through `c`, `cache` for a variable. */
export function accessName(e: MapEvent): string {
  return e.base ? `${e.base.text}.${e.symbol.name}` : e.symbol.name;
}

/**
 * Where a finding about `e` goes: its statement when that is one line holding
 * the access, else the access itself (a `range` or an `if` header carries
 * the enclosing statement of the walk, which may span many lines).
 */
export function accessLocation(e: MapEvent): Location {
  const s = e.statement;
  return s.startLine === s.endLine && s.startLine === e.location.startLine ? s : e.location;
}

/** How a message names a held mutex: `c.mu`, or `c.RWMutex` for one embedded in `c` (locked as `c.RLock()`). */
export function mutexName(text: string, mutex: string): string {
  const embedded = /\.(RWMutex|Mutex)$/.exec(mutex)?.[1];
  return embedded && !text.endsWith(`.${embedded}`) ? `${text}.${embedded}` : text;
}

export function fileOf(pkg: PackageModel, path: string): FileModel | undefined {
  return pkg.files.find((f) => f.path === path);
}

export function functionText(pkg: PackageModel, fn: FunctionModel): string {
  return fileOf(pkg, fn.path)?.text.slice(fn.span.start, fn.span.end) ?? "";
}

/** The Lock/RLock call that took a held lock, found by its offset. */
export function lockCallAt(pkg: PackageModel, functionIndex: number, at: number): LockCall | undefined {
  return pkg.locks.calls.find((c) => c.functionIndex === functionIndex && c.at === at);
}

/** Lock calls of one function, all closures included. */
export function lockCallsOf(pkg: PackageModel, functionIndex: number): LockCall[] {
  return pkg.locks.calls.filter((c) => c.functionIndex === functionIndex);
}

/** The statement's line split around it, when the statement is alone on its line. */
export function statementLine(pkg: PackageModel, statement: Location): { line: string; indent: string; trailing: string } | null {
  const line = fileOf(pkg, statement.path)?.lines[statement.startLine - 1];
  if (line === undefined) return null;
  const parts = aloneOnLineText(line, statement.startLine === statement.endLine, statement.startColumn - 1, statement.endColumn - 1);
  return parts ? { line, ...parts } : null;
}

/** The text of a single-line location. */
export function textAt(pkg: PackageModel, loc: Location): string {
  if (loc.startLine !== loc.endLine) return "";
  return fileOf(pkg, loc.path)?.lines[loc.startLine - 1]?.slice(loc.startColumn - 1, loc.endColumn - 1) ?? "";
}

/** Whether a method's text calls another method (or a func field) on its receiver: `c.flush(`, not `c.Lock(`. */
export function callsOnReceiver(text: string, receiver: string): boolean {
  const escaped = receiver.replace(/[$]/g, "\\$");
  // An embedded mutex's own `c.Lock()` is not another method.
  return new RegExp(`(?<![\\w.])${escaped}\\.(?!(?:R?Lock|R?Unlock)\\()[\\p{L}_][\\p{L}\\p{N}_]*\\(`, "u").test(text);
}

/** Events grouped by function index, for rules that look at a function as a whole. */
export function eventsByFunction(pkg: PackageModel): Map<number, MapEvent[]> {
  const out = new Map<number, MapEvent[]>();
  for (const list of pkg.events.values()) {
    for (const e of list) {
      const fn = e.context.functionIndex;
      const bucket = out.get(fn);
      if (bucket) bucket.push(e);
      else out.set(fn, [e]);
    }
  }
  return out;
}
