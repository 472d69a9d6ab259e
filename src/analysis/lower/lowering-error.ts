// A failure of lowering (a bug of mapguard's on some input) with the file it
// happened in, so the analysis can set that file aside and lower the rest of
// its package without it.
export class LoweringError extends Error {
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = "LoweringError";
  }
}
