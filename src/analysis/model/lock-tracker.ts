// The lock half of the walk: which mutexes are held at each point of a
// function, straight-line within a block. Called from the one walk in
// expression-walk.ts and function-walk.ts; it never walks on its own.
// Conservative across branches: whatever a branch locks or unlocks is
// forgotten when the branch ends, so a lock taken in one branch only is not
// held after it, and an early `Unlock(); return` does not end the region.
import type { Node } from "web-tree-sitter";
import { F, T } from "../go/grammar.js";
import { field, kids, operatorOf, unparen } from "../go/nodes.js";
import type { Location } from "../types.js";
import { bodyOpenLine } from "./declarations.js";
import {
  callerHoldsLock,
  docCommentAbove,
  type FunctionLocks,
  type HeldLock,
  LOCK_OPS,
  type LockCall,
  type LockOp,
  type MethodCall,
  type MutexField,
  type MutexKind,
} from "./lock-types.js";
import type { SymbolKind } from "./model-types.js";

/** What the tracker needs to know about a name: the struct type it holds, if any. */
export interface LockScope {
  resolveStruct(name: string): { type: string; pointer: boolean; kind: SymbolKind } | null;
}

export interface LockSink {
  readonly mutexFields: ReadonlyMap<string, readonly MutexField[]>;
  readonly packageMutexes: ReadonlyMap<string, MutexKind>;
  /** The package struct type that field `name` of struct type `type` holds (`T` or `*T`), for `c.inner.mu`. */
  fieldStructType(type: string, name: string): string | null;
  lockCall(call: LockCall): void;
  functionLocks(facts: FunctionLocks): void;
  methodCall(call: MethodCall): void;
}

const NONE: readonly HeldLock[] = [];

interface Mutex {
  mutex: string;
  copy: boolean;
}

export class LockTracker {
  /** Replaced, never mutated: events share the array that was current when they happened. */
  held: readonly HeldLock[] = NONE;

  constructor(
    private readonly sink: LockSink,
    private readonly functionIndex: number,
    /** The file's text: calls are recognised by their text, which costs no trips into the parser. */
    private readonly text: string,
  ) {}

  /** A function or method declaration: its receiver, body and whether its caller holds the lock. */
  enterDeclaration(fn: Node, lines: readonly string[]): void {
    const name = field(fn, F.name)?.text ?? "";
    const doc = docCommentAbove(lines, fn.startPosition.row);
    this.sink.functionLocks({
      functionIndex: this.functionIndex,
      callerHolds: callerHoldsLock(name, doc),
      receiver: receiverOf(fn),
      bodyOpenLine: bodyOpenLine(lines, field(fn, F.body)),
    });
  }

  /** `x.Lock()` and friends, `fn` being the call's function; true when `call` was one (it needs no further walking). */
  call(call: Node, fn: Node, scope: LockScope, closure: number, statement: Location, deferred = false): boolean {
    if (fn.type !== T.selectorExpression) return false;
    const callee = this.text.slice(fn.startIndex, fn.endIndex);
    const op = lockOp(callee, this.text.startsWith("()", fn.endIndex));
    const operand = op ? field(fn, F.operand) : null;
    if (!op) this.methodCall(callee, call, scope);
    if (!op || !operand) return false;
    const target = unparen(operand);
    const { mutex, copy } = this.resolve(target, scope);
    const text = target.text;
    this.sink.lockCall({ op, mutex, text, deferred, at: call.startIndex, statement, functionIndex: this.functionIndex, closure });
    if (op === "Lock" || op === "RLock") {
      // `defer mu.Lock()` re-locks on return, for the caller: nothing changes here.
      if (!deferred) this.held = [...this.held, { mutex, mode: op === "Lock" ? "write" : "read", text, at: call.startIndex, untilReturn: false, copy }];
      return true;
    }
    const mode = op === "Unlock" ? "write" : "read";
    let i = this.held.findLastIndex((h) => h.mutex === mutex && h.mode === mode);
    if (i < 0) i = this.held.findLastIndex((h) => h.mutex === mutex);
    if (i < 0) return true;
    const next = [...this.held];
    if (deferred) next[i] = { ...next[i], untilReturn: true };
    else next.splice(i, 1);
    this.held = next;
    return true;
  }

  /** `defer x.mu.Unlock()`: true when the deferred call was a lock operation. */
  deferred(stmt: Node, scope: LockScope, closure: number, statement: Location): boolean {
    const call = kids(stmt)[0];
    const fn = call?.type === T.callExpression ? field(call, F.function) : null;
    return call && fn ? this.call(call, fn, scope, closure, statement, true) : false;
  }

  /**
   * Entering a function literal. A goroutine body or a callback run later
   * (`g.Go`, `time.AfterFunc`) holds nothing of its creator's locks; any other
   * literal (sort.Slice's less, a deferred or immediately called literal)
   * runs while they are held.
   */
  enterLiteral(literal: Node): readonly HeldLock[] {
    const saved = this.held;
    if (runsLater(literal)) this.held = NONE;
    // `defer func() {...}()` runs at return, when only the locks with a deferred unlock are still held.
    else if (literal.parent?.type === T.callExpression && literal.parent.parent?.type === T.deferStatement) {
      this.held = this.held.filter((h) => h.untilReturn);
    }
    return saved;
  }

  restore(saved: readonly HeldLock[]): void {
    this.held = saved;
  }

  /** `c.flush()`: recorded with the locks held, so a helper called only under a lock counts as holding it. */
  private methodCall(callee: string, call: Node, scope: LockScope): void {
    const m = SIMPLE_SELECTOR.exec(callee);
    const value = m ? scope.resolveStruct(m[1]) : null;
    if (m && value) this.sink.methodCall({ type: value.type, name: m[2], functionIndex: this.functionIndex, held: this.held, at: call.startIndex });
  }

  private resolve(target: Node, scope: LockScope): Mutex {
    const expr = { mutex: `expr:fn${this.functionIndex}.${target.text.replace(/\s+/g, "")}`, copy: false };
    if (target.type === T.identifier) {
      const value = scope.resolveStruct(target.text);
      if (value) {
        const embedded = this.sink.mutexFields.get(value.type)?.find((f) => f.embedded);
        if (!embedded) return expr;
        return this.fieldMutex(value.type, embedded.name, isCopy(value), target.text);
      }
      if (this.sink.packageMutexes.has(target.text)) return { mutex: `pkg.${target.text}`, copy: false };
      return { mutex: `fn${this.functionIndex}.${target.text}`, copy: false };
    }
    if (target.type !== T.selectorExpression) return expr;
    const base = field(target, F.operand);
    const name = field(target, F.field)?.text;
    if (!base || !name) return expr;
    const root = unparen(base);
    const owner = this.structTypeOf(root, scope);
    if (!owner) return expr;
    const value = root.type === T.identifier ? scope.resolveStruct(root.text) : null;
    const copy = value !== null && isCopy(value);
    if (this.sink.mutexFields.get(owner)?.some((f) => f.name === name)) return this.fieldMutex(owner, name, copy, root.text);
    // `c.inner.Lock()`: the mutex embedded in the struct that field holds.
    const inner = this.sink.fieldStructType(owner, name);
    const embedded = inner ? this.sink.mutexFields.get(inner)?.find((f) => f.embedded) : undefined;
    return inner && embedded ? this.fieldMutex(inner, embedded.name, false, root.text) : expr;
  }

  private fieldMutex(type: string, name: string, copy: boolean, base: string): Mutex {
    return copy ? { mutex: `copy:fn${this.functionIndex}.${base}.${name}`, copy } : { mutex: `${type}.${name}`, copy };
  }

  /** The package struct type an operand holds: `c`, `c.inner`, `(*c)`. */
  private structTypeOf(node: Node, scope: LockScope): string | null {
    if (node.type === T.identifier) return scope.resolveStruct(node.text)?.type ?? null;
    if (node.type === T.unaryExpression && operatorOf(node) === "*") {
      const operand = field(node, F.operand);
      return operand ? this.structTypeOf(unparen(operand), scope) : null;
    }
    if (node.type !== T.selectorExpression) return null;
    const base = field(node, F.operand);
    const name = field(node, F.field)?.text;
    const owner = base ? this.structTypeOf(unparen(base), scope) : null;
    return owner && name ? this.sink.fieldStructType(owner, name) : null;
  }
}

/** A value receiver or value parameter holds a copy of the caller's struct, mutex included. */
function isCopy(value: { pointer: boolean; kind: SymbolKind }): boolean {
  return !value.pointer && (value.kind === "receiver" || value.kind === "param");
}

/** `c.flush`: a method called directly on a variable. */
const SIMPLE_SELECTOR = /^([\p{L}_][\p{L}\p{N}_]*)\.([\p{L}_][\p{L}\p{N}_]*)$/u;

/** The lock operation a callee's text names (`c.mu.RLock`), when called without arguments. */
function lockOp(callee: string, noArguments: boolean): LockOp | null {
  if (!noArguments) return null;
  const name = callee.slice(callee.lastIndexOf(".") + 1);
  return LOCK_OPS.has(name) ? (name as LockOp) : null;
}

const LATER_CALLEES: ReadonlySet<string> = new Set(["Go", "TryGo", "AfterFunc", "HandleFunc", "Handle", "HandlerFunc"]);

function runsLater(literal: Node): boolean {
  const parent = literal.parent;
  if (parent?.type === T.callExpression) return parent.parent?.type === T.goStatement;
  if (parent?.type !== T.argumentList) return false;
  const callee = parent.parent ? field(parent.parent, F.function) : null;
  const name = callee?.type === T.selectorExpression ? field(callee, F.field)?.text : callee?.text;
  return name !== undefined && LATER_CALLEES.has(name);
}

function receiverOf(fn: Node): FunctionLocks["receiver"] {
  const list = field(fn, F.receiver);
  const param = list ? kids(list).find((k) => k.type === T.parameterDeclaration) : undefined;
  const name = param ? field(param, F.name)?.text : undefined;
  let type = param ? field(param, F.type) : null;
  if (!name || !type) return null;
  const pointer = type.type === T.pointerType;
  if (pointer) type = kids(type)[0] ?? null;
  if (type?.type === T.genericType) type = field(type, F.type);
  return type ? { name, type: type.text, pointer } : null;
}
