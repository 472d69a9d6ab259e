// One dataflow solver for every analysis of the semantic layer: forward or
// backward over an IrFunction's blocks, a worklist in (reverse) post-order,
// a transfer per instruction and an optional refinement per edge (so a branch
// on `m == nil` can say what holds on each arm).
//
// The lattice needs no bottom element: a block no fact reaches has none
// (undefined), and a join only sees the facts that do arrive. For a
// may-analysis that is the usual empty bottom; for a must-analysis (join =
// intersection) it is the "everything" top that would otherwise be needed.
import type { Block, Instr, IrFunction } from "../lower/ir.js";
import { type Cfg, cfgOf, type Edge, positions, reversePostOrder } from "./cfg.js";
import { Worklist } from "./worklist.js";

export interface Analysis<F> {
  /** Forward: the fact at the function's entry. Backward: the fact at the end of every exit block (`return` and `panic`). */
  boundary: F;
  join(a: F, b: F): F;
  equals(a: F, b: F): boolean;
  /**
   * The fact on the other side of `instr`: after it (forward) or before it
   * (backward). Must return a new value or `fact` itself, never mutate `fact`:
   * facts are shared between program points.
   */
  transfer(fact: F, instr: Instr, block: Block, index: number): F;
  /** The fact along `edge` (from the end of `edge.from` to the start of `edge.to`); undefined when the edge cannot be taken. */
  edge?(fact: F, edge: Edge, from: Block): F | undefined;
  /** Cap on block visits; past it the solver stops with `converged: false`. Default: 64 per reachable block, at least 4,096. */
  maxVisits?: number;
}

export type Direction = "forward" | "backward";

export interface Solution<F> {
  direction: Direction;
  /** False when the visit cap stopped the solver: the facts are then not a fixpoint and must not be trusted. */
  converged: boolean;
  visits: number;
  /** Fact at the start of each block, in program order; undefined where no fact arrives (unreachable). */
  entry: readonly (F | undefined)[];
  /** Fact at the end of each block, in program order. */
  exit: readonly (F | undefined)[];
  /** Fact just before instruction `index` of `block`, in program order (index = instrs.length: the block's end). */
  before(block: number, index: number): F | undefined;
  /** Fact just after instruction `index` of `block`, in program order. */
  after(block: number, index: number): F | undefined;
  /** `before` for an instruction of the function, found by identity; undefined for an instruction it does not hold. */
  beforeInstr(instr: Instr): F | undefined;
  afterInstr(instr: Instr): F | undefined;
}

export function solveForward<F>(fn: IrFunction, analysis: Analysis<F>): Solution<F> {
  return solve(fn, analysis, "forward");
}

export function solveBackward<F>(fn: IrFunction, analysis: Analysis<F>): Solution<F> {
  return solve(fn, analysis, "backward");
}

function solve<F>(fn: IrFunction, analysis: Analysis<F>, direction: Direction): Solution<F> {
  const cfg = cfgOf(fn);
  const n = fn.blocks.length;
  const forward = direction === "forward";
  // Backward: reverse post-order of the reverse graph, from the exits, among the blocks the entry reaches.
  const order = forward ? cfg.rpo : reversePostOrder(n, cfg.exits, cfg.preds, (b) => cfg.order[b] >= 0);
  const position = forward ? cfg.order : positions(n, order);
  const start: (F | undefined)[] = new Array<F | undefined>(n).fill(undefined);
  const end: (F | undefined)[] = new Array<F | undefined>(n).fill(undefined);
  // Where a block's fact flows from, and where it arrives (program-order ends of blocks).
  const inFacts = forward ? start : end;
  const outFacts = forward ? end : start;
  const isBoundary = new Uint8Array(n);
  if (forward && order.length > 0) isBoundary[0] = 1;
  if (!forward) for (const e of cfg.exits) isBoundary[e] = 1;

  const cap = analysis.maxVisits ?? Math.max(4096, 64 * order.length);
  const work = new Worklist(n);
  for (let i = 0; i < order.length; i++) if (isBoundary[order[i]]) work.push(i);
  let visits = 0;
  let converged = true;
  while (work.size > 0) {
    if (visits >= cap) {
      converged = false;
      break;
    }
    visits++;
    const b = order[work.pop()];
    const incoming = arriving(cfg, analysis, forward, b, isBoundary[b] === 1, outFacts);
    if (incoming === undefined) continue;
    const seen = outFacts[b] !== undefined;
    if (seen && analysis.equals(inFacts[b] as F, incoming)) continue;
    inFacts[b] = incoming;
    const out = through(fn.blocks[b], analysis, forward, incoming);
    if (seen && analysis.equals(outFacts[b] as F, out)) continue;
    outFacts[b] = out;
    for (const next of forward ? cfg.succs[b] : cfg.preds[b]) if (position[next] >= 0) work.push(position[next]);
  }
  return makeSolution(fn, analysis, direction, converged, visits, start, end);
}

/** The join of the facts arriving at `b` (along its in-edges forward, its out-edges backward). */
function arriving<F>(cfg: Cfg, analysis: Analysis<F>, forward: boolean, b: number, boundary: boolean, outFacts: readonly (F | undefined)[]): F | undefined {
  let fact: F | undefined = boundary ? analysis.boundary : undefined;
  const edges = forward ? cfg.in[b] : cfg.out[b];
  for (const e of edges) {
    const other = forward ? e.from : e.to;
    let f = outFacts[other];
    if (f === undefined) continue;
    if (analysis.edge) f = analysis.edge(f, e, cfg.fn.blocks[e.from]);
    if (f === undefined) continue;
    fact = fact === undefined ? f : analysis.join(fact, f);
  }
  return fact;
}

function through<F>(block: Block, analysis: Analysis<F>, forward: boolean, fact: F): F {
  const instrs = block.instrs;
  if (forward) for (let i = 0; i < instrs.length; i++) fact = analysis.transfer(fact, instrs[i], block, i);
  else for (let i = instrs.length - 1; i >= 0; i--) fact = analysis.transfer(fact, instrs[i], block, i);
  return fact;
}

function makeSolution<F>(
  fn: IrFunction,
  analysis: Analysis<F>,
  direction: Direction,
  converged: boolean,
  visits: number,
  entry: (F | undefined)[],
  exit: (F | undefined)[],
): Solution<F> {
  // The facts between a block's instructions, recomputed on demand and kept
  // for the last block asked about: queries usually walk one block in order.
  let cachedBlock = -1;
  let cachedPoints: F[] | undefined;
  const pointsOf = (b: number): F[] | undefined => {
    if (b === cachedBlock) return cachedPoints;
    const block = fn.blocks[b];
    const seed = direction === "forward" ? entry[b] : exit[b];
    let points: F[] | undefined;
    if (block && seed !== undefined) {
      const n = block.instrs.length;
      points = new Array<F>(n + 1);
      if (direction === "forward") {
        points[0] = seed;
        for (let i = 0; i < n; i++) points[i + 1] = analysis.transfer(points[i], block.instrs[i], block, i);
      } else {
        points[n] = seed;
        for (let i = n - 1; i >= 0; i--) points[i] = analysis.transfer(points[i + 1], block.instrs[i], block, i);
      }
    }
    cachedBlock = b;
    cachedPoints = points;
    return points;
  };
  let where: Map<Instr, [number, number]> | undefined;
  const locate = (instr: Instr): [number, number] | undefined => {
    if (!where) {
      where = new Map();
      fn.blocks.forEach((block, b) => block.instrs.forEach((x, i) => where?.set(x, [b, i])));
    }
    return where.get(instr);
  };
  const before = (b: number, i: number): F | undefined => pointsOf(b)?.[i];
  const after = (b: number, i: number): F | undefined => pointsOf(b)?.[i + 1];
  return {
    direction,
    converged,
    visits,
    entry,
    exit,
    before,
    after,
    beforeInstr: (instr) => {
      const at = locate(instr);
      return at ? before(at[0], at[1]) : undefined;
    },
    afterInstr: (instr) => {
      const at = locate(instr);
      return at ? after(at[0], at[1]) : undefined;
    },
  };
}
