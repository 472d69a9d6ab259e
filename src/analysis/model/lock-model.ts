// Builds the lock side of a package model: the mutexes the package declares,
// read before any function is walked, and the sink through which the walk
// records lock calls and per-function facts.
import type { Node } from "web-tree-sitter";
import { collectPackageMutexes, mutexFieldsOf } from "./lock-declarations.js";
import type { StructType } from "./model-types.js";
import type { LockSink } from "./lock-tracker.js";
import type { FunctionLocks, LockCall, LockFacts, MethodCall, MutexKind } from "./lock-types.js";

export interface LockModel {
  sink: LockSink;
  facts: LockFacts;
}

export function buildLockModel(
  tops: readonly (readonly Node[])[],
  structTypes: Iterable<StructType>,
  fieldStructType: (type: string, name: string) => string | null,
): LockModel {
  const mutexFields = mutexFieldsOf(structTypes);
  const packageMutexes = new Map<string, MutexKind>();
  for (const top of tops) collectPackageMutexes(top, packageMutexes);
  const calls: LockCall[] = [];
  const functions = new Map<number, FunctionLocks>();
  const methodCalls: MethodCall[] = [];
  return {
    sink: {
      mutexFields,
      packageMutexes,
      fieldStructType,
      lockCall: (c) => calls.push(c),
      functionLocks: (f) => functions.set(f.functionIndex, f),
      methodCall: (c) => methodCalls.push(c),
    },
    facts: { mutexFields, packageMutexes, calls, functions, methodCalls },
  };
}
