// The .go files of some directories at the head and base commits, with their
// blob SHAs and sizes, and the head's go.mod: one GraphQL query for every
// directory on both sides (a recursive REST tree per commit would read the
// whole repository twice). Commits never change, so listings are kept across
// runs, keyed by commit and directory.
import { isGoFile, nearestGoMod } from "../../analysis/source.js";
import { QUERY_NAMES } from "../query-names.js";
import { graphqlReader, mapLimit, READ_CONCURRENCY } from "../read-client.js";
import type { GraphqlRead } from "../read-client.js";
import type { GitHubClient, PullRequestTarget } from "../types.js";
import { Lru } from "./lru.js";

export interface BlobRef {
  path: string;
  sha: string;
  /** Bytes, when GitHub said; lets oversized files be skipped without downloading them. */
  size: number | undefined;
}

export function directoryOf(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}

export interface GoFileListing {
  /** Go files directly inside the directories asked for, by path. */
  files: Map<string, BlobRef>;
  /** The go.mod governing the first of those directories, when one exists. */
  goMod: BlobRef | undefined;
}

/** Object expressions asked for in one query. */
const EXPRESSIONS_PER_QUERY = 100;

interface TreeAnswer {
  entries?: { name: string; type: string; oid: string; object: { byteSize?: number } | null }[];
  oid?: string;
  byteSize?: number;
}

/** What one "<commit>:<path>" names: a directory's blob entries, a file, or nothing. */
type Listed = { kind: "dir"; entries: BlobRef[] } | { kind: "file"; ref: BlobRef } | { kind: "none" };

const listings = new Lru<string, Listed>(20_000, (l) => (l.kind === "dir" ? 1 + l.entries.length : 1));

/** For tests that serve different repositories under one name. */
export function clearListingCache(): void {
  listings.clear();
}

/**
 * Go files directly inside each side's directories, and for the head the
 * go.mod nearest to its first directory.
 */
export async function listGoFiles(
  octokit: GitHubClient,
  target: Pick<PullRequestTarget, "owner" | "repo">,
  sides: { head: { sha: string; dirs: ReadonlySet<string> }; base: { sha: string; dirs: ReadonlySet<string> } },
): Promise<{ head: GoFileListing; base: GoFileListing }> {
  const firstHeadDir = [...sides.head.dirs].sort()[0];
  const goModCandidates = firstHeadDir === undefined ? [] : ancestors(firstHeadDir).map((d) => (d === "" ? "go.mod" : `${d}/go.mod`));
  const expressions = [
    ...[...sides.head.dirs].map((d) => `${sides.head.sha}:${d}`),
    ...[...sides.base.dirs].map((d) => `${sides.base.sha}:${d}`),
    ...goModCandidates.map((p) => `${sides.head.sha}:${p}`),
  ];
  const listed = await listExpressions(octokit, target, expressions);
  const side = (sha: string, dirs: ReadonlySet<string>): Map<string, BlobRef> => {
    const files = new Map<string, BlobRef>();
    for (const dir of dirs) {
      const l = listed.get(`${sha}:${dir}`);
      if (l?.kind === "dir") for (const ref of l.entries) if (isGoFile(ref.path)) files.set(ref.path, ref);
    }
    return files;
  };
  const goMods = new Map<string, BlobRef>();
  for (const p of goModCandidates) {
    const l = listed.get(`${sides.head.sha}:${p}`);
    if (l?.kind === "file") goMods.set(p, l.ref);
  }
  const goModPath = firstHeadDir === undefined ? undefined : nearestGoMod(firstHeadDir, goMods.keys());
  return {
    head: { files: side(sides.head.sha, sides.head.dirs), goMod: goModPath === undefined ? undefined : goMods.get(goModPath) },
    base: { files: side(sides.base.sha, sides.base.dirs), goMod: undefined },
  };
}

/** "a/b" -> ["a/b", "a", ""] */
function ancestors(dir: string): string[] {
  const out = [dir];
  for (let d = dir; d !== ""; ) {
    d = directoryOf(d);
    out.push(d);
  }
  return out;
}

async function listExpressions(octokit: GitHubClient, target: Pick<PullRequestTarget, "owner" | "repo">, expressions: string[]): Promise<Map<string, Listed>> {
  const out = new Map<string, Listed>();
  const missing: string[] = [];
  const cacheKey = (e: string) => `${target.owner}/${target.repo}@${e}`;
  for (const e of new Set(expressions)) {
    const hit = listings.get(cacheKey(e));
    if (hit) out.set(e, hit);
    else missing.push(e);
  }
  if (missing.length === 0) return out;
  const graphql = await graphqlReader(octokit);
  const chunks: string[][] = [];
  for (let i = 0; i < missing.length; i += EXPRESSIONS_PER_QUERY) chunks.push(missing.slice(i, i + EXPRESSIONS_PER_QUERY));
  await mapLimit(chunks, READ_CONCURRENCY, async (chunk) => {
    const answers = await queryTrees(graphql, target, chunk);
    chunk.forEach((e, i) => {
      const listed = toListed(e, answers[i]);
      out.set(e, listed);
      listings.set(cacheKey(e), listed);
    });
  });
  return out;
}

function toListed(expression: string, answer: TreeAnswer | null): Listed {
  const path = expression.slice(expression.indexOf(":") + 1);
  if (answer?.entries) {
    const entries = answer.entries
      .filter((e) => e.type === "blob")
      .map((e) => ({ path: path === "" ? e.name : `${path}/${e.name}`, sha: e.oid, size: e.object?.byteSize }));
    return { kind: "dir", entries };
  }
  if (answer?.oid) return { kind: "file", ref: { path, sha: answer.oid, size: answer.byteSize } };
  // The directory or file does not exist at this commit (a package added by the PR).
  return { kind: "none" };
}

async function queryTrees(graphql: GraphqlRead, target: Pick<PullRequestTarget, "owner" | "repo">, expressions: string[]): Promise<(TreeAnswer | null)[]> {
  const params = expressions.map((_, i) => `$e${i}: String!`).join(", ");
  const fields = expressions
    .map((_, i) => `t${i}: object(expression: $e${i}) { ... on Tree { entries { name type oid object { ... on Blob { byteSize } } } } ... on Blob { oid byteSize } }`)
    .join("\n    ");
  const query = `query ${QUERY_NAMES.trees}($owner: String!, $repo: String!, ${params}) {\n  repository(owner: $owner, name: $repo) {\n    ${fields}\n  }\n}`;
  const variables: Record<string, string> = { owner: target.owner, repo: target.repo };
  expressions.forEach((e, i) => {
    variables[`e${i}`] = e;
  });
  const data = await graphql<{ repository: Record<string, TreeAnswer | null> | null }>(query, variables);
  return expressions.map((_, i) => data.repository?.[`t${i}`] ?? null);
}

export function statusOf(error: unknown): number | undefined {
  if (typeof error === "object" && error !== null && "status" in error && typeof error.status === "number") return error.status;
  return undefined;
}
