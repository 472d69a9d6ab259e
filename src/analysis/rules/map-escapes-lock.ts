// map-escapes-lock: a method returns a guarded map field while holding its
// lock. The lock ends with the method; the caller then reads the very map
// that other methods keep changing under the lock. Reported only for maps
// changed in place by some method: a map replaced wholesale (copy-on-write)
// or never changed after construction is safe to hand out.
import { guardOf, holds } from "../model/lock-queries.js";
import type { MapEvent, MapSymbol, PackageModel } from "../model/model-types.js";
import type { Finding } from "../types.js";
import { allowsMapsClone, returnCopyFix } from "./support/copy-map-fix.js";
import { accessLocation, accessName, mutexName, textAt } from "./support/lock-rule-support.js";
import { makeFinding, type Rule } from "./support/rule.js";

const messages = {
  returned:
    '`{function}` returns `{name}` itself while holding `{mutex}`, so its callers use the map after the lock is released, while other methods change it under the lock: that can stop the process with "fatal error: concurrent map read and map write". Return a copy.',
  changedHere: "`{name}` is changed here under `{mutex}`",
  fixClone: "Return a copy made with `maps.Clone` while `{mutex}` is held",
  fixLoop: "Return a copy made while `{mutex}` is held",
} as const;

export type MapEscapesLockMessage = keyof typeof messages;

export const mapEscapesLock: Rule<MapEscapesLockMessage> = {
  id: "map-escapes-lock",
  meta: {
    id: "map-escapes-lock",
    severity: "warning",
    summary: "A method returns a map field it guards with a lock, so callers use the map after the lock is released.",
  },
  messages,
  check(pkg, options) {
    const findings: Finding[] = [];
    for (const symbol of pkg.symbols) {
      if (symbol.kind !== "field") continue;
      const events = pkg.events.get(symbol.id) ?? [];
      const guard = guardOf(pkg, symbol);
      if (!guard) continue;
      // Changed in place under the same lock by a method: callers of the getter race with that.
      const change = events.find(
        (e) => (e.kind === "write" || e.kind === "delete") && e.base?.rootKind === "receiver" && holds(pkg, e, guard.mutex),
      );
      if (!change) continue;
      for (const e of events) {
        const held = returnedUnderLock(pkg, e, guard.mutex);
        if (held) findings.push(report(pkg, symbol, e, change, held, options?.goVersion));
      }
    }
    return findings;
  },
};

/** The lock's text when `e` is `return c.m` (the field alone) with `mutex` locked by this very function. */
function returnedUnderLock(pkg: PackageModel, e: MapEvent, mutex: string): string | null {
  if (e.kind !== "escape" || e.base?.rootKind !== "receiver" || !e.base.direct) return null;
  const held = e.context.locksHeld.find((h) => h.mutex === mutex && !h.copy);
  if (!held) return null;
  const stmt = textAt(pkg, e.statement);
  const name = accessName(e);
  return stmt.replace(/\s+/g, " ") === `return ${name}` ? mutexName(held.text, held.mutex) : null;
}

function report(pkg: PackageModel, symbol: MapSymbol, e: MapEvent, change: MapEvent, mutex: string, goVersion: string | undefined): Finding {
  const fn = pkg.functions[e.context.functionIndex];
  const name = accessName(e);
  const params = { name, mutex, function: fn?.name ?? "" };
  const description = (allowsMapsClone(goVersion) ? messages.fixClone : messages.fixLoop).replace("{mutex}", mutex);
  const fix = returnCopyFix(pkg, e, name, goVersion, description);
  return makeFinding(mapEscapesLock, pkg, {
    messageId: "returned",
    params,
    subject: symbol.name,
    location: e.statement,
    related: [{ location: accessLocation(change), messageId: "changedHere" }],
    ...(fix ? { fix } : {}),
  });
}
