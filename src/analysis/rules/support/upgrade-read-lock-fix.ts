// `x.mu.RLock()` -> `x.mu.Lock()` and each matching `RUnlock()` -> `Unlock()`
// (deferred ones too), over the IR: offered only when every touched
// statement stands alone on its line, every RUnlock of that mutex in the
// function is one we rewrite, and no method called on the same value could
// take the read lock again (under Lock that deadlocks).
import type { FileModel } from "../../file-model.js";
import type { SemanticModel } from "../../semantic/semantic-model.js";
import type { Fix, LineEdit } from "../../types.js";
import { aloneOnLine } from "./line-text.js";
import { type FunctionFamilies, type LockCallAt, lockCallsOf } from "./lock-calls.js";
import { callsOnVariable } from "./receiver-calls.js";

export function upgradeReadLockFix(
  files: readonly FileModel[],
  semantic: SemanticModel,
  families: FunctionFamilies,
  rlock: LockCallAt,
  rootName: string,
  description: string,
): Fix | undefined {
  const calls = lockCallsOf(semantic, families, rlock.fn);
  const same = calls.filter((c) => c.fn === rlock.fn && c.mutex === rlock.mutex && c.path === rlock.path && c.instr.at > rlock.instr.at);
  const next = same.find((c) => c.op === "RLock" && !c.deferred);
  const unlocks = same.filter((c) => c.op === "RUnlock" && (!next || c.instr.at < next.instr.at));
  if (unlocks.length === 0) return undefined;
  // An RUnlock in another literal would then unlock a write lock with RUnlock.
  if (calls.some((c) => c.mutex === rlock.mutex && c.op === "RUnlock" && c.fn !== rlock.fn && !unlocks.includes(c))) return undefined;
  if (rootName && callsOnVariable(families.family(rlock.fn), rootName)) return undefined;
  const edits: LineEdit[] = [];
  for (const call of [rlock, ...unlocks]) {
    const edit = renameOp(files, call, call.op === "RLock" ? "Lock" : "Unlock");
    if (!edit) return undefined;
    edits.push(edit);
  }
  return { description, edits };
}

function renameOp(files: readonly FileModel[], call: LockCallAt, to: "Lock" | "Unlock"): LineEdit | undefined {
  const stmt = call.instr.stmt;
  const parts = aloneOnLine(files, call.path, stmt);
  if (!parts) return undefined;
  const text = parts.line.slice(stmt.column - 1, stmt.endColumn - 1);
  const needle = `.${call.op}()`;
  const at = text.lastIndexOf(needle);
  if (at < 0) return undefined;
  const replaced = `${text.slice(0, at)}.${to}()${text.slice(at + needle.length)}`;
  return { path: call.path, startLine: stmt.line, endLine: stmt.line, replacement: `${parts.indent}${replaced}${parts.trailing}` };
}

