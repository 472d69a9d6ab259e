// map-write-under-rlock: a write or delete on a shared map while only a read
// lock is held. Readers hold the read lock together, so the write races them.
import type { HeldLock } from "../model/lock-types.js";
import type { MapEvent, PackageModel } from "../model/model-types.js";
import type { Finding } from "../types.js";
import { upgradeReadLockFix } from "./support/lock-fixes.js";
import { accessLocation, accessName, lockCallAt, mutexName } from "./support/lock-rule-support.js";
import { makeFinding, type Rule } from "./support/rule.js";

const messages = {
  write:
    '`{name}` is written while `{mutex}` is only read-locked: every reader holds the read lock at the same time, so this write races with them and can stop the process with "fatal error: concurrent map writes", which recover() cannot catch.',
  delete:
    '`{name}` is changed by `delete` while `{mutex}` is only read-locked: every reader holds the read lock at the same time, so this races with them and can stop the process with "fatal error: concurrent map read and map write".',
  readLocked: "`{mutex}` is read-locked here (`RLock`)",
  fix: "Take the write lock: `{mutex}.Lock()` and `{mutex}.Unlock()` instead of `RLock`/`RUnlock`",
} as const;

export type MapWriteUnderRlockMessage = keyof typeof messages;

export const mapWriteUnderRlock: Rule<MapWriteUnderRlockMessage> = {
  id: "map-write-under-rlock",
  meta: {
    id: "map-write-under-rlock",
    severity: "error",
    summary: "A write or delete on a shared map while only a read lock (`RLock`) is held.",
  },
  messages,
  check(pkg) {
    const findings: Finding[] = [];
    const reported = new Set<string>();
    for (const symbol of pkg.symbols) {
      // Locals and parameters are the function's own business; fields and package maps are shared.
      if (symbol.kind !== "field" && symbol.kind !== "package") continue;
      for (const e of pkg.events.get(symbol.id) ?? []) {
        if ((e.kind !== "write" && e.kind !== "delete") || builtHere(pkg, e)) continue;
        const rlock = onlyReadLocked(e);
        const key = rlock ? `${e.context.functionIndex}:${rlock.at}:${symbol.id}` : "";
        if (!rlock || reported.has(key)) continue;
        reported.add(key);
        findings.push(report(pkg, e, rlock));
      }
    }
    return findings;
  },
};

/** A field of a struct value made in this very function (`s := &Stats{}`): nobody else sees it yet. */
function builtHere(pkg: PackageModel, e: MapEvent): boolean {
  const root = e.base?.rootValue;
  if (root === undefined || e.base?.rootKind !== "local") return false;
  return pkg.constructions.some((c) => c.value === root);
}

/** The read lock held at `e` when no lock at all is held in write mode. */
function onlyReadLocked(e: MapEvent): HeldLock | null {
  const held = e.context.locksHeld;
  if (held.some((h) => h.mode === "write")) return null;
  return held.findLast((h) => h.mode === "read" && !h.copy) ?? null;
}

function report(pkg: PackageModel, e: MapEvent, rlock: HeldLock): Finding {
  const call = lockCallAt(pkg, e.context.functionIndex, rlock.at);
  const params = { name: accessName(e), mutex: mutexName(rlock.text, rlock.mutex) };
  const fix = call ? upgradeReadLockFix(pkg, call, messages.fix.replaceAll("{mutex}", rlock.text)) : undefined;
  return makeFinding(mapWriteUnderRlock, pkg, {
    messageId: e.kind === "delete" ? "delete" : "write",
    params,
    subject: e.symbol.name,
    location: accessLocation(e),
    related: call ? [{ location: call.statement, messageId: "readLocked" }] : [],
    ...(fix ? { fix } : {}),
  });
}
