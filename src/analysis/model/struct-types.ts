// The struct types of a package and their fields, so that `x.f` can be known
// to be a map when `x` has a struct type of the package. Types from other
// packages stay unknown: their fields are never maps to mapguard.
import type { Node } from "web-tree-sitter";
import { F, T } from "../go/grammar.js";
import { field, fields, kids } from "../go/nodes.js";
import { locationOf } from "../go/position.js";
import { mapTypeText, type NamedTypes } from "./map-types.js";
import type { StructField, StructType } from "./model-types.js";

/** A type as far as struct tracking cares: a struct type of the package, maybe behind a pointer. */
export interface StructRef {
  type: string;
  pointer: boolean;
}

export interface ResolvedField {
  field: StructField;
  /** The struct type that declares the field (differs from the asked type for promoted fields). */
  owner: string;
}

/** Promotion deeper than this is vanishingly rare and would only cost time. */
const MAX_EMBED_DEPTH = 4;

export class StructIndex {
  private readonly byField = new Map<string, Map<string, ResolvedField | null>>();

  constructor(
    readonly types: ReadonlyMap<string, StructType>,
    /** Functions of the package returning `T` or `*T` (first result): constructors. */
    readonly constructors: ReadonlyMap<string, StructRef>,
  ) {}

  /** The struct type a type expression denotes (`T`, `*T`, `T[K]`), or null. */
  refOf(typeNode: Node | null): StructRef | null {
    if (!typeNode) return null;
    let node = typeNode;
    let pointer = false;
    if (node.type === T.pointerType) {
      const inner = kids(node)[0];
      if (!inner) return null;
      node = inner;
      pointer = true;
    }
    const name = node.type === T.genericType ? field(node, F.type)?.text : node.type === T.typeIdentifier ? node.text : undefined;
    return name && this.types.has(name) ? { type: name, pointer } : null;
  }

  /** Field `name` of struct type `type`, promoted fields included; null when unknown or ambiguous. */
  field(type: string, name: string): ResolvedField | null {
    let cache = this.byField.get(type);
    if (!cache) this.byField.set(type, (cache = new Map()));
    if (!cache.has(name)) cache.set(name, this.lookup(type, name));
    return cache.get(name) ?? null;
  }

  private lookup(type: string, name: string): ResolvedField | null {
    let level: string[] = [type];
    const seen = new Set<string>();
    for (let depth = 0; depth <= MAX_EMBED_DEPTH && level.length > 0; depth++) {
      const found: ResolvedField[] = [];
      const next: string[] = [];
      for (const t of level) {
        if (seen.has(t)) continue;
        seen.add(t);
        for (const f of this.types.get(t)?.fields ?? []) {
          if (f.name === name) found.push({ field: f, owner: t });
          else if (f.embedded && f.structType) next.push(f.structType);
        }
      }
      // Two fields of one name at the same depth are ambiguous in Go: a compile error, not a map.
      if (found.length > 0) return found.length === 1 ? found[0] : null;
      level = next;
    }
    return null;
  }

  /**
   * Words that make a function worth walking: struct types that hold a map
   * (directly or through fields), their map fields, and their constructors.
   */
  relevantWords(): string[] {
    const holding = new Set<string>();
    let changed = true;
    while (changed) {
      changed = false;
      for (const t of this.types.values()) {
        if (holding.has(t.name)) continue;
        if (t.fields.some((f) => f.mapType || (f.structType && holding.has(f.structType)))) {
          holding.add(t.name);
          changed = true;
        }
      }
    }
    const words = new Set(holding);
    for (const name of holding) for (const f of this.types.get(name)?.fields ?? []) if (f.mapType || f.structType) words.add(f.name);
    for (const [fn, ref] of this.constructors) if (holding.has(ref.type)) words.add(fn);
    return [...words];
  }
}

/** Struct type declarations among a file's top-level nodes. */
export function structTypesOf(path: string, top: readonly Node[], named: NamedTypes, names: ReadonlySet<string>): StructType[] {
  const out: StructType[] = [];
  for (const node of top) {
    if (node.type !== T.typeDeclaration) continue;
    for (const spec of kids(node)) {
      const name = field(spec, F.name);
      const type = field(spec, F.type);
      if (spec.type !== T.typeSpec || !name || type?.type !== T.structType) continue;
      out.push({ name: name.text, path, declared: locationOf(path, name), fields: structFields(path, type, named, names) });
    }
  }
  return out;
}

/** Names of the struct types among top-level nodes (a first pass, so fields may refer to any of them). */
export function structTypeNames(top: readonly Node[]): string[] {
  const out: string[] = [];
  for (const node of top) {
    if (node.type !== T.typeDeclaration) continue;
    for (const spec of kids(node)) {
      const name = field(spec, F.name);
      if (spec.type === T.typeSpec && name && field(spec, F.type)?.type === T.structType) out.push(name.text);
    }
  }
  return out;
}

function structFields(path: string, struct: Node, named: NamedTypes, names: ReadonlySet<string>): StructField[] {
  const list = kids(struct).find((k) => k.type === T.fieldDeclarationList);
  const out: StructField[] = [];
  for (const decl of list ? kids(list) : []) {
    if (decl.type !== T.fieldDeclaration) continue;
    const typeNode = field(decl, F.type);
    const tagged = field(decl, F.tag) !== null;
    const mapType = mapTypeText(typeNode, named);
    const structType = structName(typeNode, names);
    const typeText = typeNode?.text ?? "";
    const declaredNames = fields(decl, F.name);
    if (declaredNames.length === 0) {
      // Embedded: `T`, `*T`, `pkg.T`; the field's name is the type's name.
      const base = typeNode?.type === T.pointerType ? kids(typeNode)[0] : typeNode;
      const nameNode = base?.type === T.qualifiedType ? field(base, F.name) : base;
      const at = { declared: locationOf(path, decl), at: decl.startIndex };
      if (nameNode) out.push({ name: nameNode.text, embedded: true, mapType, structType, tagged, typeText, ...at });
      continue;
    }
    for (const n of declaredNames) {
      out.push({ name: n.text, embedded: false, mapType, structType, tagged, typeText, declared: locationOf(path, n), at: n.startIndex });
    }
  }
  return out;
}

function structName(typeNode: Node | null, names: ReadonlySet<string>): string | null {
  let node = typeNode;
  if (node?.type === T.pointerType) node = kids(node)[0] ?? null;
  if (node?.type === T.genericType) node = field(node, F.type);
  return node?.type === T.typeIdentifier && names.has(node.text) ? node.text : null;
}

/** Package functions whose first result is `T` or `*T` for a struct type T of the package. */
export function constructorsOf(functions: readonly Node[], index: Pick<StructIndex, "refOf">): Map<string, StructRef> {
  const out = new Map<string, StructRef>();
  for (const fn of functions) {
    if (fn.type !== T.functionDeclaration) continue;
    const name = field(fn, F.name)?.text;
    const result = field(fn, F.result);
    if (!name || !result) continue;
    const first = result.type === T.parameterList ? kids(result).find((k) => k.type === T.parameterDeclaration) : result;
    const ref = first ? index.refOf(first.type === T.parameterDeclaration ? field(first, F.type) : first) : null;
    if (ref) out.set(name, ref);
  }
  return out;
}
