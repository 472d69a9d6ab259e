// Lexical scopes. Every declared name is recorded, maps or not, because a
// non-map local named `m` hides a package-level map `m`.
import type { MapSymbol, StructValue } from "./model-types.js";

export class Scope {
  private readonly names = new Map<string, MapSymbol | null>();
  /** Names of this scope that hold a struct type of the package, so `x.f` can be resolved. */
  private readonly structs = new Map<string, StructValue>();

  constructor(readonly parent: Scope | null) {}

  /** Declares `name` here; `symbol` is null for names that are not (known) maps. */
  declare(name: string, symbol: MapSymbol | null): void {
    if (name === "_") return;
    this.names.set(name, symbol);
    this.structs.delete(name);
  }

  /** Declares `name` as a variable of a struct type of the package (not itself a map). */
  declareStruct(name: string, value: StructValue): void {
    if (name === "_") return;
    this.names.set(name, null);
    this.structs.set(name, value);
  }

  /** The struct variable `name` refers to here, or null. */
  resolveStruct(name: string): StructValue | null {
    for (let s: Scope | null = this; s; s = s.parent) {
      if (s.names.has(name)) return s.structs.get(name) ?? null;
    }
    return null;
  }

  declaresHere(name: string): boolean {
    return this.names.has(name);
  }

  /** The map symbol `name` refers to here, or null (not a known map, or undeclared). */
  resolve(name: string): MapSymbol | null {
    for (let s: Scope | null = this; s; s = s.parent) {
      const found = s.names.get(name);
      if (found !== undefined) return found;
    }
    return null;
  }
}
