/** Raised when the tree-sitter WASM module aborted while parsing `path`. */
export class ParserAbortedError extends Error {
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super(`[mapguard] the Go parser aborted while parsing ${path}`, { cause });
    this.name = "ParserAbortedError";
  }
}
