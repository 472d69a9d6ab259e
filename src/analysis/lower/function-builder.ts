// Builds one IrFunction: its variables, its blocks and the block code is
// currently appended to. After a terminator there is no current block; code
// lowered then goes into a fresh block that nothing jumps to, and finish()
// drops such unreachable blocks.
import type { Block, Instr, IrFunction, Path, Span, Terminator, TypeRef, Var, VarKind } from "./ir.js";
import { varPath } from "./shared-values.js";

/** A terminator not set yet: the block falls off the end of the function unless code adds one. */
const OPEN: Terminator = { kind: "return" };

export class FunctionBuilder {
  readonly fn: IrFunction;
  private current: Block | null;
  /** Closures lowered in this function so far, for their `$n` names. */
  closures = 0;
  /** Captured Vars by the enclosing function's Var they stand for ("fn:var"). */
  private captured: Map<string, number> | null = null;
  private temps = 0;
  private noted: Set<string> | null = null;

  constructor(
    header: Pick<IrFunction, "id" | "name" | "path" | "kind" | "receiver" | "typeParams" | "parent" | "span">,
    readonly outer: FunctionBuilder | null,
  ) {
    this.fn = { ...header, vars: [], params: [], results: [], blocks: [], broken: false, gotos: false, notes: [] };
    this.current = this.newBlock("entry");
  }

  get id(): number {
    return this.fn.id;
  }

  newBlock(label: string): Block {
    const block: Block = { id: this.fn.blocks.length, instrs: [], term: OPEN, label };
    this.fn.blocks.push(block);
    return block;
  }

  /** The block code goes into now; after a terminator, a fresh unreachable one. */
  block(): Block {
    this.current ??= this.newBlock("unreachable");
    return this.current;
  }

  setBlock(block: Block): void {
    this.current = block;
  }

  /** Whether the current block can still be reached by falling through (no terminator since it began). */
  get open(): boolean {
    return this.current !== null;
  }

  emit(instr: Instr): void {
    this.block().instrs.push(instr);
  }

  terminate(term: Terminator): void {
    const block = this.block();
    // A block keeps its first terminator: code after it is unreachable.
    if (block.term === OPEN) block.term = term;
    this.current = null;
  }

  jump(to: Block): void {
    this.terminate({ kind: "jump", to: to.id });
  }

  /** Jumps to `to` and continues there. */
  continueAt(to: Block): void {
    if (this.current !== to) this.jump(to);
    this.current = to;
  }

  addVar(name: string, kind: VarKind, type: TypeRef | null, declared: Span | null, at: number, index?: number): number {
    const id = this.fn.vars.length;
    const v: Var = { id, name, kind, type, declared, at };
    if (index !== undefined) v.index = index;
    this.fn.vars.push(v);
    return id;
  }

  temp(): Path {
    const id = this.addVar(`t${this.temps++}`, "temp", null, null, -1);
    return varPath(id);
  }

  /** The Var of this function standing for Var `outerVar` of the enclosing function `outerFn` (made on first use). */
  capturedVar(outerFn: number, outerVar: number): number {
    const key = `${outerFn}:${outerVar}`;
    const known = this.captured?.get(key);
    if (known !== undefined) return known;
    const source = this.outerVarOf(outerFn, outerVar);
    const id = this.addVar(source?.name ?? "?", "captured", source?.type ?? null, source?.declared ?? null, source?.at ?? -1);
    this.fn.vars[id].outer = { fn: outerFn, var: outerVar };
    (this.captured ??= new Map()).set(key, id);
    return id;
  }

  private outerVarOf(fnId: number, varId: number): Var | undefined {
    for (let b = this.outer; b; b = b.outer) if (b.id === fnId) return b.fn.vars[varId];
    return undefined;
  }

  isTerminated(block: Block): boolean {
    return block.term !== OPEN;
  }

  note(text: string): void {
    this.noted ??= new Set();
    if (this.noted.has(text)) return;
    this.noted.add(text);
    this.fn.notes.push(text);
  }
}
