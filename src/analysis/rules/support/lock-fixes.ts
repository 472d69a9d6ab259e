// Suggested changes that change locking: turn a read lock into a write lock,
// or lock a method from its first line. Whole-line edits, offered only when
// every touched statement stands alone on its line and the change cannot
// deadlock on a lock the method takes again through another method.
import type { LockCall } from "../../model/lock-types.js";
import type { PackageModel } from "../../model/model-types.js";
import type { Fix, LineEdit } from "../../types.js";
import { callsOnReceiver, fileOf, functionText, lockCallsOf, statementLine } from "./lock-rule-support.js";

/** `x.mu.RLock()` -> `x.mu.Lock()` and each matching `RUnlock()` -> `Unlock()` (deferred ones too). */
export function upgradeReadLockFix(pkg: PackageModel, rlock: LockCall, description: string): Fix | undefined {
  const fn = pkg.functions[rlock.functionIndex];
  if (!fn) return undefined;
  const same = lockCallsOf(pkg, rlock.functionIndex).filter(
    (c) => c.closure === rlock.closure && c.mutex === rlock.mutex && c.statement.path === rlock.statement.path && c.at > rlock.at,
  );
  const next = same.find((c) => c.op === "RLock" && !c.deferred);
  const unlocks = same.filter((c) => c.op === "RUnlock" && (!next || c.at < next.at));
  // An RUnlock somewhere we cannot see (another function, a closure) would then unlock a write lock with RUnlock.
  if (unlocks.length === 0 || unlocksElsewhere(pkg, rlock, unlocks)) return undefined;
  // A method called on the same value may RLock the same mutex again: under Lock that deadlocks.
  const root = rlock.text.split(".")[0] ?? "";
  if (root && callsOnReceiver(functionText(pkg, fn), root)) return undefined;
  const edits: LineEdit[] = [];
  for (const call of [rlock, ...unlocks]) {
    const edit = renameOp(pkg, call, call.op === "RLock" ? "Lock" : "Unlock");
    if (!edit) return undefined;
    edits.push(edit);
  }
  return { description, edits };
}

function unlocksElsewhere(pkg: PackageModel, rlock: LockCall, counted: readonly LockCall[]): boolean {
  return lockCallsOf(pkg, rlock.functionIndex).some(
    (c) => c.mutex === rlock.mutex && c.op === "RUnlock" && c.closure !== rlock.closure && !counted.includes(c),
  );
}

function renameOp(pkg: PackageModel, call: LockCall, to: "Lock" | "Unlock"): LineEdit | undefined {
  const parts = statementLine(pkg, call.statement);
  if (!parts) return undefined;
  const start = call.statement.startColumn - 1;
  const stmt = parts.line.slice(start, call.statement.endColumn - 1);
  const needle = `.${call.op}()`;
  const at = stmt.lastIndexOf(needle);
  if (at < 0) return undefined;
  const replaced = `${stmt.slice(0, at)}.${to}()${stmt.slice(at + needle.length)}`;
  const line = call.statement.startLine;
  return { path: call.statement.path, startLine: line, endLine: line, replacement: `${parts.indent}${replaced}${parts.trailing}` };
}

/**
 * `x.mu.Lock()` + `defer x.mu.Unlock()` as the first lines of a method, for a
 * method that takes no lock of its own and calls no other method on its
 * receiver (which might lock the same mutex and deadlock).
 */
export function lockMethodFix(pkg: PackageModel, functionIndex: number, lockText: string, read: boolean, description: string): Fix | undefined {
  const fn = pkg.functions[functionIndex];
  const facts = pkg.locks.functions.get(functionIndex);
  const file = fn ? fileOf(pkg, fn.path) : undefined;
  if (!fn || !facts?.receiver?.pointer || facts.bodyOpenLine === null || !file) return undefined;
  if (lockCallsOf(pkg, functionIndex).length > 0) return undefined;
  if (callsOnReceiver(functionText(pkg, fn), facts.receiver.name)) return undefined;
  const open = file.lines[facts.bodyOpenLine - 1] ?? "";
  const indent = `${/^\s*/.exec(open)?.[0] ?? ""}\t`;
  const [lock, unlock] = read ? ["RLock", "RUnlock"] : ["Lock", "Unlock"];
  const replacement = `${open}\n${indent}${lockText}.${lock}()\n${indent}defer ${lockText}.${unlock}()`;
  return { description, edits: [{ path: fn.path, startLine: facts.bodyOpenLine, endLine: facts.bodyOpenLine, replacement }] };
}
