// Lock facts: which mutexes a package has, which ones are held at each map
// access, and where they are locked and unlocked. Plain data built by the one
// walk (see lock-tracker.ts); rules query it through lock-queries.ts.
import type { Location } from "../types.js";

export type LockMode = "read" | "write";
export type MutexKind = "Mutex" | "RWMutex";
export type LockOp = "Lock" | "Unlock" | "RLock" | "RUnlock";

/**
 * A mutex held at some point of a function. `mutex` is the mutex's identity
 * across the package, so two functions holding the same string hold the
 * same mutex (for one value of a struct type):
 *  - `T.mu`: field `mu` of struct type `T`, reached through a pointer (every
 *    method with a `*T` receiver locks the same one); `T.Mutex` / `T.RWMutex`
 *    for an embedded mutex;
 *  - `pkg.mu`: a package-level mutex variable;
 *  - `fn3.mu`: a mutex variable of function 3, shared by its closures;
 *  - `copy:fn3.c.mu`: a mutex inside a value receiver or value parameter, a
 *    copy that guards nothing shared (`copy` is true);
 *  - `expr:fn3.<text>`: anything else, known only by its text in function 3.
 */
export interface HeldLock {
  mutex: string;
  mode: LockMode;
  /** The mutex as written at the lock: `c.mu`, `c` for an embedded one, `mu`. */
  text: string;
  /** UTF-16 offset of the Lock/RLock call in its file. */
  at: number;
  /** A `defer x.Unlock()` follows: held until the function returns. */
  untilReturn: boolean;
  copy: boolean;
}

export interface LockCall {
  op: LockOp;
  mutex: string;
  text: string;
  deferred: boolean;
  at: number;
  /** The whole statement (`x.mu.Lock()`, `defer x.mu.Unlock()`), for fixes. */
  statement: Location;
  functionIndex: number;
  closure: number;
}

/** `x.name(...)` where `x` holds a struct type of the package: who calls a method, holding what. */
export interface MethodCall {
  /** The struct type of `x`. */
  type: string;
  name: string;
  functionIndex: number;
  held: readonly HeldLock[];
  at: number;
}

export interface MutexField {
  /** The field's name; for an embedded mutex, `Mutex` or `RWMutex`. */
  name: string;
  kind: MutexKind;
  embedded: boolean;
}

/** Why a function counts as running with its guarding mutex already held. */
export type CallerHolds = "name" | "doc";

/** Per-function facts the lock rules and their fixes need. */
export interface FunctionLocks {
  functionIndex: number;
  callerHolds: CallerHolds | null;
  /** The receiver of a method: its name, type and whether it is a pointer. */
  receiver: { name: string; type: string; pointer: boolean } | null;
  /** 1-based line that ends with the body's `{`, when it does; null otherwise. */
  bodyOpenLine: number | null;
}

export interface LockFacts {
  /** Mutex fields of the package's struct types, by type name. */
  mutexFields: ReadonlyMap<string, readonly MutexField[]>;
  /** Package-level mutex variables, by name. */
  packageMutexes: ReadonlyMap<string, MutexKind>;
  /** Every Lock/Unlock/RLock/RUnlock call, in walk order. */
  calls: readonly LockCall[];
  /** Facts of the walked functions, by function index. */
  functions: ReadonlyMap<number, FunctionLocks>;
  /** Calls of methods of the package's struct types, from walked statements. */
  methodCalls: readonly MethodCall[];
}

const MUTEX_TYPE = /^\*?(?:[A-Za-z_]\w*\.)?(RWMutex|Mutex)$/;

/**
 * `sync.Mutex`, `sync.RWMutex`, their pointers, and look-alikes from other
 * packages (`deadlock.Mutex`) that share the Lock/Unlock vocabulary.
 */
export function mutexKindOf(typeText: string): MutexKind | null {
  const m = MUTEX_TYPE.exec(typeText.replace(/\s+/g, ""));
  if (!m) return null;
  // An unqualified `Mutex` is a type of this package, not known to be a mutex.
  if (!typeText.includes(".")) return null;
  return m[1] === "RWMutex" ? "RWMutex" : "Mutex";
}

export const LOCK_OPS: ReadonlySet<string> = new Set<LockOp>(["Lock", "Unlock", "RLock", "RUnlock"]);

/** Words that make a statement worth walking for its locks. */
export const LOCK_WORDS: readonly string[] = [...LOCK_OPS];

// What Go code says in a doc comment when the caller must already hold the lock.
const CALLER_HOLDS_DOC =
  /\b(?:must|should|shall|is to)(?: only)? be called with\b|\bcallers? (?:must |should |is expected to |are expected to )?(?:hold|holds|have|has|own)\b|\b(?:must|should) (?:be|already be) (?:held|locked)\b|\b(?:is|are) (?:already )?(?:held|locked)\b|\bwith (?:the |its |a )?[\w.]*\s?(?:lock|mutex|mu)\w* (?:held|locked|acquired)\b|\b(?:while|when) holding\b|\bassumes? .{0,40}\b(?:lock|mutex|held|locked)\b|\brequires? .{0,40}\b(?:lock|mutex|held|locked)\b|\bunder (?:the |a )?(?:lock|mutex|[\w.]*mu\b)|\block(?:s)? (?:is |are )?(?:already )?held\b|\b(?:lock|mutex|mu)\w*\b[^.]{0,24}\b(?:held|acquired)\b|\b(?:held|locked|acquired) by (?:the )?callers?\b/i;

/** Whether a function's name or doc comment says that its caller holds the lock. */
export function callerHoldsLock(name: string, doc: string): CallerHolds | null {
  if (/[a-z0-9_]Locked$|^locked[A-Z_]|_locked$/.test(name) || name === "locked") return "name";
  return doc && CALLER_HOLDS_DOC.test(doc) ? "doc" : null;
}

/** The `//` comment lines directly above line `row` (0-based), joined. */
export function docCommentAbove(lines: readonly string[], row: number): string {
  const out: string[] = [];
  for (let i = row - 1; i >= 0; i--) {
    const t = (lines[i] ?? "").trim();
    if (!t.startsWith("//")) break;
    out.unshift(t.replace(/^\/\/\s?/, ""));
  }
  return out.join(" ");
}
