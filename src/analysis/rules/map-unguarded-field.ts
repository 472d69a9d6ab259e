// map-unguarded-field: a map field that methods use
// with its struct's mutex held (flow locks, at most of its uses through a
// receiver), used by another method of that struct without it. Only uses
// through the method's own receiver count, only for maps that methods
// change, and only when the locking methods outnumber the others.
import { cfgOf } from "../flow/cfg.js";
import { dominates, dominators, type DomTree } from "../flow/dominators.js";
import type { Instr, IrFunction, Path } from "../lower/ir.js";
import type { PackageFacts } from "../package-facts.js";
import type { Finding, Location } from "../types.js";
import { makeFinding, type Rule } from "./support/rule.js";
import { declaredName } from "./support/caller-holds.js";
import { type FieldEvent, fieldMapEvents, isWriteEvent } from "./support/field-map-events.js";
import { type FieldGuard, FieldLocks } from "./support/field-guard.js";
import { CallerLocks } from "./support/held-by-callers.js";
import { accessLocation } from "./support/access-location.js";
import { locationOf } from "./support/line-text.js";
import { FunctionFamilies, lockCallsOf } from "./support/lock-calls.js";
import { lockMethodFix } from "./support/lock-method-fix.js";
import { mapUsesOf } from "./support/function-map-uses.js";
import { guardIdentity, outermostVar } from "./support/mutex-identity.js";
import { pathText } from "./support/path-text.js";
import { locksCopy } from "./support/read-locked.js";
import { oncePerPackage } from "./support/once-per-package.js";

const messages = {
  read: '`{name}` is guarded by `{mutex}` elsewhere, but `{function}` reads it without holding `{mutex}`: a concurrent write can stop the process with "fatal error: concurrent map read and map write".',
  write:
    '`{name}` is guarded by `{mutex}` elsewhere, but `{function}` changes it without holding `{mutex}`: a concurrent access can stop the process with "fatal error: concurrent map writes".',
  copy: "`{function}` has a value receiver, so `{mutex}` locks a copy of the mutex while `{name}` is shared with every other copy: the lock guards nothing. Use a pointer receiver.",
  guardedHere: "`{name}` is accessed here with `{mutex}` held",
  fix: "Hold `{mutex}` for the whole of `{function}`",
} as const;

export type MapUnguardedFieldMessage = keyof typeof messages;

interface Context {
  pkg: PackageFacts;
  families: FunctionFamilies;
  locks: FieldLocks;
  callers: CallerLocks;
  /** Guard identities each outermost function locks or unlocks anywhere (its literals included). */
  lockedBy: Map<number, Set<string>>;
}

export const mapUnguardedField: Rule<MapUnguardedFieldMessage> = oncePerPackage({
  id: "map-unguarded-field",
  meta: {
    id: "map-unguarded-field",
    severity: "warning",
    summary: "A map field guarded by a mutex in some methods, accessed without that mutex in another.",
  },
  messages,
  check(pkg) {
    const families = new FunctionFamilies(pkg.ir.functions);
    const outermost = (fn: IrFunction): IrFunction => families.outermost(fn);
    const locks = new FieldLocks(pkg.semantic, pkg.files, outermost);
    const ctx: Context = { pkg, families, locks, callers: new CallerLocks(pkg.semantic, locks, outermost), lockedBy: new Map() };
    const findings: Finding[] = [];
    for (const all of fieldMapEvents(pkg.semantic, pkg.ir.functions).values()) {
      // Only methods speak for the convention: a value being built under its own lock
      // is not shared yet, and tests poke at internals from one goroutine.
      const events = all.filter((e) => onReceiver(ctx, e) && !e.fn.path.endsWith("_test.go"));
      if (!events.some(isWriteEvent)) continue;
      const guard = locks.guardOf(events);
      if (!guard) continue;
      const made = replacementsByFunction(ctx, events);
      const flagged = new Map<number, FieldEvent>();
      for (const e of events) {
        const top = outermost(e.fn).id;
        if (!flagged.has(top) && unguarded(ctx, e, guard, made.get(top) ?? [])) flagged.set(top, e);
      }
      // The convention must be clear: several methods lock, and they outnumber those that do not.
      const guarded = new Set(events.filter((e) => locks.at(e).some((h) => h.identity === guard.identity)).map((e) => outermost(e.fn).id));
      if (flagged.size === 0 || guarded.size < 2 || guarded.size < flagged.size) continue;
      for (const e of flagged.values()) findings.push(report(ctx, e, guard));
    }
    return findings;
  },
});

function onReceiver(ctx: Context, e: FieldEvent): boolean {
  const root = e.map.base?.root;
  if (root?.kind !== "var") return false;
  const [outer, id] = outermostVar(ctx.pkg.semantic, e.fn, root.var);
  return outer.vars[id]?.kind === "receiver";
}

/** The field's replacements (`c.m = make(...)`) by outermost function, with the text of the value they go through. */
function replacementsByFunction(ctx: Context, events: readonly FieldEvent[]): Map<number, { event: FieldEvent; base: string }[]> {
  const out = new Map<number, { event: FieldEvent; base: string }[]>();
  for (const x of events) {
    if (x.kind !== "assign" || !x.map.base) continue;
    const top = ctx.families.outermost(x.fn).id;
    const entry = { event: x, base: pathText(x.fn, x.map.base) };
    const list = out.get(top);
    if (list) list.push(entry);
    else out.set(top, [entry]);
  }
  return out;
}

function lockedBy(ctx: Context, fn: IrFunction): Set<string> {
  let ids = ctx.lockedBy.get(fn.id);
  if (!ids) {
    ids = new Set();
    for (const c of lockCallsOf(ctx.pkg.semantic, ctx.families, fn)) {
      const id = locksCopy(c.fn, c.recv) ? null : guardIdentity(ctx.pkg.semantic, c.fn, c.recv);
      if (id) ids.add(id);
    }
    ctx.lockedBy.set(fn.id, ids);
  }
  return ids;
}

function unguarded(ctx: Context, e: FieldEvent, guard: FieldGuard, made: readonly { event: FieldEvent; base: string }[]): boolean {
  if (e.kind === "assign" || e.kind === "nil" || e.kind === "escape") return false;
  const fn = ctx.families.outermost(e.fn);
  // The guard must be a mutex of this method's own receiver type: `T.mu` for a method of T.
  if (fn.broken || !fn.receiver || !guard.identity.startsWith(`${fn.receiver.type}.`)) return false;
  // Another mutex of the same value may be the one that guards this access.
  const own = `${fn.receiver.type}.`;
  if (ctx.locks.at(e).some((h) => h.identity?.startsWith(own))) return false;
  // A method that locks the mutex itself and still reaches here unlocked is
  // locking on some condition (`if doLock { s.RLock() }`) we cannot follow.
  if (lockedBy(ctx, fn).has(guard.identity)) return false;
  // A map this very method has just made is not shared yet.
  const base = e.map.base ? pathText(e.fn, e.map.base) : "";
  if (made.some((x) => x.event.fn.path === e.fn.path && x.event.instr.at < e.instr.at && x.base === base)) return false;
  if (afterOwnJoin(ctx, fn, e)) return false;
  return !ctx.callers.heldByCallers(fn, guard.identity);
}

/**
 * The method starts goroutines itself (in its body or its literals) and the access comes after a wait that every
 * path to it passes (`wg.Wait()` once the workers are done): the method has joined what it started, as sftp's
 * Server.Serve closes the files its workers left open. Goroutines started elsewhere hold the lock.
 */
function afterOwnJoin(ctx: Context, fn: IrFunction, e: FieldEvent): boolean {
  if (e.fn !== fn || !ctx.families.family(fn).some((f) => f.blocks.some((b) => b.instrs.some((x) => x.op === "go")))) return false;
  const cfg = cfgOf(fn);
  let tree: DomTree | null = null;
  let access = -1;
  for (const b of fn.blocks) if (b.instrs.includes(e.instr)) access = b.id;
  if (access < 0) return false;
  for (const b of fn.blocks)
    for (const x of b.instrs) {
      if (x.op !== "wait" || x.at >= e.instr.at) continue;
      if (b.id === access) return true;
      tree ??= dominators(cfg);
      if (dominates(tree, b.id, access)) return true;
    }
  return false;
}

function report(ctx: Context, e: FieldEvent, guard: FieldGuard): Finding {
  const { pkg, families } = ctx;
  const fn = families.outermost(e.fn);
  const fieldName = guard.identity.slice(guard.identity.indexOf(".") + 1);
  const copy = ctx.locks.at(e).find((h) => h.copy && lastField(pkg, h.fn, h) === fieldName);
  const base = e.map.base ? pathText(e.fn, e.map.base) : "";
  const direct = e.map.base?.selectors.length === 0;
  const guardText = pathText(guard.held.fn, guard.held.mutex);
  const lockText = direct ? lockTextAt(fieldName, guardText, base) : null;
  const mutex = mutexName(copy ? pathText(copy.fn, copy.mutex) : (lockText ?? guardText), guard.identity);
  const params = { name: e.map.text, mutex, function: declaredName(fn) };
  const messageId: MapUnguardedFieldMessage = copy ? "copy" : isWriteEvent(e) ? "write" : "read";
  const uses = mapUsesOf(pkg.semantic, families.family(fn));
  const read = pkg.semantic.isMutex(guardType(ctx, guard)) === "rwmutex" && !uses.changes;
  const description = messages.fix.replace("{mutex}", lockText ?? "").replace("{function}", params.function);
  // A goroutine started here does not run under a lock taken by the method.
  const fix = !copy && lockText && !uses.inLiteral ? lockMethodFix(pkg.files, pkg.semantic, families, fn, lockText, read, description) : undefined;
  return makeFinding(mapUnguardedField, pkg, {
    messageId,
    params,
    subject: e.map.name,
    location: accessLocation(pkg.files, e.fn.path, e.instr),
    related: [{ location: accessLocation(pkg.files, guard.evidence.fn.path, guard.evidence.instr), messageId: "guardedHere" }],
    ...(fix ? { fix } : {}),
  });
}

/** The field a held mutex is, after an embedded mutex is spelled out (`c` -> `RWMutex`). */
function lastField(pkg: PackageFacts, fn: IrFunction, h: { mutex: Path }): string | null {
  const path = pkg.semantic.methodReceiverPath(fn, h.mutex, "Lock");
  const last = path.selectors[path.selectors.length - 1];
  return last?.kind === "field" ? last.name : null;
}

/** How a fix names the guard at an access through `base`: `c.mu`, or `c` for an embedded mutex locked as `c.Lock()`. */
function lockTextAt(fieldName: string, guardText: string, base: string): string {
  const embeddedBare = (fieldName === "Mutex" || fieldName === "RWMutex") && !guardText.endsWith(`.${fieldName}`);
  return embeddedBare ? base : `${base}.${fieldName}`;
}

function mutexName(text: string, identity: string): string {
  const embedded = /\.(RWMutex|Mutex)$/.exec(identity)?.[1];
  return embedded && !text.endsWith(`.${embedded}`) ? `${text}.${embedded}` : text;
}

/** The declared type of the guard's field. */
function guardType(ctx: Context, guard: FieldGuard) {
  const dot = guard.identity.indexOf(".");
  const owner = guard.identity.slice(0, dot);
  const view = ctx.pkg.semantic.structOf({ kind: "named", text: owner, pkg: null, name: owner, args: [] });
  return view?.fields.find((f) => f.name === guard.identity.slice(dot + 1))?.type ?? null;
}

