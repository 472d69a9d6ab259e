// map-write-under-rlock: a write or delete on a shared
// map (a struct's map field, a package map) where the flow layer says a read
// lock is held on every path and no lock is held in write mode.
import type { Instr, IrFunction } from "../lower/ir.js";
import type { PackageFacts } from "../package-facts.js";
import type { Finding } from "../types.js";
import { makeFinding, type Rule } from "./support/rule.js";
import { builtHere, mapMadeBefore } from "./support/built-here.js";
import { accessLocation } from "./support/access-location.js";
import { locationOf } from "./support/line-text.js";
import { FunctionFamilies, type LockCallAt, mutexIdentity } from "./support/lock-calls.js";
import { mutexName, mutexText } from "./support/mutex-text.js";
import { HeldLocks, onlyReadLocked } from "./support/read-locked.js";
import { sharedMapOf, writesMap } from "./support/shared-map.js";
import { upgradeReadLockFix } from "./support/upgrade-read-lock-fix.js";
import { oncePerPackage } from "./support/once-per-package.js";
import { OwnedHere } from "./support/owned-here.js";

const messages = {
  write:
    '`{name}` is written while `{mutex}` is only read-locked: every reader holds the read lock at the same time, so this write races with them and can stop the process with "fatal error: concurrent map writes", which recover() cannot catch.',
  delete:
    '`{name}` is changed by `delete` while `{mutex}` is only read-locked: every reader holds the read lock at the same time, so this races with them and can stop the process with "fatal error: concurrent map read and map write".',
  readLocked: "`{mutex}` is read-locked here (`RLock`)",
  fix: "Take the write lock: `{mutex}.Lock()` and `{mutex}.Unlock()` instead of `RLock`/`RUnlock`",
} as const;

export type MapWriteUnderRlockMessage = keyof typeof messages;

export const mapWriteUnderRlock: Rule<MapWriteUnderRlockMessage> = oncePerPackage({
  id: "map-write-under-rlock",
  meta: {
    id: "map-write-under-rlock",
    severity: "error",
    summary: "A write or delete on a shared map while only a read lock (`RLock`) is held.",
  },
  messages,
  check(pkg) {
    const { semantic } = pkg;
    const functions = pkg.ir.functions;
    const held = new HeldLocks(functions);
    const families = new FunctionFamilies(functions);
    const findings: Finding[] = [];
    const reported = new Set<string>();
    const readLocking = new Map<number, boolean>();
    const owned = new OwnedHere(pkg);
    for (const fn of functions) {
      const top = families.outermost(fn);
      let matters = readLocking.get(top.id);
      if (matters === undefined) {
        matters = families.family(fn).some(takesReadLock);
        readLocking.set(top.id, matters);
      }
      if (!matters) continue;
      for (const block of fn.blocks) {
        for (const instr of block.instrs) {
          if (!writesMap(instr)) continue;
          const map = sharedMapOf(semantic, fn, instr.path);
          if (!map) continue;
          const rlock = onlyReadLocked(held.before(fn, instr));
          if (!rlock?.lockedAt || builtHere(semantic, fn, map.base) || mapMadeBefore(fn, map.path, instr)) continue;
          // A map of a value the function made and kept to itself (`o := newObj()`) is no reader's.
          if (owned.owns(fn, map.path)) continue;
          const key = `${families.outermost(fn).id}:${rlock.lockedAt.at}:${map.identity}`;
          if (reported.has(key)) continue;
          reported.add(key);
          findings.push(report(pkg, families, fn, instr, map, rlock.fn, rlock.lockedAt));
        }
      }
    }
    return findings;
  },
});

/** Only a function (or a literal inside one) that takes a read lock can write under one. */
function takesReadLock(fn: IrFunction): boolean {
  return fn.blocks.some((b) => b.instrs.some((x) => x.op === "lock" && x.mode === "read"));
}

function report(
  pkg: PackageFacts,
  families: FunctionFamilies,
  accessFn: IrFunction,
  instr: Extract<Instr, { op: "access" }>,
  map: NonNullable<ReturnType<typeof sharedMapOf>>,
  lockFn: IrFunction,
  lock: Instr,
): Finding {
  const { semantic, files } = pkg;
  const fn = lockFn;
  const mutex = lock.op === "lock" ? lock.mutex : null;
  const text = mutex ? mutexText(fn, mutex) : "";
  const params = { name: map.text, mutex: mutex ? mutexName(semantic, fn, mutex) : text };
  const call: LockCallAt | null = mutex ? { op: "RLock", mutex: mutexIdentity(semantic, fn, mutex), deferred: false, recv: mutex, instr: lock, fn, path: fn.path } : null;
  const description = messages.fix.replaceAll("{mutex}", text);
  const fix = call ? upgradeReadLockFix(files, semantic, families, call, text.split(".")[0] ?? "", description) : undefined;
  const location = accessLocation(files, accessFn.path, instr);
  return makeFinding(mapWriteUnderRlock, pkg, {
    messageId: instr.kind === "write" ? "write" : "delete",
    params,
    subject: map.name,
    location,
    related: [{ location: locationOf(fn.path, lock.stmt), messageId: "readLocked" }],
    ...(fix ? { fix } : {}),
  });
}
