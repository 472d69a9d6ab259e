// Collects the concurrency facts of one package while its functions are
// walked, then resolves what the walk alone cannot: which package function a
// `go f(x)` starts, and whether a body calls recover().
import { mentions } from "./relevance.js";
import type { ConcurrencyFacts, Goroutine, JoinPoint, MapHandOff, OnceBody } from "./goroutine-types.js";
import type { FunctionModel } from "./model-types.js";

export class GoroutineRecorder {
  readonly goroutines: Goroutine[] = [];
  readonly joins: JoinPoint[] = [];
  readonly once: OnceBody[] = [];
  readonly handOffs: MapHandOff[] = [];
  readonly params = new Map<number, readonly string[]>();
  /** Channels a function sends on or closes outside any literal goroutine, by function index. */
  private readonly functionSends = new Map<number, string[]>();

  add(g: Omit<Goroutine, "index">): Goroutine {
    const full: Goroutine = { ...g, index: this.goroutines.length };
    this.goroutines.push(full);
    return full;
  }

  sends(functionIndex: number, goroutine: number | null, channel: string): void {
    const g = goroutine === null ? null : this.goroutines[goroutine];
    if (g) g.sendsOn.push(channel);
    else {
      const list = this.functionSends.get(functionIndex);
      if (list) list.push(channel);
      else this.functionSends.set(functionIndex, [channel]);
    }
  }

  finish(functions: readonly FunctionModel[], fileText: (path: string) => string): ConcurrencyFacts {
    const plain = uniqueByName(functions.filter((f) => f.receiver === null && f.walked));
    const methods = uniqueByName(functions.filter((f) => f.receiver !== null && f.walked));
    for (const g of this.goroutines) {
      if (g.callee && g.target === null) {
        g.target = (g.callee.method ? methods : plain).get(g.callee.name) ?? null;
      }
      const target = g.target === null ? null : functions[g.target];
      if (target) {
        // The callee's sends, seen through its parameters: `go worker(done)` sends on `done`.
        const names = this.params.get(target.index) ?? [];
        g.params = names;
        for (const ch of this.functionSends.get(target.index) ?? []) {
          const i = names.indexOf(ch);
          g.sendsOn.push(i >= 0 ? (g.args[i]?.text ?? ch) : ch);
        }
      }
      const span = g.body ?? target?.span ?? null;
      const path = g.body ? g.path : target?.path;
      if (span && path !== undefined) g.recovers = mentions(fileText(path).slice(span.start, span.end), "recover");
    }
    return { goroutines: this.goroutines, joins: this.joins, once: this.once, handOffs: this.handOffs, params: this.params };
  }
}

/** Function index by name, only for names declared once (methods of two types are ambiguous without types). */
function uniqueByName(functions: readonly FunctionModel[]): Map<string, number> {
  const out = new Map<string, number>();
  const twice = new Set<string>();
  for (const f of functions) {
    if (out.has(f.name)) twice.add(f.name);
    out.set(f.name, f.index);
  }
  for (const name of twice) out.delete(name);
  return out;
}
