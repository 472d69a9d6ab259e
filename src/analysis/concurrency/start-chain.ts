// Where a context starts, as a short chain of instructions: its start
// instruction, then the calls of the starting function, a few callers up.
// Two contexts are ordered when one's spawner side meets the other's chain
// in some function and does not contain it there.
import type { ExecutionContext, InstrSite } from "./context-types.js";
import type { ConcurrencyQueries } from "./queries.js";

const MAX_CHAIN_DEPTH = 2;
const MAX_CHAIN = 32;

export function startChain(q: ConcurrencyQueries, c: ExecutionContext): InstrSite[] {
  const start = c.via ?? c.spawn;
  if (!start) return [];
  const out: InstrSite[] = [{ fn: start.fn, instr: { block: start.block, index: start.index } }];
  let frontier = [start.fn];
  const seen = new Set(frontier);
  for (let depth = 0; depth < MAX_CHAIN_DEPTH && out.length < MAX_CHAIN; depth++) {
    const next: number[] = [];
    for (const fn of frontier) {
      for (const site of q.semantic.callGraph.callersOf(fn)) {
        if (site.op !== "call" && site.op !== "defer") continue;
        out.push({ fn: site.fn, instr: { block: site.block, index: site.index } });
        if (!seen.has(site.fn)) {
          seen.add(site.fn);
          next.push(site.fn);
        }
      }
    }
    frontier = next;
  }
  return out.slice(0, MAX_CHAIN);
}
