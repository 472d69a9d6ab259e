// Parsing with the tree's lifetime handled: a tree lives in WASM memory and is
// freed only by tree.delete(), so callers get it inside `use` and never own it.
import type { Parser, Tree } from "web-tree-sitter";
import { ParserAbortedError } from "./parser-aborted-error.js";

/** A pathological file must become a note, not a stuck worker. */
export const DEFAULT_PARSE_BUDGET_MS = 5_000;

export type ParseOutcome<R> = { ok: true; value: R } | { ok: false; reason: string };

export interface ParseRequest {
  path: string;
  text: string;
  budgetMs?: number;
}

/**
 * Parses `text` and hands the tree to `use`; the tree is deleted afterwards
 * whatever happens. Returns a reason instead of a value when the parse ran
 * over its time budget. Throws ParserAbortedError when the WASM module died.
 */
export function withParsedTree<R>(parser: Parser, request: ParseRequest, use: (tree: Tree) => R): ParseOutcome<R> {
  const tree = parseOrAbort(parser, request);
  if (!tree) {
    // A cancelled parse leaves state behind that the next parse would resume.
    parser.reset();
    return { ok: false, reason: overBudget(request) };
  }
  try {
    return { ok: true, value: use(tree) };
  } finally {
    tree.delete();
  }
}

/**
 * Parses several files and hands all their trees to `use` at once (a package
 * model needs every file of the package); every tree is deleted afterwards.
 * A file whose parse ran over budget gets a reason instead of a tree.
 */
export function withParsedTrees<R>(
  parser: Parser,
  requests: readonly ParseRequest[],
  use: (outcomes: ParseOutcome<Tree>[]) => R,
): R {
  const trees: Tree[] = [];
  try {
    const outcomes = requests.map((request): ParseOutcome<Tree> => {
      const tree = parseOrAbort(parser, request);
      if (!tree) {
        parser.reset();
        return { ok: false, reason: overBudget(request) };
      }
      trees.push(tree);
      return { ok: true, value: tree };
    });
    return use(outcomes);
  } finally {
    for (const tree of trees) tree.delete();
  }
}

function overBudget(request: ParseRequest): string {
  return `parsing took longer than ${request.budgetMs ?? DEFAULT_PARSE_BUDGET_MS} ms; the file was not analysed`;
}

function parseOrAbort(parser: Parser, { path, text, budgetMs = DEFAULT_PARSE_BUDGET_MS }: ParseRequest): Tree | null {
  const deadline = performance.now() + budgetMs;
  try {
    return parser.parse(text, null, {
      // web-tree-sitter cancels when this returns true; its .d.ts says void.
      progressCallback: (() => performance.now() > deadline) as () => void,
    });
  } catch (error) {
    if (isWasmAbort(error)) throw new ParserAbortedError(path, error);
    throw error;
  }
}

/** A WebAssembly.RuntimeError (a trap: out of bounds, unreachable) or Emscripten's abort(). */
export function isWasmAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === "RuntimeError" || /\bAborted\b/.test(error.message));
}
