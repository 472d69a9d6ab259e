// Which races another concurrency rule already tells: a finding of
// map-unguarded-field, map-write-under-rlock or map-handler-write on an
// access of the same map in the same function (those rules report one line a
// function), so the race query through calls leaves that function's map to it.
import type { PackageFacts } from "../../package-facts.js";
import type { Finding } from "../../types.js";
import type { RaceSide } from "./race-side-index.js";

export class ToldBySiblings {
  private readonly byFn = new Map<number, string[]>();
  private byPath: Map<string, { id: number; line: number; endLine: number }[]> | null = null;

  constructor(private readonly pkg: PackageFacts) {}

  add(f: Finding): void {
    const fn = this.functionAt(f.location.path, f.location.startLine);
    if (fn === null) return;
    const list = this.byFn.get(fn);
    if (list) list.push(f.message);
    else this.byFn.set(fn, [f.message]);
  }

  /** Whether a sibling reports `side`'s map in the function that makes `side`'s access. */
  has(side: RaceSide): boolean {
    const messages = this.byFn.get(side.access.origin.fn);
    // Siblings name the map as written at the access: `entries`, `c.entries`.
    return messages?.some((m) => m.includes(`\`${side.name}\``) || m.includes(`.${side.name}\``)) === true;
  }

  /** The innermost function whose span holds the line. */
  private functionAt(path: string, line: number): number | null {
    if (!this.byPath) {
      this.byPath = new Map();
      for (const fn of this.pkg.ir.functions) {
        const list = this.byPath.get(fn.path) ?? [];
        list.push({ id: fn.id, line: fn.span.line, endLine: fn.span.endLine });
        this.byPath.set(fn.path, list);
      }
    }
    let best: { id: number; line: number; endLine: number } | null = null;
    for (const f of this.byPath.get(path) ?? []) {
      if (line < f.line || line > f.endLine) continue;
      if (!best || f.endLine - f.line < best.endLine - best.line) best = f;
    }
    return best?.id ?? null;
  }
}
