// The method names of the package's interface types, embedded interfaces
// included. An interface that embeds one mapguard cannot see into is "open":
// it has more methods than these names.
import type { TypeRef } from "../lower/ir.js";
import { libraryInterface } from "./library.js";
import type { PackageTypes } from "./package-types.js";

export interface InterfaceMethods {
  names: ReadonlySet<string>;
  open: boolean;
}

const NONE: InterfaceMethods = { names: new Set(), open: true };

export class Interfaces {
  private readonly memo = new Map<string, InterfaceMethods>();

  constructor(readonly types: PackageTypes) {}

  /** Method names of the package interface `name`. */
  ofDecl(name: string): InterfaceMethods {
    return interfaceMethods(this.types, this.memo, name);
  }

  /** Method names of any interface type mapguard knows: the package's, or a known library one. */
  ofType(t: TypeRef): InterfaceMethods | null {
    return methodsOfType(this.types, this.memo, t);
  }
}

function interfaceMethods(types: PackageTypes, memo: Map<string, InterfaceMethods>, name: string): InterfaceMethods {
  const known = memo.get(name);
  if (known) return known;
  // Embedding cycles are invalid Go; the placeholder ends them.
  memo.set(name, NONE);
  const decl = types.decl(name);
  if (!decl?.iface) return NONE;
  const names = new Set(decl.iface.methods);
  let open = false;
  for (const e of decl.iface.embeds) {
    const found = methodsOfType(types, memo, e);
    if (!found) open = true;
    else {
      for (const n of found.names) names.add(n);
      open ||= found.open;
    }
  }
  const out = { names, open };
  memo.set(name, out);
  return out;
}

function methodsOfType(types: PackageTypes, memo: Map<string, InterfaceMethods>, t: TypeRef): InterfaceMethods | null {
  const u = types.unalias(t);
  if (u.kind === "interface") return /^interface ?\{ ?\}$/.test(u.text) ? { names: new Set(), open: false } : null;
  if (u.kind !== "named") return null;
  const decl = types.declOf(u);
  if (decl) return decl.iface ? interfaceMethods(types, memo, decl.name) : null;
  if (u.name === "any" && u.pkg === null) return { names: new Set(), open: false };
  const lib = libraryInterface(u);
  return lib ? { names: new Set(lib), open: false } : null;
}
