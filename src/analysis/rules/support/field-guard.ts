// Which mutex guards a map field: the one held (really locked, not a copy)
// at most of the field's uses across the package, and whether a given use
// holds it strongly enough (write mode for a change, either mode for a
// read; a function whose caller holds the lock holds it).
import type { Instr, IrFunction } from "../../lower/ir.js";
import type { FileModel } from "../../file-model.js";
import type { SemanticModel } from "../../semantic/semantic-model.js";
import { callerHolds } from "./caller-holds.js";
import { type FieldEvent, isWriteEvent } from "./field-map-events.js";
import { guardIdentity } from "./mutex-identity.js";
import { type HeldLockAt, HeldLocks } from "./read-locked.js";

export interface NamedHold extends HeldLockAt {
  /** guardIdentity of the mutex; null when it has none. */
  identity: string | null;
}

export interface FieldGuard {
  identity: string;
  /** One hold of it, as taken at a use. */
  held: NamedHold;
  /** A use made while it is held (a change when there is one). */
  evidence: FieldEvent;
  count: number;
}

/** Held locks at field uses, with their identities, computed once per instruction. */
export class FieldLocks {
  private readonly held: HeldLocks;
  private readonly named = new WeakMap<object, NamedHold[]>();
  private readonly callerHeld = new Map<number, boolean>();

  constructor(
    private readonly semantic: SemanticModel,
    private readonly files: readonly FileModel[],
    private readonly outermost: (fn: IrFunction) => IrFunction,
  ) {
    this.held = new HeldLocks(semantic.ir.functions);
  }

  at(e: FieldEvent): NamedHold[] {
    return this.heldAt(e.fn, e.instr);
  }

  heldAt(fn: IrFunction, instr: Instr): NamedHold[] {
    let list = this.named.get(instr);
    if (!list) {
      list = this.held.before(fn, instr).map((h) => ({ ...h, identity: h.copy ? null : guardIdentity(this.semantic, h.fn, h.mutex) }));
      this.named.set(instr, list);
    }
    return list;
  }

  callerHolds(fn: IrFunction): boolean {
    const top = this.outermost(fn);
    let held = this.callerHeld.get(top.id);
    if (held === undefined) {
      held = callerHolds(this.files, top);
      this.callerHeld.set(top.id, held);
    }
    return held;
  }

  /** Whether `identity` is held at `e` strongly enough for what `e` does. */
  holds(e: FieldEvent, identity: string): boolean {
    if (this.callerHolds(e.fn)) return true;
    const write = isWriteEvent(e);
    return this.at(e).some((h) => h.identity === identity && (!write || h.mode === "write"));
  }

  guardOf(events: readonly FieldEvent[]): FieldGuard | null {
    const tally = new Map<string, FieldGuard>();
    for (const e of events) {
      const seen = new Set<string>();
      for (const h of this.at(e)) {
        if (h.identity === null || h.identity.startsWith("expr:") || seen.has(h.identity)) continue;
        seen.add(h.identity);
        const g = tally.get(h.identity);
        if (!g) tally.set(h.identity, { identity: h.identity, held: h, evidence: e, count: 1 });
        else {
          g.count++;
          if (isWriteEvent(e) && !isWriteEvent(g.evidence)) g.evidence = e;
        }
      }
    }
    let best: FieldGuard | null = null;
    for (const g of tally.values()) if (!best || g.count > best.count) best = g;
    return best;
  }
}
