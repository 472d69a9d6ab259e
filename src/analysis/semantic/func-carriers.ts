// Which values can hold a function value, by their type: the flow of func
// values only needs constraints for those (a package spends most of its
// assignments on ints, strings, structs and pointers to them). Unknown types
// count as carriers: dropping a constraint would drop a call edge.
import type { TypeRef } from "../lower/ir.js";
import type { PackageTypes } from "./package-types.js";
import { isTypeParam } from "./type-refs.js";

/** Nesting of collections followed: `[][]func()` is two. */
export const MAX_ELEMENT_DEPTH = 3;

export interface Carrying {
  /** A func value may sit at the value's own key. */
  self: boolean;
  /** Depths (1 = `[]`, 2 = `[][]`...) of element keys that may hold func values. */
  elements: number[];
}

const UNKNOWN: Carrying = { self: true, elements: [] };

export class FuncCarriers {
  private readonly memo = new Map<string, Carrying>();

  constructor(private readonly types: PackageTypes) {}

  of(t: TypeRef | null): Carrying {
    if (!t) return UNKNOWN;
    const key = isTypeParam(t) ? `\0${t.text}` : t.text;
    let known = this.memo.get(key);
    if (!known) {
      known = this.compute(t);
      this.memo.set(key, known);
    }
    return known;
  }

  private compute(t: TypeRef): Carrying {
    const elements: number[] = [];
    let cur: TypeRef = t;
    for (let depth = 0; depth <= MAX_ELEMENT_DEPTH; depth++) {
      const u = this.underlying(cur);
      const elem = u.kind === "map" ? u.value : u.kind === "slice" || u.kind === "array" || u.kind === "chan" ? u.elem : null;
      if (!elem) {
        if (depth === 0) return { self: this.direct(u), elements };
        if (this.direct(u)) elements.push(depth);
        return { self: false, elements };
      }
      if (depth > 0 && this.direct(u)) elements.push(depth);
      cur = elem;
    }
    return { self: false, elements };
  }

  private underlying(t: TypeRef): TypeRef {
    return isTypeParam(t) ? t : this.types.underlying(t);
  }

  /**
   * Whether a value of this (underlying) type may itself be a func value.
   * Pointers are followed a few levels: `type P *P` is legal Go and points at
   * itself forever.
   */
  private direct(u: TypeRef, depth = 0): boolean {
    if (depth > MAX_POINTER_DEPTH) return true;
    switch (u.kind) {
      case "func":
      case "interface":
      case "other":
        return true;
      case "named":
        // Builtin basic types cannot; a type parameter, another package's type or a local type may.
        return isTypeParam(u) || u.pkg !== null || !BASIC.has(u.name);
      case "pointer":
        return this.direct(this.underlying(u.elem), depth + 1);
      default:
        return false;
    }
  }
}

const MAX_POINTER_DEPTH = 8;

const BASIC: ReadonlySet<string> = new Set([
  "bool", "string", "error", "byte", "rune", "uintptr", "complex64", "complex128", "float32", "float64",
  "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64",
]);
