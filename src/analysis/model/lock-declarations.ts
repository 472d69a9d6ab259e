// Which mutexes a package declares: mutex fields (named or embedded) of its
// struct types, taken from the struct model, and package-level mutex
// variables, read from the top-level declarations before any function is walked.
import type { Node } from "web-tree-sitter";
import { F, T } from "../go/grammar.js";
import { field, fields } from "../go/nodes.js";
import type { StructType } from "./model-types.js";
import { varSpecs } from "./declarations.js";
import { type MutexField, type MutexKind, mutexKindOf } from "./lock-types.js";

/** The mutex fields (named or embedded) of the package's struct types, by type name. */
export function mutexFieldsOf(structTypes: Iterable<StructType>): Map<string, MutexField[]> {
  const out = new Map<string, MutexField[]>();
  for (const t of structTypes) {
    const found: MutexField[] = [];
    for (const f of t.fields) {
      const kind = mutexKindOf(f.typeText);
      if (kind) found.push(f.embedded ? { name: kind, kind, embedded: true } : { name: f.name, kind, embedded: false });
    }
    if (found.length > 0) out.set(t.name, found);
  }
  return out;
}

/** Adds the package-level `var mu sync.Mutex` (and RWMutex) variables among `top` to `out`. */
export function collectPackageMutexes(top: readonly Node[], out: Map<string, MutexKind>): void {
  for (const node of top) {
    if (node.type !== T.varDeclaration) continue;
    for (const { spec } of varSpecs(node)) {
      const typeNode = field(spec, F.type);
      const kind = typeNode ? mutexKindOf(typeNode.text) : null;
      if (kind) for (const n of fields(spec, F.name)) out.set(n.text, kind);
    }
  }
}
