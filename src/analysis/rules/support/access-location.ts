// Where a finding about an access goes: its statement when that is one line
// holding the access, else the access itself. The IR's statement of an
// access in a loop, `if` or `switch` header is the header alone; the
// finding then points at the access, as the compound statement it heads
// spans many lines.
import type { Instr } from "../../lower/ir.js";
import type { FileModel } from "../../file-model.js";
import type { Location } from "../../types.js";
import { fileAt, locationOf } from "./line-text.js";

const HEADER = /^(?:for|if|switch|select)\b/;

export function accessLocation(files: readonly FileModel[], path: string, instr: Instr): Location {
  const s = instr.stmt;
  const line = fileAt(files, path)?.lines[s.line - 1] ?? "";
  const header = HEADER.test(line.slice(s.column - 1));
  return locationOf(path, !header && s.line === s.endLine && s.line === instr.span.line ? s : instr.span);
}
