// nil-map-field-write on the semantic layer: a write to `x.f[k]` (or through
// `Set`/`Add` of an http.Header / url.Values) where the map is surely nil —
// `x` made in this function by `var x T`, `new(T)` or a literal that omits
// `f`, nil on every path to the write by flow nil-ness; a package-level
// library map nothing assigns; or a method writing a field that nothing in
// the package ever initialises.
import type { IrFunction } from "../../lower/ir.js";
import type { PackageFacts } from "../../package-facts.js";
import type { Finding } from "../../types.js";
import { nilMapFieldWrite, type NilMapFieldWriteMessage } from "../nil-map-field-write.js";
import { lazyInitFix } from "../support/lazy-init-fix.js";
import { formatMessage, makeFinding, type SemanticRule } from "../support/rule.js";
import { conditionMentionsBefore, guardedByField } from "./support/condition-guards.js";
import { freshNilWrites, type FreshNilWrite } from "./support/fresh-nil-maps.js";
import { addLiteralEntry, declarationFix, declarationSpan, literalNamesKey, newExpressionSpan } from "./support/literal-field-fix.js";
import { neverInitialisedWrites } from "./support/never-initialised-fields.js";
import { packageLibraryWrites } from "./support/package-library-maps.js";
import { libraryMapType, mapWriteText } from "./support/library-map-text.js";
import { isLibraryMap, locationOf } from "./support/nil-map-writes.js";

const { messages } = nilMapFieldWrite;

export const nilMapFieldWritePort: SemanticRule<NilMapFieldWriteMessage> = {
  id: nilMapFieldWrite.id,
  layer: "semantic",
  meta: nilMapFieldWrite.meta,
  messages,
  check(pkg) {
    const findings: Finding[] = [];
    const seen = new Set<string>();
    for (const w of freshNilWrites(pkg.ir, pkg.semantic)) {
      // One finding per value, map and function: the first write is the one that panics.
      const key = `${w.fn.id}:${w.base}:${w.field ?? ""}`;
      if (seen.has(key) || hasGoto(pkg, w.fn)) continue;
      const finding = isLibraryMap(pkg.semantic, w.fn, w.write.path) ? libraryFinding(pkg, w) : fieldFinding(pkg, w);
      if (!finding) continue;
      seen.add(key);
      findings.push(finding);
    }
    findings.push(...neverInitialisedWrites(pkg, nilMapFieldWritePort));
    findings.push(...packageLibraryWrites(pkg, nilMapFieldWritePort));
    return findings;
  },
};

/**
 * The registered rule stays silent in a function with a `goto`, whose order
 * of statements is not its order of execution; the IR does not say whether a
 * function has one, so its text does.
 */
function hasGoto(pkg: PackageFacts, fn: IrFunction): boolean {
  let outer = fn;
  for (let up = outer.parent; up !== null; up = outer.parent) {
    const next = pkg.ir.functions[up];
    if (!next) break;
    outer = next;
  }
  const lines = pkg.files.find((f) => f.path === outer.path)?.lines ?? [];
  for (let l = outer.span.line; l <= outer.span.endLine; l++) if (/\bgoto\s/.test(lines[l - 1] ?? "")) return true;
  return false;
}

function fieldFinding(pkg: PackageFacts, w: FreshNilWrite): Finding | null {
  const { semantic } = pkg;
  const field = w.field;
  if (field === null || !semantic.structOf(w.type)?.owner) return null;
  const member = semantic.member(w.type, field);
  if (member?.kind !== "field" || !semantic.isMapType(member.type) || guardedByField(w.fn, w.write.instr, field)) return null;
  // A promoted field is set through its embedded struct: a literal naming that struct may have made it.
  if (w.literal && member.via.some((via) => w.literal?.fields.some((f) => f.name === via))) return null;
  const file = pkg.files.find((f) => f.path === w.fn.path);
  const declared = w.fn.vars[w.made.targets[0]?.root.kind === "var" ? w.made.targets[0].root.var : -1]?.declared;
  const made = w.literal?.span ?? (w.form === "zero" ? (declared ?? w.made.span) : file ? newExpressionSpan(file, w.made.span) : w.made.span);
  const params = { base: w.base, name: field, type: w.type.text, line: made.line, owner: member.owner ?? "" };
  const statement = locationOf(w.fn.path, w.write.instr.stmt);
  const literalFix =
    w.literal && file && member.via.length === 0 && !literalNamesKey(file, w.literal.span, field)
      ? addLiteralEntry(file, w.literal.span, `${field}: make(${member.type.text})`, formatMessage(messages.fixLiteral, { name: field }))
      : undefined;
  const fix = literalFix ?? (file ? lazyInitFix(file, { statement }, `${w.base}.${field}`, member.type.text, messages.fixGuard, params) : undefined);
  return makeFinding(nilMapFieldWritePort, pkg, {
    messageId: w.form === "literal" ? "literal" : "zero",
    params,
    subject: `${w.base}.${field}`,
    location: statement,
    related: [{ location: locationOf(w.fn.path, made), messageId: "constructedHere" }],
    ...(fix ? { fix } : {}),
  });
}

const LIBRARY_MESSAGE: Record<FreshNilWrite["form"], NilMapFieldWriteMessage> = {
  var: "libraryVar",
  literal: "libraryLiteral",
  new: "libraryZero",
  zero: "libraryZero",
};

function libraryFinding(pkg: PackageFacts, w: FreshNilWrite): Finding | null {
  if (conditionMentionsBefore(w.fn, w.write.instr, w.write.path.root)) return null;
  const file = pkg.files.find((f) => f.path === w.fn.path);
  const field = w.field;
  const mapText = field ? `${w.base}.${field}` : w.base;
  const mapType = libraryMapType(pkg.semantic, w.type, field);
  if (!mapType) return null;
  const made = file ? declarationSpan(file, w.made.stmt) : w.made.stmt;
  const statement = locationOf(w.fn.path, w.write.instr.stmt);
  const params = {
    where: `line ${made.line}`,
    name: w.base,
    type: w.type.text,
    target: mapText,
    field: field ?? "",
    line: made.line,
    write: mapWriteText(messages, mapText, w.write.how),
    base: w.base,
  };
  const fix =
    (w.form === "var" && file ? declarationFix(file, w.made.stmt, w.base, mapType.create, false, messages.fixLibraryVar, { name: w.base, type: mapType.text }) : undefined) ??
    (w.form === "literal" && w.literal && field && file && !literalNamesKey(file, w.literal.span, field)
      ? addLiteralEntry(file, w.literal.span, `${field}: ${mapType.create}`, formatMessage(messages.fixLiteral, { name: field }), true)
      : undefined) ??
    (file
      ? lazyInitFix(file, { statement }, mapText, mapType.text, field ? messages.fixGuard : messages.fixLibraryGuard, { base: field ? w.base : "", name: field ?? w.base })
      : undefined);
  return makeFinding(nilMapFieldWritePort, pkg, {
    messageId: LIBRARY_MESSAGE[w.form],
    params,
    subject: mapText,
    location: statement,
    related: [{ location: locationOf(w.fn.path, made), messageId: field ? "libraryConstructedHere" : "libraryDeclaredHere" }],
    ...(fix ? { fix } : {}),
  });
}
