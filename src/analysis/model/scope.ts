// Lexical scopes. Every declared name is recorded, maps or not, because a
// non-map local named `m` hides a package-level map `m`.
import type { MapSymbol } from "./model-types.js";

export class Scope {
  private readonly names = new Map<string, MapSymbol | null>();

  constructor(readonly parent: Scope | null) {}

  /** Declares `name` here; `symbol` is null for names that are not (known) maps. */
  declare(name: string, symbol: MapSymbol | null): void {
    if (name !== "_") this.names.set(name, symbol);
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
