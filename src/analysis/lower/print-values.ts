// Values as text for print-ir.ts.
import type { Callee, Path, TypeRef, Value } from "./ir.js";

/** What formatValue needs from the printer: names of paths, callees and functions. */
export interface ValueNames {
  path(p: Path): string;
  callee(c: Callee): string;
  fnName(id: number): string;
  type(t: TypeRef | null): string;
}

export function formatValue(v: Value, n: ValueNames): string {
  switch (v.kind) {
    case "path":
      return n.path(v.path);
    case "addr":
      return `&${n.path(v.path)}`;
    case "nil":
      return "nil";
    case "make":
      return `make(${v.type.text}${v.sized ? ", sized" : ""})`;
    case "new":
      return `new(${v.type.text})`;
    case "zero":
      return `zero(${v.type.text})`;
    case "literal": {
      const parts = [...v.fields.map((f) => `${f.name}: ${formatValue(f.value, n)}`), ...v.elements.map((e) => formatValue(e, n))];
      return `${v.pointer ? "&" : ""}${v.type ? v.type.text : ""}{${parts.join(", ")}}`;
    }
    case "closure":
      return `func ${n.fnName(v.fn)}`;
    case "func":
      return `func ${n.callee(v.callee)}`;
    case "convert":
      return `convert(${v.type.text}, ${formatValue(v.value, n)})`;
    case "assert":
      return `${formatValue(v.value, n)}.(${n.type(v.type)})`;
    case "element":
      return `elem(${n.path(v.of)})`;
    case "range-key":
      return `range-key(${n.path(v.of)})`;
    case "range-value":
      return `range-value(${n.path(v.of)})`;
    case "ok":
      return "ok";
    case "const":
      return "const";
    default:
      return "?";
  }
}
