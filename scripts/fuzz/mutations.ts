// Mutations of Go source for the fuzz harness: each input is a seed file and
// a short list of operations on its text — byte flips, truncations, splices
// with another seed, injected tokens, deep nesting, invalid UTF-8. The list
// is what fast-check generates and shrinks, so a failure is saved as the
// smallest list of operations that still fails.
import fc from "fast-check";

/** Tokens worth injecting: Go's keywords and punctuation, and the constructs the analysis reads most. */
const TOKENS = [
  "{", "}", "(", ")", "[", "]", ",", ";", ":", ".", "...", "=", ":=", "<-", "*", "&", "!", "\n",
  "func", "go", "defer", "return", "if", "else", "for", "range", "switch", "case", "default", "select",
  "map[string]int", "make(map[string]int)", "m[k] = v", "delete(m, k)", "chan int", "struct{}", "interface{}",
  "mu.Lock()", "mu.Unlock()", "mu.RLock()", "wg.Wait()", "goto L", "L:", "break", "continue", "fallthrough",
  "nil", "var", "const", "type", "package", "import", "\"", "`", "'", "/*", "*/", "//",
];

/** Openers and closers of constructs that nest: depth is what recursive walks choke on. */
const NESTINGS: readonly [string, string][] = [
  ["(", ")"],
  ["T{", "}"],
  ["func() {\n", "}()\n"],
  ["go func() {\n", "}()\n"],
  ["if x {\n", "}\n"],
  ["{\n", "}\n"],
  ["[]", ""],
  ["*", ""],
  ["map[int]", "int"],
  ['"a" + ', '"a"'],
  ["f(", ")"],
  ["a[", "]"],
  [".b", ""],
  ["-", "1"],
];

export type Mutation =
  | { op: "flip"; at: number; code: number }
  | { op: "truncate"; at: number }
  | { op: "splice"; other: number; at: number; from: number; length: number }
  | { op: "inject"; at: number; token: string }
  | { op: "nest"; at: number; nesting: number; depth: number }
  | { op: "invalid-utf8"; at: number };

export interface FuzzInput {
  seed: number;
  mutations: Mutation[];
}

/** Where in the text, as a fraction: shrinks towards the start. */
const where = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

export function mutationArbitrary(seeds: number): fc.Arbitrary<Mutation> {
  return fc.oneof(
    fc.record({ op: fc.constant("flip" as const), at: where, code: fc.integer({ min: 0, max: 0xffff }) }),
    fc.record({ op: fc.constant("truncate" as const), at: where }),
    fc.record({ op: fc.constant("splice" as const), other: fc.nat({ max: seeds - 1 }), at: where, from: where, length: fc.nat({ max: 4000 }) }),
    fc.record({ op: fc.constant("inject" as const), at: where, token: fc.constantFrom(...TOKENS) }),
    fc.record({ op: fc.constant("nest" as const), at: where, nesting: fc.nat({ max: NESTINGS.length - 1 }), depth: fc.integer({ min: 1, max: 30_000 }) }),
    fc.record({ op: fc.constant("invalid-utf8" as const), at: where }),
  );
}

export function inputArbitrary(seeds: number): fc.Arbitrary<FuzzInput> {
  return fc.record({ seed: fc.nat({ max: seeds - 1 }), mutations: fc.array(mutationArbitrary(seeds), { minLength: 1, maxLength: 4 }) });
}

/** The mutated text of an input. */
export function applyMutations(seeds: readonly string[], input: FuzzInput): string {
  let text = seeds[input.seed] ?? "";
  for (const m of input.mutations) text = apply(seeds, text, m);
  return text;
}

function apply(seeds: readonly string[], text: string, m: Mutation): string {
  const at = Math.floor(m.at * (text.length + 1));
  switch (m.op) {
    case "flip":
      return text.slice(0, at) + String.fromCharCode(m.code) + text.slice(at + 1);
    case "truncate":
      return text.slice(0, at);
    case "splice": {
      const other = seeds[m.other] ?? "";
      const from = Math.floor(m.from * (other.length + 1));
      return text.slice(0, at) + other.slice(from, from + m.length) + text.slice(at);
    }
    case "inject":
      return `${text.slice(0, at)} ${m.token} ${text.slice(at)}`;
    case "nest": {
      const [open, close] = NESTINGS[m.nesting];
      return text.slice(0, at) + open.repeat(m.depth) + close.repeat(m.depth) + text.slice(at);
    }
    case "invalid-utf8":
      // A lone surrogate: what a file that is not UTF-8 becomes once decoded leniently.
      return `${text.slice(0, at)}\ud800${text.slice(at)}`;
  }
}
