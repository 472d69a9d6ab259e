// A function's name as messages write it (`T.Method`, `name`).
import type { IrFunction } from "../../lower/ir.js";

/** `name` for a function, `T.name` for a method (no `*`, no type parameters). */
export function methodLabel(fn: IrFunction): string {
  const name = fn.name.slice(fn.name.lastIndexOf(".") + 1).replace(/#\d+$/, "");
  return fn.receiver ? `${fn.receiver.type}.${name}` : name;
}
