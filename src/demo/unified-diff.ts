// Line diffs in the shape of the `patch` field of GitHub's pull-request files
// endpoint: hunks only, no file headers, 3 lines of context. The demo's
// stand-in for GitHub serves these, and tests use them to describe PRs.

type Op = { kind: " " | "-" | "+"; text: string; oldLine: number; newLine: number };

const CONTEXT = 3;
/** Above this many cells the LCS table costs too much; the middle is then diffed as one replacement. */
const MAX_LCS_CELLS = 4_000_000;

export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** The unified diff of two versions of one file; "" when they are equal. */
export function unifiedPatch(oldText: string, newText: string): string {
  const ops = diffLines(splitLines(oldText), splitLines(newText));
  const changes = ops.flatMap((op, i) => (op.kind === " " ? [] : [i]));
  if (changes.length === 0) return "";
  const hunks: Array<[number, number]> = [];
  for (const i of changes) {
    const from = Math.max(0, i - CONTEXT);
    const to = Math.min(ops.length - 1, i + CONTEXT);
    const last = hunks[hunks.length - 1];
    if (last && from <= last[1] + 1) last[1] = to;
    else hunks.push([from, to]);
  }
  return hunks.map(([from, to]) => formatHunk(ops.slice(from, to + 1))).join("\n");
}

function formatHunk(ops: Op[]): string {
  const oldLines = ops.filter((o) => o.kind !== "+");
  const newLines = ops.filter((o) => o.kind !== "-");
  const first = ops[0];
  const oldStart = oldLines.length > 0 ? oldLines[0].oldLine : first.oldLine - 1;
  const newStart = newLines.length > 0 ? newLines[0].newLine : first.newLine - 1;
  const header = `@@ -${oldStart},${oldLines.length} +${newStart},${newLines.length} @@`;
  return [header, ...ops.map((o) => `${o.kind}${o.text}`)].join("\n");
}

function diffLines(a: string[], b: string[]): Op[] {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const midA = a.slice(prefix, a.length - suffix);
  const midB = b.slice(prefix, b.length - suffix);

  const kinds: Array<" " | "-" | "+"> = [];
  for (let i = 0; i < prefix; i++) kinds.push(" ");
  kinds.push(...middle(midA, midB));
  for (let i = 0; i < suffix; i++) kinds.push(" ");

  const ops: Op[] = [];
  let oldLine = 1;
  let newLine = 1;
  let ai = 0;
  let bi = 0;
  for (const kind of kinds) {
    const text = kind === "+" ? b[bi] : a[ai];
    ops.push({ kind, text, oldLine, newLine });
    if (kind !== "+") {
      oldLine++;
      ai++;
    }
    if (kind !== "-") {
      newLine++;
      bi++;
    }
  }
  return ops;
}

function middle(a: string[], b: string[]): Array<" " | "-" | "+"> {
  if (a.length * b.length > MAX_LCS_CELLS) return [...a.map(() => "-" as const), ...b.map(() => "+" as const)];
  // lcs[i][j]: longest common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out: Array<" " | "-" | "+"> = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push(" ");
      i++;
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
      out.push("-");
      i++;
    } else {
      out.push("+");
      j++;
    }
  }
  return out;
}

/** Added and deleted line counts, as the files endpoint reports them. */
export function diffStat(patch: string): { additions: number; deletions: number } {
  let additions = 0;
  let deletions = 0;
  for (const line of patch.split("\n")) {
    if (line.startsWith("@@")) continue;
    if (line.startsWith("+")) additions++;
    else if (line.startsWith("-")) deletions++;
  }
  return { additions, deletions };
}
