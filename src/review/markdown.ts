// Markdown helpers shared by comments and the check summary. GitHub renders
// file names and code that users control: they must never turn into markup.

/**
 * Backslash-escapes every character CommonMark could read as markup in the
 * middle of a line (file names, rule ids): `.`, `-` and `+` only act at the
 * start of one, where these never stand.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>#|~&]/g, (c) => `\\${c}`).replace(/\r?\n/g, " ");
}

/**
 * Escapes prose that may hold `code spans` (rule messages name maps and
 * calls that way): code spans are kept, the text around them is escaped.
 */
export function escapeProse(text: string): string {
  const parts: string[] = [];
  const span = /(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g;
  let last = 0;
  for (let m = span.exec(text); m !== null; m = span.exec(text)) {
    parts.push(escapeText(text.slice(last, m.index)), m[0]);
    last = m.index + m[0].length;
  }
  parts.push(escapeText(text.slice(last)));
  return parts.join("");
}

// Lighter than escapeMarkdown: prose keeps its full stops and hyphens readable
// in the raw text, and those only act as markup at the start of a line.
function escapeText(text: string): string {
  return text.replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`).replace(/^[#+\->]/gm, (c) => `\\${c}`).replace(/^(\d+)([.)])/gm, "$1\\$2");
}

/** Inline code that survives backticks inside the code. */
export function inlineCode(code: string): string {
  const longest = longestRun(code, "`");
  const ticks = "`".repeat(longest + 1);
  const pad = code.startsWith("`") || code.endsWith("`") ? " " : "";
  return `${ticks}${pad}${code.replace(/\r?\n/g, " ")}${pad}${ticks}`;
}

/** A fenced block whose fence is longer than any backtick run in the content. */
export function fencedBlock(info: string, content: string): string {
  const fence = "`".repeat(Math.max(3, longestRun(content, "`") + 1));
  // An empty suggestion deletes the commented lines; a blank line inside the
  // fence would instead replace them with one empty line.
  return content === "" ? `${fence}${info}\n${fence}` : `${fence}${info}\n${content}\n${fence}`;
}

function longestRun(text: string, ch: string): number {
  let best = 0;
  let run = 0;
  for (const c of text) {
    run = c === ch ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}

/** Table cells: one line, pipes escaped, long text shortened. */
export function tableCell(markdown: string, maxChars = 300): string {
  const oneLine = markdown.replace(/\r?\n/g, " ");
  const short = oneLine.length > maxChars ? `${oneLine.slice(0, maxChars - 1)}…` : oneLine;
  let out = "";
  let backslashes = 0;
  for (const c of short) {
    // GFM splits cells on every unescaped pipe, even inside code spans.
    if (c === "|" && backslashes % 2 === 0) out += "\\";
    backslashes = c === "\\" ? backslashes + 1 : 0;
    out += c;
  }
  return out;
}
