// `npm run bench:scaling [-- --max 100000 --shape <name>]`: how the analysis grows with
// input size, for the shapes hostile or generated code takes: goroutine
// literals in one function, writes in a function run as a goroutine, a long
// selector chain, a long identifier, struct lines that share one name,
// literals nested deep, many files in one package. Each shape at n = 1k, 10k,
// 100k; prints the time and the growth ratio for 10× more input
// (near-linear: about 10; the target is at most ~12). A size over the
// package budget is reported as such, not waited for.
import { parseArgs } from "node:util";
import { createAnalyzer } from "../src/analysis/analyze.js";
import type { SourceFile } from "../src/analysis/types.js";

const BUDGET_MS = 60_000;

const shapes: Record<string, (n: number) => SourceFile[]> = {
  "goroutine literals": (n) => [
    { path: "p/a.go", text: `package p\n\nvar m = map[int]int{}\n\nfunc F() {\n${"\tgo func() { m[1] = 1 }()\n".repeat(n)}}\n` },
  ],
  "writes in a goroutine": (n) => [
    { path: "p/a.go", text: `package p\n\nvar m = map[int]int{}\n\nfunc G() { go F() }\n\nfunc F() {\n${"\tm[1] = 1\n".repeat(n)}}\n` },
  ],
  "selector chain": (n) => [
    { path: "p/a.go", text: `package p\n\ntype B struct {\n\tb *B\n\tm map[int]int\n}\n\nfunc F(a *B) {\n\ta${".b".repeat(n)}.m[1] = 1\n}\n` },
  ],
  "identifier length": (n) => {
    const id = `x${"y".repeat(n)}`;
    return [{ path: "p/a.go", text: `package p\n\nfunc F() {\n\tvar ${id} map[int]int\n${`\t${id}[1] = ${id}[2] + ${id}[3]\n`.repeat(3)}\t_ = ${id}\n}\n` }];
  },
  // Broken code the fuzzer found: a struct type left open, whose every line reads as a field named `if` and
  // mentions the name all the others bear, before a function.
  "fields of one name": (n) => [
    { path: "p/a.go", text: `package p\n\ntype T struct {\n\tbuf [m${"if x {\n".repeat(n)}${"}\n".repeat(n)}\nfunc F() { x := 1; _ = x }\n` },
  ],
  "nested elided literals": (n) => [{ path: "p/a.go", text: `package p\n\ntype T []T\n\nvar v = T{${"{".repeat(n)}${"}".repeat(n)}}\n` }],
  "files per package": (n) =>
    Array.from({ length: n / 10 }, (_, i) => ({ path: `p/f${i}.go`, text: `package p\n\nvar m${i} = map[int]int{}\n\nfunc F${i}() {\n\tm${i}[1] = 1\n\tgo F${(i + 1) % (n / 10)}()\n}\n` })),
};

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { max: { type: "string", default: "100000" }, shape: { type: "string", multiple: true } } });
  const max = Number(values.max);
  const unknown = (values.shape ?? []).filter((s) => !(s in shapes));
  if (unknown.length > 0) {
    console.error(`[mapguard] bench:scaling: no shape ${unknown.map((s) => `"${s}"`).join(", ")}; shapes: ${Object.keys(shapes).join(", ")}`);
    process.exitCode = 2;
    return;
  }
  const analyzer = await createAnalyzer();
  analyzer.analyzeFiles(shapes["writes in a goroutine"](100)); // warm-up
  for (const [name, make] of Object.entries(shapes)) {
    if (values.shape && !values.shape.includes(name)) continue;
    const times: (number | null)[] = [];
    for (let n = 1000; n <= max; n *= 10) {
      const files = make(n);
      const started = performance.now();
      const result = analyzer.analyzeFiles(files, { maxFileBytes: 100_000_000, packageBudgetMs: BUDGET_MS, parseBudgetMs: BUDGET_MS });
      const ms = performance.now() - started;
      const over = result.unanalyzed.length > 0;
      times.push(over ? null : ms);
      const ratio = times.length > 1 && times.at(-1) !== null && times.at(-2) != null ? ` ×${(ms / (times.at(-2) as number)).toFixed(1)}` : "";
      const aside = result.skipped.length > 0 ? ` (set aside: ${result.skipped[0].reason})` : "";
      console.log(`${name.padEnd(22)} n=${String(n).padEnd(7)} ${over ? `over the ${BUDGET_MS / 1000} s budget` : `${(ms / 1000).toFixed(2)} s`}${ratio}${aside}`);
      if (over) break;
    }
  }
}

await main();
