// Functions that say their caller holds the lock: by name (`flushLocked`,
// `locked_get`) or by doc comment ("must be called with mu held"). Such a
// function runs with the guarding mutex held whatever it takes itself. A
// doc comment that forbids concurrent calls ("must not be called
// concurrently with Import") states the same contract from the other side.
import type { IrFunction } from "../../lower/ir.js";
import type { FileModel } from "../../file-model.js";
import { fileAt } from "./line-text.js";

// What Go code says in a doc comment when the caller must already hold the lock, or must not call concurrently.
const CALLER_HOLDS_DOC =
  /\b(?:must|should|shall|is to)(?: only)? be called with\b|\bcallers? (?:must |should |is expected to |are expected to )?(?:hold|holds|have|has|own)\b|\b(?:must|should) (?:be|already be) (?:held|locked)\b|\b(?:is|are) (?:already )?(?:held|locked)\b|\bwith (?:the |its |a )?[\w.]*\s?(?:lock|mutex|mu)\w* (?:held|locked|acquired)\b|\b(?:while|when) holding\b|\bassumes? .{0,40}\b(?:lock|mutex|held|locked)\b|\brequires? .{0,40}\b(?:lock|mutex|held|locked)\b|\bunder (?:the |a )?(?:lock|mutex|[\w.]*mu\b)|\block(?:s)? (?:is |are )?(?:already )?held\b|\b(?:lock|mutex|mu)\w*\b[^.]{0,24}\b(?:held|acquired)\b|\b(?:held|locked|acquired) by (?:the )?callers?\b|\bmust not be (?:called|used|run) concurrent(?:ly)?\b|\bnot (?:safe|meant) (?:for|to be called|to be used|to call) concurrent(?:ly| use)?\b/i;

/** `Name` of `(*T).Name`, `(T).Name` or `Name`. */
export function declaredName(fn: IrFunction): string {
  return fn.name.slice(fn.name.lastIndexOf(".") + 1);
}

/** Whether a declared function (not a literal) says by name or doc comment that its caller holds the lock. */
export function callerHolds(files: readonly FileModel[], fn: IrFunction): boolean {
  if (fn.kind === "closure" || fn.name === "<vars>") return false;
  const name = declaredName(fn).replace(/#\d+$/, "");
  if (/[a-z0-9_]Locked$|^locked[A-Z_]|_locked$/.test(name) || name === "locked") return true;
  const doc = docAbove(fileAt(files, fn.path)?.lines ?? [], fn.span.line - 1);
  return doc !== "" && CALLER_HOLDS_DOC.test(doc);
}

/** The `//` comment lines directly above 0-based line `row`, joined. */
function docAbove(lines: readonly string[], row: number): string {
  const out: string[] = [];
  for (let i = row - 1; i >= 0; i--) {
    const t = (lines[i] ?? "").trim();
    if (!t.startsWith("//")) break;
    out.unshift(t.replace(/^\/\/\s?/, ""));
  }
  return out.join(" ");
}
