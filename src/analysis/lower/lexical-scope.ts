// Lexical scopes of the function being lowered and of the functions around
// it (a closure resolves free names through its parents' scopes). Constants
// and types are recorded too: a local `const m = 1` or `type T int` hides a
// package-level name or a builtin.
import type { FunctionBuilder } from "./function-builder.js";

export type Binding =
  | { kind: "var"; owner: FunctionBuilder; var: number }
  | { kind: "const" }
  | { kind: "type" };

const CONST: Binding = { kind: "const" };
const TYPE: Binding = { kind: "type" };

export class LexicalScope {
  private names: Map<string, Binding> | null = null;

  constructor(
    readonly parent: LexicalScope | null,
    /** The function whose body holds this scope. */
    readonly owner: FunctionBuilder,
  ) {}

  declareVar(name: string, id: number): void {
    this.set(name, { kind: "var", owner: this.owner, var: id });
  }

  declareConst(name: string): void {
    this.set(name, CONST);
  }

  declareType(name: string): void {
    this.set(name, TYPE);
  }

  /** Whether `name` is declared in this very scope (`:=` then assigns it rather than declaring it). */
  declaresHere(name: string): boolean {
    return this.names?.has(name) ?? false;
  }

  /** The innermost binding of `name`, or null when it is not local (package-level, imported, builtin). */
  resolve(name: string): Binding | null {
    for (let s: LexicalScope | null = this; s; s = s.parent) {
      const found = s.names?.get(name);
      if (found) return found;
    }
    return null;
  }

  private set(name: string, binding: Binding): void {
    if (name === "_") return;
    (this.names ??= new Map()).set(name, binding);
  }
}
