// Which types the initialisation rules treat as maps, the way the source
// spells them: a map type, or a named type of the package whose chain of
// definitions ends in a map type written out (`type Labels map[string]string`,
// `type B Labels`). A library map (`http.Header`) or a named type of another
// package is not one: those rules stay silent rather than guess.
import type { TypeRef } from "../../lower/ir.js";
import type { PackageDecls } from "../../semantic/decl-types.js";

export class WrittenMapTypes {
  private readonly underlying = new Map<string, string>();

  constructor(decls: PackageDecls) {
    const specs = new Map<string, TypeRef>();
    for (const t of decls.types) specs.set(t.name, t.type);
    let changed = true;
    while (changed) {
      changed = false;
      for (const [name, type] of specs) {
        if (this.underlying.has(name)) continue;
        const under = type.kind === "map" ? type.text : type.kind === "named" && type.pkg === null ? this.underlying.get(type.name) : undefined;
        if (under !== undefined) {
          this.underlying.set(name, under);
          changed = true;
        }
      }
    }
  }

  /** The type's text when it is a map as written, else null. */
  textOf(type: TypeRef | null): string | null {
    if (!type) return null;
    if (type.kind === "map") return type.text;
    if (type.kind === "named" && type.pkg === null && this.underlying.has(type.name)) return type.text;
    return null;
  }

  /** The underlying map type's text of a named map type, or the text itself. */
  underlyingOf(text: string): string | null {
    return this.underlying.get(text) ?? (text.startsWith("map[") ? text : null);
  }

  isNamed(text: string): boolean {
    return this.underlying.has(text);
  }
}
