// map-escapes-lock: a method returns a guarded map
// field itself (`return c.m`) while the flow layer says it holds the field's
// guarding mutex, and some method changes that map in place under the same
// mutex. The caller reads the map after the lock is released.
import type { Instr } from "../lower/ir.js";
import type { PackageFacts } from "../package-facts.js";
import type { Finding } from "../types.js";
import { makeFinding, type RuleOptions, type Rule } from "./support/rule.js";
import { declaredName } from "./support/caller-holds.js";
import { type FieldEvent, fieldMapEvents } from "./support/field-map-events.js";
import { FieldLocks } from "./support/field-guard.js";
import { accessLocation } from "./support/access-location.js";
import { locationOf, spanText } from "./support/line-text.js";
import { FunctionFamilies } from "./support/lock-calls.js";
import { outermostVar } from "./support/mutex-identity.js";
import { mutexName } from "./support/mutex-text.js";
import { allowsMapsClone, returnCopyFix } from "./support/return-copy-fix.js";

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
    const { semantic } = pkg;
    const families = new FunctionFamilies(pkg.ir.functions);
    const locks = new FieldLocks(semantic, pkg.files, (fn) => families.outermost(fn));
    const findings: Finding[] = [];
    for (const events of fieldMapEvents(semantic, pkg.ir.functions).values()) {
      // Only a getter can hand the map out: skip fields no method returns.
      if (!events.some((e) => e.kind === "escape" && e.instr.op === "return")) continue;
      const guard = locks.guardOf(events);
      if (!guard) continue;
      // Changed in place under the same lock by a method: callers of the getter race with that.
      const change = events.find((e) => (e.kind === "write" || e.kind === "delete") && onReceiver(pkg, e) && locks.holds(e, guard.identity));
      if (!change) continue;
      for (const e of events) {
        const mutex = returnedUnderLock(pkg, locks, e, guard.identity);
        if (mutex) findings.push(report(pkg, families, e, change, mutex, options));
      }
    }
    return findings;
  },
};

function onReceiver(pkg: PackageFacts, e: FieldEvent): boolean {
  const root = e.map.base?.root;
  if (root?.kind !== "var") return false;
  const [outer, id] = outermostVar(pkg.semantic, e.fn, root.var);
  return outer.vars[id]?.kind === "receiver";
}

/** The mutex's name when `e` is `return c.m` (the field alone, on the receiver) with the guard locked here. */
function returnedUnderLock(pkg: PackageFacts, locks: FieldLocks, e: FieldEvent, guard: string): string | null {
  if (e.kind !== "escape" || e.instr.op !== "return" || !onReceiver(pkg, e) || e.map.base?.selectors.length !== 0) return null;
  const held = locks.at(e).find((h) => h.identity === guard);
  if (!held) return null;
  const stmt = spanText(pkg.files, e.fn.path, e.instr.stmt);
  return stmt.replace(/\s+/g, " ") === `return ${e.map.text}` ? mutexName(pkg.semantic, held.fn, held.mutex) : null;
}

function report(pkg: PackageFacts, families: FunctionFamilies, e: FieldEvent, change: FieldEvent, mutex: string, options: RuleOptions | undefined): Finding {
  const outer = families.outermost(e.fn);
  const name = e.map.text;
  const params = { name, mutex, function: declaredName(outer) };
  const goVersion = options?.goVersion;
  const description = (allowsMapsClone(goVersion) ? messages.fixClone : messages.fixLoop).replace("{mutex}", mutex);
  const fix = returnCopyFix(pkg.files, outer, e.fn.path, e.instr.stmt, name, fieldTypeText(pkg, e), goVersion, description);
  return makeFinding(mapEscapesLock, pkg, {
    messageId: "returned",
    params,
    subject: e.map.name,
    location: locationOf(e.fn.path, e.instr.stmt),
    related: [{ location: accessLocation(pkg.files, change.fn.path, change.instr), messageId: "changedHere" }],
    ...(fix ? { fix } : {}),
  });
}

/** The field's type as its struct declares it. */
function fieldTypeText(pkg: PackageFacts, e: FieldEvent): string | null {
  const owner = e.map.owner;
  if (!owner) return null;
  const view = pkg.semantic.structOf({ kind: "named", text: owner, pkg: null, name: owner, args: [] });
  return view?.fields.find((f) => f.name === e.map.name)?.type.text ?? null;
}

