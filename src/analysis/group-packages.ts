// A Go package is the files of one directory that share a package clause
// (`package x` and `package x_test` in one directory are two packages).
import type { Node } from "web-tree-sitter";
import { T } from "./go/grammar.js";
import { kids } from "./go/nodes.js";
import type { SourceFile } from "./types.js";

export function directoryOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "." : path.slice(0, slash);
}

/** Files grouped by directory, in order of first appearance. */
export function groupByDirectory(files: readonly SourceFile[]): { dir: string; files: SourceFile[] }[] {
  const groups = new Map<string, SourceFile[]>();
  for (const file of files) {
    const dir = directoryOf(file.path);
    const group = groups.get(dir);
    if (group) group.push(file);
    else groups.set(dir, [file]);
  }
  return [...groups].map(([dir, group]) => ({ dir, files: group }));
}

/** The name in the file's package clause, or "" when it has none (a broken file). */
export function packageNameOf(root: Node): string {
  // The clause comes first, after comments: stop there rather than list every declaration.
  for (let i = 0; i < root.namedChildCount; i++) {
    const node = root.namedChild(i);
    if (!node || node.type === T.comment) continue;
    if (node.type !== T.packageClause) return "";
    return kids(node).find((k) => k.type === T.packageIdentifier)?.text ?? "";
  }
  return "";
}

/** UTF-8 length of a string without encoding it. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}
