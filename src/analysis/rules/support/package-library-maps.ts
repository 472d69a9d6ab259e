// Package-level `var h http.Header` / `var v url.Values` that nothing in the
// package assigns, addresses, hands on or checks for nil: the first write in
// each function that writes it panics. An exported one may be assigned by
// another package first, except from `init`, which runs before any importer;
// a linknamed one may be made by the package that owns it.
import type { Instr, IrFunction, Path, Value } from "../../lower/ir.js";
import type { PackageFacts } from "../../package-facts.js";
import type { Finding } from "../../types.js";
import { makeFinding, type Rule } from "./rule.js";
import { libraryMapType, mapWriteText } from "./library-map-text.js";
import { conditionMentionsBefore } from "./condition-guards.js";
import { declarationFix, declarationSpan } from "./literal-field-fix.js";
import { locationOf } from "./line-text.js";
import { LIBRARY_READ_METHODS, LIBRARY_WRITE_METHODS, type MapWrite, mapWritesOf } from "./nil-map-writes.js";

/** The messages of nil-map-field-write these findings use. */
export type PackageLibraryMessage = "libraryPackage" | "libraryDeclaredHere" | "fixLibraryVar" | "libraryWriteIndex" | "libraryWriteMethod";

interface Declared {
  fn: IrFunction;
  instr: Extract<Instr, { op: "assign" }>;
  exported: boolean;
}

export function packageLibraryWrites(pkg: PackageFacts, rule: Rule<PackageLibraryMessage>): Finding[] {
  const { ir, semantic } = pkg;
  const declared = new Map<string, Declared>();
  const candidates = new Set<string>();
  const specs = new Map<string, string>();
  const multi = new Set<string>();
  for (const fn of ir.functions) {
    if (fn.name !== "<vars>") continue;
    for (const b of fn.blocks)
      for (const x of b.instrs) {
        const target = x.op === "assign" && x.targets.length === 1 ? x.targets[0] : null;
        if (x.op !== "assign" || !target || target.root.kind !== "package" || target.selectors.length > 0) continue;
        const name = target.root.name;
        // Declared twice (a broken package): neither declaration is surely the one written.
        if (declared.has(name)) {
          candidates.delete(name);
          continue;
        }
        declared.set(name, { fn, instr: x, exported: /^\p{Lu}/u.test(name) });
        // `var a, b http.Header`: the rule before the semantic layer follows single-name declarations only.
        const stmtKey = `${fn.path}:${x.stmt.line}:${x.stmt.column}`;
        const sibling = specs.get(stmtKey);
        if (sibling !== undefined) {
          multi.add(sibling);
          multi.add(name);
        } else specs.set(stmtKey, name);
        const kind = x.value.kind === "zero" ? semantic.libraryKind(x.value.type) : null;
        if (kind === "http.Header" || kind === "url.Values") candidates.add(name);
      }
  }
  for (const name of multi) candidates.delete(name);
  // `//go:linkname h other.h` lets another package own the variable (and make its map).
  for (const name of candidates) if (pkg.files.some((f) => new RegExp(`^//go:linkname\\s+${name.replace(/[$]/g, "\\$")}\\s`, "m").test(f.text))) candidates.delete(name);
  if (candidates.size === 0) return [];
  const spoiled = new Set<string>();
  const writes: { fn: IrFunction; name: string; write: MapWrite }[] = [];
  for (const fn of ir.functions) {
    for (const b of fn.blocks) for (const x of b.instrs) spoil(x, fn, declared, spoiled);
    for (const b of fn.blocks) if (b.term.kind === "branch" && b.term.cond.kind === "nil") mark(b.term.cond.path, spoiled);
    const seen = new Set<string>();
    for (const write of mapWritesOf(fn, semantic)) {
      const root = write.path.root;
      if (root.kind !== "package" || write.path.selectors.length > 0 || !candidates.has(root.name) || seen.has(root.name)) continue;
      seen.add(root.name);
      writes.push({ fn, name: root.name, write });
    }
  }
  const findings: Finding[] = [];
  for (const { fn, name, write } of writes) {
    const d = declared.get(name)!;
    if (spoiled.has(name) || (d.exported && !/^init(#\d+)?$/.test(fn.name)) || conditionMentionsBefore(fn, write.instr, write.path.root)) continue;
    const value = d.instr.value as Extract<Value, { kind: "zero" }>;
    const mapType = libraryMapType(semantic, value.type, null);
    if (!mapType) continue;
    const line = d.instr.stmt.line;
    const params = {
      where: d.fn.path === fn.path ? `line ${line}` : `${d.fn.path}:${line}`,
      name,
      type: value.type.text,
      target: name,
      field: "",
      line,
      write: mapWriteText(rule.messages, name, write.how),
      base: name,
    };
    const file = pkg.files.find((f) => f.path === d.fn.path);
    const fix = file ? declarationFix(file, d.instr.stmt, name, mapType.create, true, rule.messages.fixLibraryVar, { name, type: mapType.text }) : undefined;
    findings.push(
      makeFinding(rule, pkg, {
        messageId: "libraryPackage",
        params,
        subject: name,
        location: locationOf(fn.path, write.instr.stmt),
        related: [{ location: locationOf(d.fn.path, file ? declarationSpan(file, d.instr.stmt, false) : d.instr.stmt), messageId: "libraryDeclaredHere" }],
        ...(fix ? { fix } : {}),
      }),
    );
  }
  return findings;
}

function mark(path: Path, spoiled: Set<string>): void {
  if (path.root.kind === "package") spoiled.add(path.root.name);
}

function markValue(value: Value, spoiled: Set<string>): void {
  if (value.kind === "path" || value.kind === "addr" || value.kind === "element" || value.kind === "range-key" || value.kind === "range-value") {
    if (value.kind === "path" || value.kind === "addr") mark(value.path, spoiled);
  } else if (value.kind === "literal") {
    for (const f of value.fields) markValue(f.value, spoiled);
    for (const e of value.elements) markValue(e, spoiled);
  } else if (value.kind === "convert" || value.kind === "assert") markValue(value.value, spoiled);
}

/** Anything but reading or writing the map through its own methods and indexes may give it a map (or alias it). */
function spoil(x: Instr, fn: IrFunction, declared: ReadonlyMap<string, Declared>, spoiled: Set<string>): void {
  switch (x.op) {
    case "assign":
      for (const t of x.targets) if (t && !(fn.name === "<vars>" && declared.get(t.root.kind === "package" ? t.root.name : "")?.instr === x) && !(t.selectors.length > 0 && t.selectors.at(-1)?.kind === "index")) mark(t, spoiled);
      markValue(x.value, spoiled);
      break;
    case "call":
    case "go":
    case "defer":
      for (const a of x.call.args) markValue(a, spoiled);
      if (x.call.callee.kind === "method" && x.call.callee.recv.selectors.length === 0) {
        const name = x.call.callee.name;
        if (!LIBRARY_WRITE_METHODS.has(name) && !LIBRARY_READ_METHODS.has(name)) mark(x.call.callee.recv, spoiled);
      }
      if (x.call.callee.kind === "value") mark(x.call.callee.path, spoiled);
      if (x.op === "call") for (const r of x.results) if (r) mark(r, spoiled);
      break;
    case "return":
      for (const v of x.values) markValue(v, spoiled);
      break;
    case "send":
      markValue(x.value, spoiled);
      break;
    case "recv":
      for (const t of x.targets) if (t) mark(t, spoiled);
      break;
    default:
      break;
  }
}
