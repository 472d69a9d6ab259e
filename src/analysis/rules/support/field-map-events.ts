// Every use of each map field of the package's struct types, bucketed by the
// field (`T.items`), in file and source order: accesses, replacements of
// the field (`c.items = make(...)`, `= nil`) and the map handed on as a
// value (returned, passed, assigned). The lock rules read a field's uses
// together: which mutex guards it, where it is changed under that mutex.
import type { Instr, IrFunction, Path, Value } from "../../lower/ir.js";
import { pathKey } from "../../flow/path-key.js";
import type { SemanticModel } from "../../semantic/semantic-model.js";
import { type SharedMap, sharedMapOf } from "./shared-map.js";

export type FieldEventKind = "read" | "write" | "delete" | "range" | "len" | "clear" | "assign" | "nil" | "escape";

export interface FieldEvent {
  kind: FieldEventKind;
  fn: IrFunction;
  instr: Instr;
  map: SharedMap;
}

const WRITES: ReadonlySet<FieldEventKind> = new Set(["write", "delete", "assign", "nil"]);

export function isWriteEvent(e: FieldEvent): boolean {
  return WRITES.has(e.kind);
}

/** Field events by the field's identity (`T.items`), each list in file and source order. */
export function fieldMapEvents(semantic: SemanticModel, functions: readonly IrFunction[]): Map<string, FieldEvent[]> {
  const out = new Map<string, FieldEvent[]>();
  const add = (fn: IrFunction, instr: Instr, kind: FieldEventKind, path: Path, exact: boolean): void => {
    if (path.root.kind !== "var" || path.selectors.length === 0) return;
    if (exact && path.selectors[path.selectors.length - 1].kind !== "field") return;
    const map = sharedMapOf(semantic, fn, path);
    if (!map?.owner || (exact && map.path.selectors.length !== path.selectors.length)) return;
    const list = out.get(map.identity);
    const e = { kind, fn, instr, map };
    if (list) list.push(e);
    else out.set(map.identity, [e]);
  };
  const escapes = (fn: IrFunction, instr: Instr, values: readonly Value[]): void => {
    for (const v of values) {
      if (v.kind === "path") add(fn, instr, "escape", v.path, true);
      else if (v.kind === "convert" || v.kind === "assert") escapes(fn, instr, [v.value]);
      else if (v.kind === "literal") escapes(fn, instr, [...v.fields.map((f) => f.value), ...v.elements]);
    }
  };
  for (const fn of functions) {
    for (const block of fn.blocks) {
      const nested = nestedReads(block.instrs);
      for (const instr of block.instrs) {
        if (nested?.has(instr)) continue;
        switch (instr.op) {
          case "access":
            // `clear(m)` empties the map in place: a delete of every key.
            add(fn, instr, instr.kind === "clear" ? "delete" : instr.kind, instr.path, false);
            break;
          case "assign":
            if (instr.targets.length === 1 && instr.targets[0]) add(fn, instr, instr.value.kind === "nil" ? "nil" : "assign", instr.targets[0], true);
            escapes(fn, instr, [instr.value]);
            break;
          case "call":
          case "go":
          case "defer":
            escapes(fn, instr, instr.call.args);
            break;
          case "return":
            escapes(fn, instr, instr.values);
            break;
          case "send":
            escapes(fn, instr, [instr.value]);
            break;
          default:
            break;
        }
      }
    }
  }
  const fileOrder = new Map<string, number>();
  for (const fn of functions) if (!fileOrder.has(fn.path)) fileOrder.set(fn.path, fileOrder.size);
  const order = (e: FieldEvent): number => fileOrder.get(e.fn.path) ?? 0;
  for (const list of out.values()) list.sort((a, b) => order(a) - order(b) || a.instr.at - b.instr.at);
  return out;
}

/**
 * `c.m[a][b] = v` lowers to a read of `c.m` and a write of `c.m[]`: one
 * change of the field, found through it. The read is the write's own step,
 * not a use of its own.
 */
function nestedReads(instrs: readonly Instr[]): Set<Instr> | null {
  let writes: Set<string> | null = null;
  for (const x of instrs) {
    if (x.op !== "access" || x.kind === "read" || x.kind === "len" || x.kind === "range") continue;
    const last = x.path.selectors[x.path.selectors.length - 1];
    if (last?.kind !== "index") continue;
    writes ??= new Set();
    writes.add(`${x.at}:${pathKey({ root: x.path.root, selectors: x.path.selectors.slice(0, -1) })}`);
  }
  if (!writes) return null;
  const out = new Set<Instr>();
  for (const x of instrs) if (x.op === "access" && x.kind === "read" && writes.has(`${x.at}:${pathKey(x.path)}`)) out.add(x);
  return out;
}
