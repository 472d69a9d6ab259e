// What an identifier in a function body stands for, as far as syntax tells:
// a Var of this function (a local of an enclosing function becomes a
// captured Var here), a local constant or type, a name of the package, a
// builtin, or nothing known (left to the semantic layer as a package name).
import type { FunctionBuilder } from "./function-builder.js";
import type { Binding } from "./lexical-scope.js";
import type { FunctionContext } from "./lowering-context.js";

export type NameRef =
  | { kind: "var"; var: number }
  | { kind: "const" }
  | { kind: "type"; local: boolean }
  | { kind: "func" }
  | { kind: "builtin" }
  | { kind: "package" };

export const BUILTIN_FUNCS: ReadonlySet<string> = new Set([
  "append", "cap", "clear", "close", "complex", "copy", "delete", "imag", "len", "make",
  "max", "min", "new", "panic", "print", "println", "real", "recover",
]);

export const PREDECLARED_TYPES: ReadonlySet<string> = new Set([
  "any", "bool", "byte", "comparable", "complex64", "complex128", "error", "float32", "float64",
  "int", "int8", "int16", "int32", "int64", "rune", "string",
  "uint", "uint8", "uint16", "uint32", "uint64", "uintptr",
]);

export function resolveName(cx: FunctionContext, name: string): NameRef {
  const binding = cx.scope.resolve(name);
  if (binding) {
    if (binding.kind === "var") return { kind: "var", var: varOf(cx.b, binding) };
    return binding.kind === "type" ? { kind: "type", local: true } : { kind: "const" };
  }
  const names = cx.pkg.names;
  if (names.funcs.has(name)) return { kind: "func" };
  if (names.types.has(name)) return { kind: "type", local: false };
  if (names.all.has(name)) return { kind: "package" };
  if (BUILTIN_FUNCS.has(name)) return { kind: "builtin" };
  if (PREDECLARED_TYPES.has(name)) return { kind: "type", local: false };
  if (name === "true" || name === "false" || name === "iota") return { kind: "const" };
  return { kind: "package" };
}

/** The Var of `fn` for a local binding, through a chain of captured Vars when it belongs to an enclosing function. */
function varOf(fn: FunctionBuilder, binding: Binding & { kind: "var" }): number {
  if (binding.owner === fn) return binding.var;
  const chain: FunctionBuilder[] = [];
  for (let b: FunctionBuilder | null = fn; b && b !== binding.owner; b = b.outer) chain.push(b);
  let id = binding.var;
  let outer = binding.owner;
  for (let i = chain.length - 1; i >= 0; i--) {
    id = chain[i].capturedVar(outer.id, id);
    outer = chain[i];
  }
  return id;
}
