// The library half of nil-map-field-write: a nil `http.Header` or
// `url.Values` variable, or the `Header` of an `http.Request`/`http.Response`
// made without it, written through `Set`/`Add` or by index. The same
// conservatism as for the package's own maps: anything that could have given
// the value a map before the write (an assignment, `&v`, passing it, a method
// of the struct, a nil check, a closure or an enclosing loop doing any of
// these) keeps the rule silent.
import type { LibraryUse, LibraryValue } from "../../model/library-types.js";
import type { PackageModel } from "../../model/model-types.js";
import type { Finding } from "../../types.js";
import { lazyInitFix } from "./lazy-init-fix.js";
import { libraryDeclarationFix, libraryLiteralFix } from "./library-map-fix.js";
import type { NilMapFieldWriteMessage } from "../nil-map-field-write.js";
import { formatMessage, makeFinding, type Rule } from "./rule.js";

export function libraryMapFindings(pkg: PackageModel, rule: Rule<NilMapFieldWriteMessage>): Finding[] {
  const findings: Finding[] = [];
  for (const value of pkg.library.values) {
    // The first write that surely meets a nil map is the one that panics.
    const write = value.uses.find((u) => u.kind === "write" && surelyNil(value, u));
    if (write) findings.push(report(pkg, rule, value, write));
  }
  return findings;
}

function surelyNil(value: LibraryValue, write: LibraryUse): boolean {
  const others = value.uses.filter((u) => u.kind === "other");
  // A closure (or a deferred call) may run at any time: only a value nothing ever touches is surely nil there.
  if (others.some((u) => u.closure !== value.closure)) return false;
  if (write.closure !== value.closure) return others.length === 0;
  if (others.some((u) => u.at < write.at)) return false;
  // A later iteration of a loop around the write runs after whatever the loop does further down.
  const loops = write.loops.filter((l) => !(value.at >= l.start && value.at < l.end));
  return !others.some((u) => loops.some((l) => u.at >= l.start && u.at < l.end));
}

const MESSAGE_OF_FORM: Record<LibraryValue["form"], NilMapFieldWriteMessage> = {
  var: "libraryVar",
  package: "libraryPackage",
  literal: "libraryLiteral",
  new: "libraryZero",
  zero: "libraryZero",
};

function report(pkg: PackageModel, rule: Rule<NilMapFieldWriteMessage>, value: LibraryValue, write: LibraryUse): Finding {
  const { messages } = rule;
  const file = pkg.files.find((f) => f.path === value.path);
  const writeText =
    write.how === "index"
      ? messages.libraryWriteIndex
      : formatMessage(messages.libraryWriteMethod, { target: value.mapText, method: write.how });
  const declaredLine = value.declared.startLine;
  const params = {
    where: value.path === write.statement.path ? `line ${declaredLine}` : `${value.path}:${declaredLine}`,
    name: value.name,
    type: value.typeText,
    target: value.mapText,
    field: value.field ?? "",
    line: value.statement.startLine,
    write: writeText,
    base: value.name,
  };
  const messageId: NilMapFieldWriteMessage = MESSAGE_OF_FORM[value.form];
  const guardParams = { base: value.field ? value.name : "", name: value.field ?? value.name };
  const guardTarget = value.mapText;
  const fix =
    libraryDeclarationFix(value, messages.fixLibraryVar) ??
    (file ? libraryLiteralFix(file, value, messages.fixLiteral) : undefined) ??
    (file && value.form !== "package" ? lazyInitFix(file, write, guardTarget, value.mapTypeText, value.field ? messages.fixGuard : messages.fixLibraryGuard, guardParams) : undefined);
  return makeFinding(rule, pkg, {
    messageId,
    params,
    subject: value.mapText,
    location: write.statement,
    related: [{ location: value.statement, messageId: value.field ? "libraryConstructedHere" : "libraryDeclaredHere" }],
    ...(fix ? { fix } : {}),
  });
}
