// The stand-in's GraphQL endpoint: mapguard's own named queries only, answered
// from their variables (the stand-in does not parse GraphQL).
import { QUERY_NAMES } from "../github/query-names.js";
import type { FakeState } from "./fake-github.js";

type Json = Record<string, unknown>;

export function answerGraphql(state: FakeState, body: unknown): Json {
  const { query, variables = {} } = body as { query?: string; variables?: Record<string, unknown> };
  const named = (name: string) => new RegExp(`\\b(query|mutation)\\s+${name}\\b`).test(query ?? "");
  if (named(QUERY_NAMES.config)) {
    // No .github/mapguard.yml, and the owner has no .github repository: GitHub says NOT_FOUND beside the data.
    const message = `Could not resolve to a Repository with the name '${state.pr.owner}/.github'.`;
    return { data: { repository: { object: null }, defaults: null }, errors: [{ type: "NOT_FOUND", path: ["defaults"], message }] };
  }
  if (named(QUERY_NAMES.blobs)) return { data: { repository: blobs(state, variables) } };
  if (named(QUERY_NAMES.trees)) return { data: { repository: trees(state, variables) } };
  if (named(QUERY_NAMES.pullState)) return { data: { repository: { pullRequest: pullState(state, variables) } } };
  if (named(QUERY_NAMES.thread)) {
    const thread = state.threads.find((t) => t.id === variables.id);
    const nodes = (thread?.comments ?? []).map((c) => ({ body: c.body, author: { __typename: c.user.type === "Bot" ? "Bot" : "User" } }));
    return { data: { node: thread ? { comments: { nodes } } : null } };
  }
  if (named(QUERY_NAMES.resolve)) {
    const thread = state.threads.find((t) => t.id === variables.threadId);
    if (!thread) return { data: null, errors: [{ type: "NOT_FOUND", message: "Could not resolve to a node" }] };
    thread.isResolved = true;
    return { data: { resolveReviewThread: { thread: { id: thread.id, isResolved: true } } } };
  }
  return { errors: [{ message: "the stand-in answers only mapguard's named queries" }] };
}

function blobs(state: FakeState, variables: Record<string, unknown>): Json {
  const repository: Json = {};
  for (const [name, value] of Object.entries(variables)) {
    const index = /^o(\d+)$/.exec(name)?.[1];
    if (index === undefined) continue;
    const text = state.blobs.get(String(value));
    repository[`b${index}`] = text === undefined ? null : { text, isBinary: false, isTruncated: false };
  }
  return repository;
}

/** `e<i>` = "<commit sha>:<path>": a directory's entries, or a file's blob. */
function trees(state: FakeState, variables: Record<string, unknown>): Json {
  const repository: Json = {};
  for (const [name, value] of Object.entries(variables)) {
    const index = /^e(\d+)$/.exec(name)?.[1];
    if (index === undefined) continue;
    const [sha, path = ""] = String(value).split(/:(.*)/s);
    const files = state.snapshots.get(sha)?.files;
    let answer: Json | null = null;
    if (files && files[path] !== undefined) {
      answer = { __typename: "Blob", oid: state.shaOf(files[path]), byteSize: Buffer.byteLength(files[path]) };
    } else if (files) {
      const prefix = path === "" ? "" : `${path}/`;
      const entries = new Map<string, Json>();
      for (const [p, text] of Object.entries(files)) {
        if (!p.startsWith(prefix)) continue;
        const rest = p.slice(prefix.length);
        const slash = rest.indexOf("/");
        if (slash >= 0) entries.set(rest.slice(0, slash), { name: rest.slice(0, slash), type: "tree", oid: "0".repeat(40), object: {} });
        else entries.set(rest, { name: rest, type: "blob", oid: state.shaOf(text), object: { byteSize: Buffer.byteLength(text) } });
      }
      if (entries.size > 0) answer = { __typename: "Tree", entries: [...entries.values()] };
    }
    repository[`t${index}`] = answer;
  }
  return repository;
}

function pullState(state: FakeState, variables: Record<string, unknown>): Json | null {
  if (variables.number !== state.pr.number) return null;
  const pageSize = 100;
  const start = typeof variables.cursor === "string" ? Number(variables.cursor) : 0;
  const threads = state.threads.filter((t) => t.pull === state.pr.number);
  const page = threads.slice(start, start + pageSize);
  const next = start + pageSize < threads.length;
  return {
    headRefOid: state.pr.head.sha,
    reviewThreads: {
      pageInfo: { hasNextPage: next, endCursor: next ? String(start + pageSize) : null },
      nodes: page.map((t) => ({
        id: t.id,
        isResolved: t.isResolved,
        path: t.path,
        comments: {
          totalCount: t.comments.length,
          nodes: t.comments.slice(0, 10).map((c) => ({ databaseId: c.id, body: c.body, author: { __typename: c.user.type === "Bot" ? "Bot" : "User", login: c.user.login } })),
        },
      })),
    },
  };
}
