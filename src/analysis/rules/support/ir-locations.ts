// Turning the IR's spans and names into what findings say: a Location in a
// file, and a function's name as messages write it (`T.Method`, `name`).
import type { IrFunction, Span } from "../../lower/ir.js";
import type { Location } from "../../types.js";

export function locationOf(path: string, span: Span): Location {
  return { path, startLine: span.line, startColumn: span.column, endLine: span.endLine, endColumn: span.endColumn };
}

/** `name` for a function, `T.name` for a method (no `*`, no type parameters). */
export function methodLabel(fn: IrFunction): string {
  const name = fn.name.slice(fn.name.lastIndexOf(".") + 1).replace(/#\d+$/, "");
  return fn.receiver ? `${fn.receiver.type}.${name}` : name;
}
