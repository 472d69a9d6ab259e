// Which mutexes a package declares: mutex fields (named or embedded) of its
// struct types, and package-level mutex variables. Read from the top-level
// declarations once, before any function is walked.
import type { Node } from "web-tree-sitter";
import { F, T } from "../go/grammar.js";
import { field, fields, kids } from "../go/nodes.js";
import { varSpecs } from "./declarations.js";
import { type MutexField, type MutexKind, mutexKindOf } from "./lock-types.js";

/** Adds the mutex fields of the struct types among `top` to `out`, by type name. */
export function collectMutexFields(top: readonly Node[], out: Map<string, MutexField[]>): void {
  for (const node of top) {
    if (node.type !== T.typeDeclaration) continue;
    for (const spec of kids(node)) {
      const name = field(spec, F.name);
      const type = field(spec, F.type);
      if (spec.type !== T.typeSpec || !name || type?.type !== T.structType) continue;
      const found = structMutexes(type);
      if (found.length > 0) out.set(name.text, found);
    }
  }
}

function structMutexes(struct: Node): MutexField[] {
  const list = kids(struct).find((k) => k.type === T.fieldDeclarationList);
  const out: MutexField[] = [];
  for (const decl of list ? kids(list) : []) {
    if (decl.type !== T.fieldDeclaration) continue;
    const typeNode = field(decl, F.type);
    const kind = typeNode ? mutexKindOf(typeNode.text) : null;
    if (!kind) continue;
    const names = fields(decl, F.name);
    if (names.length === 0) out.push({ name: kind, kind, embedded: true });
    for (const n of names) out.push({ name: n.text, kind, embedded: false });
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
