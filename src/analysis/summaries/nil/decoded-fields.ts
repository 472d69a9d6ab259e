// Map fields that only a decoder ever fills: an exported map field of a
// struct type the package decodes into (directly, or inside the decoded
// value's fields, slices, maps and pointers), which nothing in the package
// assigns, sets in a literal or takes the address of. Every value of such a
// field is nil unless the input it was decoded from had the key, so where
// flow nil-ness knows nothing of it (a range value, an element, a result of
// a call it cannot see into) it is nil on an identified path: the decode.
//
//   var f File; json.Unmarshal(b, &f)          // File.Groups []Group; Group.Labels map
//   for _, g := range f.Groups { g.Labels[k] = v }   // maybe nil: the input may lack "labels"
//
// Types with their own UnmarshalJSON/UnmarshalYAML/UnmarshalText (and what
// lies under them) are left out: their decoding is code mapguard does not follow.
import type { IrFunction, Path, TypeRef, Value } from "../../lower/ir.js";
import type { SemanticModel } from "../../semantic/semantic-model.js";
import { decodeTargets } from "./decode-calls.js";
import type { SummaryOrigin } from "./nil-summary-types.js";
import { forEachTargetAndValue } from "../../lower/instr-flows.js";

const UNMARSHALERS = ["UnmarshalJSON", "UnmarshalYAML", "UnmarshalText", "UnmarshalXML"];
/** Struct nesting followed below a decode target: deeper values are rare and cost a walk each. */
const MAX_DEPTH = 8;

export type DecodedFields = ReadonlyMap<string, SummaryOrigin>;

/** Decoded-only map fields by `Owner.field`, each with the first decode that fills it. */
export function decodedOnlyFields(functions: readonly IrFunction[], semantic: SemanticModel): DecodedFields {
  const found = new Map<string, SummaryOrigin>();
  for (const fn of functions) {
    if (fn.broken) continue;
    for (const [instr, target] of decodeTargets(fn)) {
      const origin: SummaryOrigin = { kind: "decode", file: fn.path, span: instr.stmt };
      visit(semantic, semantic.typeOf(fn, target), 0, new Set(), (key) => {
        if (!found.has(key)) found.set(key, origin);
      });
    }
  }
  if (found.size === 0) return found;
  const set = setFields(functions, semantic);
  for (const key of [...found.keys()]) if (set.owned.has(key) || set.names.has(key.slice(key.lastIndexOf(".") + 1))) found.delete(key);
  return found;
}

function visit(semantic: SemanticModel, t: TypeRef | null, depth: number, seen: Set<string>, add: (key: string) => void): void {
  if (!t || depth > MAX_DEPTH || seen.has(t.text)) return;
  seen.add(t.text);
  if (t.kind === "named" && t.pkg === null && UNMARSHALERS.some((m) => semantic.methodSets.methodSet(t.name).has(m))) return;
  const u = t.kind === "named" ? semantic.types.underlying(t) : t;
  if (u.kind === "pointer" || u.kind === "slice" || u.kind === "array") return visit(semantic, u.elem, depth + 1, seen, add);
  if (u.kind === "map") return visit(semantic, u.value, depth + 1, seen, add);
  const s = semantic.structOf(t);
  if (!s) return;
  for (const f of s.fields) {
    if (semantic.isMapType(f.type)) {
      if (s.owner && !f.embedded && /^\p{Lu}/u.test(f.name)) add(`${s.owner}.${f.name}`);
      visit(semantic, semantic.mapOf(f.type)?.value ?? null, depth + 1, seen, add);
    } else visit(semantic, f.type, depth + 1, seen, add);
  }
}

interface SetFields {
  /** `Owner.field` for a field set where the struct holding it is known. */
  owned: Set<string>;
  /** Bare names of fields set where it is not: any owner's field of that name counts as set. */
  names: Set<string>;
}

/**
 * The fields something in the package sets: assigned, named in a literal,
 * addressed, received into. By owner where the type tells it
 * (`p.Environment = env` sets Project.Environment, not ServiceConfig's).
 */
function setFields(functions: readonly IrFunction[], semantic: SemanticModel): SetFields {
  const owned = new Set<string>();
  const names = new Set<string>();
  const addOwned = (holder: TypeRef | null, name: string): void => {
    const member = holder ? semantic.member(holder, name) : null;
    if (member?.kind === "field" && member.owner) owned.add(`${member.owner}.${name}`);
    else names.add(name);
  };
  for (const fn of functions) {
    const add = (p: Path | null | undefined): void => {
      const last = p?.selectors.at(-1);
      if (!p || last?.kind !== "field") return;
      addOwned(p.truncated ? null : semantic.typeOf(fn, { root: p.root, selectors: p.selectors.slice(0, -1) }), last.name);
    };
    const value = (v: Value): void => {
      if (v.kind === "addr") add(v.path);
      else if (v.kind === "literal") {
        for (const f of v.fields) {
          addOwned(v.type, f.name);
          value(f.value);
        }
        v.elements.forEach(value);
      } else if (v.kind === "convert" || v.kind === "assert") value(v.value);
    };
    for (const b of fn.blocks)
      for (const x of b.instrs) forEachTargetAndValue(x, add, value);
  }
  return { owned, names };
}

/** The decode that leaves `path` nil when it is a decoded-only map field (`g.Labels`), or null. */
export function decodedOrigin(fields: DecodedFields, semantic: SemanticModel, fn: IrFunction, path: Path): SummaryOrigin | null {
  if (fields.size === 0 || path.truncated) return null;
  const last = path.selectors.at(-1);
  if (last?.kind !== "field") return null;
  const holder = semantic.typeOf(fn, { root: path.root, selectors: path.selectors.slice(0, -1) });
  const member = holder ? semantic.member(holder, last.name) : null;
  if (member?.kind !== "field" || !member.owner) return null;
  return fields.get(`${member.owner}.${last.name}`) ?? null;
}
