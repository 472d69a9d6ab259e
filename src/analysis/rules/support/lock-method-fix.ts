// `x.mu.Lock()` + `defer x.mu.Unlock()` as the first lines of a method, for
// a method with a pointer receiver that takes no lock of its own and calls
// no other method on its receiver (which might lock the same mutex and
// deadlock). The body's `{` must end its line.
import type { IrFunction } from "../../lower/ir.js";
import type { FileModel } from "../../file-model.js";
import type { SemanticModel } from "../../semantic/semantic-model.js";
import type { Fix } from "../../types.js";
import { fileAt } from "./line-text.js";
import { type FunctionFamilies, lockCallsOf } from "./lock-calls.js";
import { callsOnVariable } from "./receiver-calls.js";

export function lockMethodFix(
  files: readonly FileModel[],
  semantic: SemanticModel,
  families: FunctionFamilies,
  fn: IrFunction,
  lockText: string,
  read: boolean,
  description: string,
): Fix | undefined {
  const file = fileAt(files, fn.path);
  const receiver = fn.vars.find((v) => v.kind === "receiver");
  if (!file || !fn.receiver?.pointer || !receiver || receiver.name === "_") return undefined;
  const openLine = bodyOpenLine(file.lines, fn);
  if (openLine === null) return undefined;
  if (lockCallsOf(semantic, families, fn).length > 0) return undefined;
  if (callsOnVariable(families.family(fn), receiver.name)) return undefined;
  const open = file.lines[openLine - 1] ?? "";
  const indent = `${/^\s*/.exec(open)?.[0] ?? ""}\t`;
  const [lock, unlock] = read ? ["RLock", "RUnlock"] : ["Lock", "Unlock"];
  const replacement = `${open}\n${indent}${lockText}.${lock}()\n${indent}defer ${lockText}.${unlock}()`;
  return { description, edits: [{ path: fn.path, startLine: openLine, endLine: openLine, replacement }] };
}

/**
 * The 1-based line of the body's `{` when nothing follows it on that line.
 * The IR keeps the function's span, not its body's: the body opens at the
 * first `{` outside parentheses and brackets that opens no `struct{`/
 * `interface{` type of the signature.
 */
export function bodyOpenLine(lines: readonly string[], fn: IrFunction): number | null {
  let depth = 0;
  let typeBraces = 0;
  for (let l = fn.span.line; l <= fn.span.endLine; l++) {
    const line = lines[l - 1] ?? "";
    const from = l === fn.span.line ? fn.span.column - 1 : 0;
    for (let i = from; i < line.length; i++) {
      const c = line[i];
      if (c === "/" && line[i + 1] === "/") break;
      if (c === "(" || c === "[") depth++;
      else if (c === ")" || c === "]") depth--;
      else if (c === "}") typeBraces--;
      else if (c === "{") {
        if (/\b(?:struct|interface)\s*$/.test(line.slice(0, i))) typeBraces++;
        else if (depth === 0 && typeBraces === 0) return line.slice(i + 1).trim() === "" ? l : null;
        else typeBraces++;
      }
    }
  }
  return null;
}
