// The method half of nil-map-field-write: a method writes `r.f[k]` where
// nothing in the package ever initialises `f` — no literal sets it, nothing
// assigns it, takes its address, hands it on or checks it for nil — and the
// type (or a type embedding it) is constructed somewhere, always without it.
import type { Instr, IrFunction, Path, TypeRef, Value } from "../../lower/ir.js";
import type { PackageFacts } from "../../package-facts.js";
import type { FieldDecl, TypeDecl } from "../../semantic/decl-types.js";
import type { Finding } from "../../types.js";
import { lazyInitFix } from "./lazy-init-fix.js";
import { makeFinding, type Rule } from "./rule.js";
import { guardedByField } from "./condition-guards.js";
import { locationOf } from "./line-text.js";
import { fieldOf, mapWritesOf } from "./nil-map-writes.js";
import { forEachTargetAndValue } from "../../lower/instr-flows.js";

/** The messages of nil-map-field-write these findings use. */
export type NeverInitialisedMessage = "never" | "declaredHere" | "fixGuard";

export function neverInitialisedWrites(pkg: PackageFacts, rule: Rule<NeverInitialisedMessage>): Finding[] {
  const { ir, semantic } = pkg;
  // A `*p = v` or a reflect call anywhere may set any field: nothing is surely never initialised.
  if (pkg.files.some((f) => ANY_FIELD_INIT.test(f.text))) return [];
  const candidates: { fn: IrFunction; instr: Instr; base: string; field: string; owner: TypeDecl; decl: FieldDecl }[] = [];
  for (const fn of ir.functions) {
    if (fn.kind !== "method" || fn.broken) continue;
    for (const write of mapWritesOf(fn, semantic)) {
      const field = fieldOf(write.path);
      const root = write.path.root;
      if (write.how !== "index" || field === null || root.kind !== "var" || fn.vars[root.var]?.kind !== "receiver") continue;
      const recvType = semantic.typeOf(fn, { root, selectors: [] });
      const member = recvType ? semantic.member(recvType, field) : null;
      if (member?.kind !== "field" || !member.owner || !semantic.isMapType(member.type)) continue;
      const owner = semantic.types.decl(member.owner);
      const decl = owner?.fields?.find((f) => f.name === field && !f.embedded);
      if (!owner || !decl || decl.tagged || /^\p{Lu}/u.test(field)) continue;
      candidates.push({ fn, instr: write.instr, base: fn.vars[root.var]!.name, field, owner, decl });
    }
  }
  if (candidates.length === 0) return [];
  const handled = handledFields(pkg);
  const built = constructionsByType(pkg);
  const holding = new Map<string, Set<string>>();
  const unresolved = new Map<string, boolean>();
  const findings: Finding[] = [];
  // One finding per value and function: the first write is the one that panics.
  const reported = new Set<string>();
  for (const c of candidates) {
    const key = `${c.fn.id}:${c.base}`;
    if (reported.has(key) || handled.has(c.field) || guardedByField(c.fn, c.instr, c.field)) continue;
    let holders = holding.get(c.owner.name);
    if (!holders) holding.set(c.owner.name, (holders = typesHolding(pkg, c.owner.name)));
    const sets = [...holders].flatMap((h) => built.get(h) ?? []);
    if (sets.length === 0 || sets.some((set) => set === null || set.includes(c.field))) continue;
    let initialised = unresolved.get(c.field);
    if (initialised === undefined) unresolved.set(c.field, (initialised = pkg.files.some((f) => unresolvedInit(f.text, c.field))));
    if (initialised) continue;
    if (pkg.files.some((f) => f.errorSpans.length > 0) && pkg.files.some((f) => mentions(f.text, c.field))) continue;
    reported.add(key);
    const file = pkg.files.find((f) => f.path === c.fn.path);
    const params = { base: c.base, name: c.field, owner: c.owner.name, type: c.owner.name, line: c.decl.declared.line };
    const statement = locationOf(c.fn.path, c.instr.stmt);
    const fix = file ? lazyInitFix(file, c.instr.stmt, `${c.base}.${c.field}`, c.decl.type.text, rule.messages.fixGuard, params) : undefined;
    findings.push(
      makeFinding(rule, pkg, {
        messageId: "never",
        params,
        subject: `${c.owner.name}.${c.field}`,
        location: statement,
        related: [{ location: locationOf(c.decl.path, c.decl.declared), messageId: "declaredHere" }],
        ...(fix ? { fix } : {}),
      }),
    );
  }
  return findings;
}

function lastField(path: Path): string | null {
  const s = path.selectors.at(-1);
  return s?.kind === "field" ? s.name : null;
}

/** Field names that something assigns, addresses, hands on as a value or checks for nil, anywhere in the package. */
function handledFields(pkg: PackageFacts): Set<string> {
  const out = new Set<string>();
  const add = (p: Path | null) => {
    const f = p ? lastField(p) : null;
    if (f) out.add(f);
  };
  const value = (v: Value): void => {
    if (v.kind === "path" || v.kind === "addr") add(v.path);
    else if (v.kind === "literal") {
      v.fields.forEach((f) => value(f.value));
      v.elements.forEach(value);
    } else if (v.kind === "convert" || v.kind === "assert") value(v.value);
  };
  for (const fn of pkg.ir.functions)
    for (const b of fn.blocks) {
      if (b.term.kind === "branch" && b.term.cond.kind === "nil") add(b.term.cond.path);
      for (const x of b.instrs) forEachTargetAndValue(x, add, value);
    }
  return out;
}

function typesHolding(pkg: PackageFacts, owner: string): Set<string> {
  const out = new Set([owner]);
  let changed = true;
  while (changed) {
    changed = false;
    for (const t of pkg.semantic.decls.types) {
      if (out.has(t.name) || !t.fields) continue;
      if (t.fields.some((f) => f.embedded && out.has(f.name))) {
        out.add(t.name);
        changed = true;
      }
    }
  }
  return out;
}

function localName(t: TypeRef | null): string | null {
  if (!t) return null;
  if (t.kind === "pointer") return localName(t.elem);
  return t.kind === "named" && t.pkg === null ? t.name : null;
}

/** The fields each construction of each package type sets (none for `new(T)` and `var x T`; null for a positional literal). */
function constructionsByType(pkg: PackageFacts): Map<string, (string[] | null)[]> {
  const out = new Map<string, (string[] | null)[]>();
  const push = (t: TypeRef | null, set: string[] | null): void => {
    const name = localName(t);
    if (name === null) return;
    const list = out.get(name);
    if (list) list.push(set);
    else out.set(name, [set]);
  };
  const value = (v: Value): void => {
    if (v.kind === "literal") {
      push(v.type, v.elements.length > 0 ? null : v.fields.map((f) => f.name));
      v.fields.forEach((f) => value(f.value));
      v.elements.forEach(value);
    } else if (v.kind === "new" || v.kind === "zero") push(v.type, []);
    else if (v.kind === "convert" || v.kind === "assert") value(v.value);
  };
  for (const fn of pkg.ir.functions)
    for (const b of fn.blocks)
      for (const x of b.instrs) {
        if (x.op === "assign") value(x.value);
        else if (x.op === "call" || x.op === "go" || x.op === "defer") x.call.args.forEach(value);
        else if (x.op === "return") x.values.forEach(value);
        else if (x.op === "send") value(x.value);
      }
  return out;
}

function mentions(text: string, name: string): boolean {
  return new RegExp(`\\b${name.replace(/[$]/g, "\\$")}\\b`).test(text);
}

/**
 * Shapes the rule before the semantic layer cannot attribute (`x.f =` through an index, a
 * literal with an elided type, a copy of the whole struct) still name the
 * field in the text; any such mention keeps the rule silent.
 */
function unresolvedInit(text: string, name: string): boolean {
  const escaped = name.replace(/[$]/g, "\\$");
  return new RegExp(`(?:\\.${escaped}\\s*(?:=[^=]|,)|[{,\\s]${escaped}\\s*:[^=])`).test(text);
}

const ANY_FIELD_INIT = /\*\w+\s*=[^=]|reflect\./;
