// What the lowering of one function carries around: the file, the package's
// names, the function being built, the current scope and statement, and the
// targets of break, continue, goto and fallthrough.
import type { Node } from "web-tree-sitter";
import type { ImportTable } from "../go/type-syntax.js";
import type { FunctionBuilder } from "./function-builder.js";
import type { Block, IrFunction, Span, Value } from "./ir.js";
import { LexicalScope } from "./lexical-scope.js";
import type { PackageNames } from "./package-names.js";
import type { SourceText } from "./source-text.js";
import type { Kid } from "./syntax.js";

/** Deeper nesting of statements and expressions than this is dropped (with a note), so the input cannot overflow the stack. */
export const MAX_NESTING = 500;

/**
 * The mutually recursive halves of lowering, reached through this table
 * instead of imports so the modules form no cycle: a path's root may be any
 * expression, an expression may hold a function literal, a loop holds
 * statements. Filled in by lower-package.ts.
 */
export interface Lowerers {
  value(cx: FunctionContext, kid: Kid): Value;
  statement(cx: FunctionContext, node: Node): void;
  /** Lowers a function literal into a closure of its own; returns its id. */
  closure(cx: FunctionContext, node: Node): number;
}

/** State shared by every function of a package. */
export interface PackageState {
  functions: IrFunction[];
  names: PackageNames;
  lower: Lowerers;
}

/** Where `break` and `continue` go inside a loop, switch or select. */
export interface JumpTargets {
  label: string | null;
  breakTo: Block;
  continueTo: Block | null;
}

export class FunctionContext {
  scope: LexicalScope;
  /** The statement being lowered (every instruction carries it). */
  stmt: Span;
  depth: number;
  readonly targets: JumpTargets[] = [];
  readonly labels = new Map<string, Block>();
  /** The label of the labeled statement about to be lowered (a loop takes it for break/continue). */
  pendingLabel: string | null = null;
  /** In a switch case body: the next case's body, for `fallthrough`. */
  fallthroughTo: Block | null = null;
  /** Named results, for a bare `return`. */
  namedResults: number[] = [];

  constructor(
    readonly pkg: PackageState,
    readonly src: SourceText,
    readonly imports: ImportTable,
    readonly b: FunctionBuilder,
    outerScope: LexicalScope | null,
    depth: number,
  ) {
    this.scope = new LexicalScope(outerScope, b);
    this.stmt = b.fn.span;
    this.depth = depth;
  }

  /** Runs `run` one nesting level deeper, or drops it (with a note) past MAX_NESTING. */
  nested<R>(fallback: R, run: () => R): R {
    if (this.depth >= MAX_NESTING) {
      this.b.note(`nesting deeper than ${MAX_NESTING} dropped`);
      return fallback;
    }
    this.depth++;
    try {
      return run();
    } finally {
      this.depth--;
    }
  }

  /** Runs `run` in a new scope inside the current one. */
  inScope(run: () => void): void {
    const saved = this.scope;
    this.scope = new LexicalScope(saved, this.b);
    try {
      run();
    } finally {
      this.scope = saved;
    }
  }

  /** A label's block, made on first mention (a forward goto names it before its statement). */
  labelBlock(name: string): Block {
    let block = this.labels.get(name);
    if (!block) {
      block = this.b.newBlock(`label.${name}`);
      this.labels.set(name, block);
    }
    return block;
  }

  /** The common fields of an instruction made from `node`. */
  at(node: Node): { span: Span; at: number; stmt: Span } {
    return { span: this.src.spanOf(node), at: node.startIndex, stmt: this.stmt };
  }

  spanOf(node: Node): Span {
    return this.src.spanOf(node);
  }

  textOf(node: Node): string {
    return this.src.textOf(node);
  }

  /** Whether `name` is an import of this file not hidden by a local. */
  importPath(name: string): string | null {
    const path = this.imports.get(name);
    return path !== undefined && this.scope.resolve(name) === null ? path : null;
  }
}
