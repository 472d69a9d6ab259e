// map-unguarded-field: a map field that methods access with the struct's
// mutex held, accessed by another method without it. Only accesses through
// the method's own receiver count (a constructor's fresh value is not yet
// shared), and only for maps that methods change after construction (a map
// only read after it is built needs no lock to be read).
import type { Guard } from "../model/lock-queries.js";
import { heldByCallers } from "../model/lock-callers.js";
import { guardOf, isAccess, isWrite, lockTextAt } from "../model/lock-queries.js";
import type { MapEvent, MapSymbol, PackageModel } from "../model/model-types.js";
import type { Finding } from "../types.js";
import { lockMethodFix } from "./support/lock-fixes.js";
import { accessLocation, accessName, eventsByFunction, mutexName } from "./support/lock-rule-support.js";
import { makeFinding, type Rule } from "./support/rule.js";

const messages = {
  read: '`{name}` is guarded by `{mutex}` elsewhere, but `{function}` reads it without holding `{mutex}`: a concurrent write can stop the process with "fatal error: concurrent map read and map write".',
  write:
    '`{name}` is guarded by `{mutex}` elsewhere, but `{function}` changes it without holding `{mutex}`: a concurrent access can stop the process with "fatal error: concurrent map writes".',
  copy: "`{function}` has a value receiver, so `{mutex}` locks a copy of the mutex while `{name}` is shared with every other copy: the lock guards nothing. Use a pointer receiver.",
  guardedHere: "`{name}` is accessed here with `{mutex}` held",
  fix: "Hold `{mutex}` for the whole of `{function}`",
} as const;

export type MapUnguardedFieldMessage = keyof typeof messages;

export const mapUnguardedField: Rule<MapUnguardedFieldMessage> = {
  id: "map-unguarded-field",
  meta: {
    id: "map-unguarded-field",
    severity: "warning",
    summary: "A map field guarded by a mutex in some methods, accessed without that mutex in another.",
  },
  messages,
  check(pkg) {
    const findings: Finding[] = [];
    let byFunction: Map<number, MapEvent[]> | null = null;
    for (const symbol of pkg.symbols) {
      if (symbol.kind !== "field") continue;
      // Only methods speak for the convention: a value being built under its own lock
      // is not shared yet, and tests poke at internals from one goroutine.
      const events = (pkg.events.get(symbol.id) ?? []).filter((e) => e.base?.rootKind === "receiver" && !e.location.path.endsWith("_test.go"));
      const guard = guardOf(pkg, symbol, events);
      if (!guard || !changedByMethods(events)) continue;
      const flagged = new Map<number, MapEvent>();
      for (const e of events) {
        if (!flagged.has(e.context.functionIndex) && unguarded(pkg, e, guard, events)) flagged.set(e.context.functionIndex, e);
      }
      // The convention must be clear: several methods lock, and they outnumber those that do not.
      const guarded = new Set(events.filter((e) => isAccess(e) && e.context.locksHeld.some((h) => h.mutex === guard.mutex)).map((e) => e.context.functionIndex));
      if (flagged.size === 0 || guarded.size < 2 || guarded.size < flagged.size) continue;
      byFunction ??= eventsByFunction(pkg);
      for (const e of flagged.values()) findings.push(report(pkg, symbol, e, guard, byFunction.get(e.context.functionIndex) ?? []));
    }
    return findings;
  },
};

/** Some method changes the map (or replaces it) through its receiver: it is not read-only after construction. */
function changedByMethods(events: readonly MapEvent[]): boolean {
  return events.some((e) => isWrite(e) && e.base?.rootKind === "receiver");
}

function unguarded(pkg: PackageModel, e: MapEvent, guard: Guard, events: readonly MapEvent[]): boolean {
  if (!isAccess(e) || e.kind === "assign" || e.kind === "nil" || e.kind === "escape") return false;
  if (e.base?.rootKind !== "receiver") return false;
  const fn = pkg.functions[e.context.functionIndex];
  const facts = pkg.locks.functions.get(e.context.functionIndex);
  // The guard must be a mutex of this method's own receiver type: `T.mu` for a method of T.
  if (!fn || fn.broken || !facts?.receiver || !guard.mutex.startsWith(`${facts.receiver.type}.`)) return false;
  // Another mutex of the same value may be the one that guards this access.
  const own = `${facts.receiver.type}.`;
  if (e.context.locksHeld.some((h) => h.mutex.startsWith(own) && !h.copy)) return false;
  // A method that locks the mutex itself and still reaches here unlocked is
  // locking on some condition (`if doLock { s.RLock() }`) we cannot follow.
  if (pkg.locks.calls.some((c) => c.functionIndex === e.context.functionIndex && c.mutex === guard.mutex)) return false;
  // A map this very method has just made is not shared yet.
  if (events.some((x) => x.kind === "assign" && x.at < e.at && x.context.functionIndex === e.context.functionIndex && x.base?.text === e.base?.text)) {
    return false;
  }
  return !heldByCallers(pkg, e.context.functionIndex, guard.mutex);
}

function report(pkg: PackageModel, symbol: MapSymbol, e: MapEvent, guard: Guard, fnEvents: readonly MapEvent[]): Finding {
  const fn = pkg.functions[e.context.functionIndex];
  const fieldName = guard.mutex.slice(guard.mutex.indexOf(".") + 1);
  const copy = e.context.locksHeld.find((h) => h.copy && h.mutex.endsWith(`.${fieldName}`));
  const mutex = mutexName(copy?.text ?? lockTextAt(guard, e.base) ?? guard.held.text, guard.mutex);
  const params = { name: accessName(e), mutex, function: fn?.name ?? "" };
  const messageId: MapUnguardedFieldMessage = copy ? "copy" : isWrite(e) ? "write" : "read";
  const read = guard.kind === "RWMutex" && fnEvents.every((x) => !isWrite(x));
  const lockText = lockTextAt(guard, e.base);
  // A goroutine started here does not run under a lock taken by the method.
  const fix =
    !copy && lockText && e.base?.direct && fnEvents.every((x) => x.context.closure === 0)
      ? lockMethodFix(pkg, e.context.functionIndex, lockText, read, messages.fix.replace("{mutex}", lockText).replace("{function}", params.function))
      : undefined;
  return makeFinding(mapUnguardedField, pkg, {
    messageId,
    params,
    subject: symbol.name,
    location: accessLocation(e),
    related: [{ location: accessLocation(guard.evidence), messageId: "guardedHere" }],
    ...(fix ? { fix } : {}),
  });
}
