// Recognising the library shapes in one file: which qualified types are the
// library's map and struct types under the file's import names, and which
// declarations leave such a map nil.
import type { Node } from "web-tree-sitter";
import type { StructType } from "./model-types.js";
import { F, T, TOKEN } from "../go/grammar.js";
import { field, kids, operatorOf, unparen } from "../go/nodes.js";
import { importNames } from "./imports.js";
import {
  LIBRARY_MAP_TYPES,
  LIBRARY_STRUCT_TYPES,
  type LibraryLiteralSite,
  type LibraryMapType,
  type LibraryStructType,
  type LibraryValueForm,
} from "./library-types.js";

/** A library struct type and the name the file imports its package under. */
export interface LibraryStruct {
  type: LibraryStructType;
  alias: string;
}

/** The library types as one file names them: `http.Header` → net/http's Header. */
export interface LibraryNames {
  maps: ReadonlyMap<string, LibraryMapType>;
  /** Every tracked map field of the struct type so named. */
  structs: ReadonlyMap<string, readonly LibraryStruct[]>;
  /** A cheap test of a function's text: can it declare one of these at all? */
  mentioned: RegExp;
}

/**
 * A field of a struct type declared in the package whose type is a library
 * map (`hdr http.Header`), with the import name its declaring file uses.
 */
export interface OwnLibraryField {
  struct: LibraryStructType;
  alias: string;
}

/** The package's own struct types' fields of a library map type (from the struct model), across all files. */
export function ownLibraryFields(tops: ReadonlyMap<string, readonly Node[]>, structTypes: Iterable<StructType>): OwnLibraryField[] {
  const out: OwnLibraryField[] = [];
  const aliasesOf = new Map<string, Map<string, LibraryMapType>>();
  for (const struct of structTypes) {
    const top = tops.get(struct.path);
    if (!top) continue;
    let aliases = aliasesOf.get(struct.path);
    if (!aliases) {
      aliases = new Map();
      for (const t of LIBRARY_MAP_TYPES) for (const alias of importNames(top, t.importPath)) aliases.set(`${alias}.${t.type}`, t);
      aliasesOf.set(struct.path, aliases);
    }
    for (const f of struct.fields) {
      // Only `pkg.Type` as written: a pointer or an embedded field is not a map field.
      const type = f.typeText.replace(/\s+/g, "");
      const mapType = f.embedded || !/^\w+\.\w+$/.test(type) ? undefined : aliases.get(type);
      if (!mapType) continue;
      const alias = type.slice(0, type.lastIndexOf("."));
      out.push({ struct: { importPath: "", type: struct.name, field: f.name, fieldType: mapType.type, fieldImportPath: mapType.importPath }, alias });
    }
  }
  return out;
}

export function libraryNames(top: readonly Node[], own: readonly OwnLibraryField[] = []): LibraryNames | null {
  const maps = new Map<string, LibraryMapType>();
  const structs = new Map<string, LibraryStruct[]>();
  const words = new Set<string>();
  for (const t of LIBRARY_MAP_TYPES) {
    for (const alias of importNames(top, t.importPath)) {
      maps.set(`${alias}.${t.type}`, t);
      words.add(`${escape(alias)}\\s*\\.\\s*${t.type}\\b`);
    }
  }
  for (const t of LIBRARY_STRUCT_TYPES) {
    for (const alias of importNames(top, t.importPath)) {
      const key = `${alias}.${t.type}`;
      structs.set(key, [...(structs.get(key) ?? []), { type: t, alias }]);
      // A literal, `new(T)` or `var x T`, but not the `*http.Request` of every handler's signature.
      for (const w of [`${escape(alias)}\\.${t.type}\\s*\\{`, `new\\(\\s*${escape(alias)}\\.${t.type}\\s*\\)`, `\\bvar\\s+\\w+\\s+${escape(alias)}\\.${t.type}\\b`]) words.add(w);
    }
  }
  for (const { struct, alias } of own) {
    // Only where the file names the map type as its declaring file does, so a fix can write it.
    if (!struct.fieldImportPath || !importNames(top, struct.fieldImportPath).includes(alias)) continue;
    structs.set(struct.type, [...(structs.get(struct.type) ?? []), { type: struct, alias }]);
    const t = escape(struct.type);
    for (const w of [`\\b${t}\\s*\\{`, `\\bnew\\(\\s*${t}\\s*\\)`, `\\bvar\\s+\\w+\\s+${t}\\b`]) words.add(w);
  }
  if (words.size === 0) return null;
  return { maps, structs, mentioned: new RegExp([...words].join("|")) };
}

/** The key of `names.structs` a type denotes: `http.Request`, or `T` for a type of the package. */
export function structKey(typeNode: Node | null): string | null {
  if (typeNode?.type === T.typeIdentifier) return typeNode.text;
  return qualifiedName(typeNode);
}

/** `pkg.Name` of a qualified type, or null for anything else. */
export function qualifiedName(typeNode: Node | null): string | null {
  if (typeNode?.type !== T.qualifiedType) return null;
  const pkg = field(typeNode, F.package)?.text;
  const name = field(typeNode, F.name)?.text;
  return pkg && name ? `${pkg}.${name}` : null;
}

export interface StructShape {
  form: Extract<LibraryValueForm, "literal" | "new">;
  type: string;
  struct: LibraryStruct;
  literal: LibraryLiteralSite | null;
}

/**
 * `T{...}`, `&T{...}` or `new(T)` for a library struct type T: one shape per
 * map field it leaves nil (a keyed literal that does not set the field, or
 * sets it to `nil`). Empty for anything else, including an unkeyed literal.
 */
export function structShapes(value: Node, names: LibraryNames, lines: readonly string[]): StructShape[] {
  let v = unparen(value);
  if (v.type === T.unaryExpression && operatorOf(v) === TOKEN.addressOf) {
    const operand = field(v, F.operand);
    if (!operand) return [];
    v = unparen(operand);
  }
  if (v.type === T.callExpression) {
    const fn = field(v, F.function);
    const args = kids(field(v, F.arguments) ?? v).filter((a) => a !== fn);
    const type = args.length === 1 ? structKey(args[0]) : null;
    const structs = type ? names.structs.get(type) : undefined;
    if (fn?.type !== T.identifier || fn.text !== "new" || !type || !structs) return [];
    return structs.map((struct) => ({ form: "new", type, struct, literal: null }));
  }
  if (v.type !== T.compositeLiteral) return [];
  const type = structKey(field(v, F.type));
  const structs = type ? names.structs.get(type) : undefined;
  const body = field(v, F.body);
  if (!type || !structs || !body) return [];
  const elements = kids(body);
  if (elements.some((e) => e.type !== T.keyedElement)) return [];
  const closeLine = body.endPosition.row + 1;
  const shapes: StructShape[] = [];
  for (const struct of structs) {
    let hasField = false;
    let made = false;
    for (const element of elements) {
      const key = field(element, F.key);
      const keyName = key ? kids(key)[0] : undefined;
      if (keyName?.text !== struct.type.field) continue;
      const val = field(element, F.value);
      const inner = val ? kids(val)[0] : undefined;
      if (!inner || unparen(inner).type !== T.nil) made = true;
      hasField = true;
    }
    if (made) continue;
    const literal: LibraryLiteralSite = {
      openLine: body.startPosition.row + 1,
      closeLine,
      closeColumn: body.endPosition.column - 1,
      closeIndent: /^\s*/.exec(lines[closeLine - 1] ?? "")?.[0] ?? "",
      hasField,
    };
    shapes.push({ form: "literal", type, struct, literal });
  }
  return shapes;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
