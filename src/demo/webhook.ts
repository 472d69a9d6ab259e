// Delivers a webhook the way GitHub does: JSON body, HMAC-SHA256 signature.
import { createHmac, randomUUID } from "node:crypto";
import type { SamplePullRequest } from "./sample-repository.js";

export interface Delivery {
  status: number;
  body: string;
  id: string;
}

export function signPayload(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

export async function sendWebhook(url: string, secret: string, name: string, payload: object): Promise<Delivery> {
  const body = JSON.stringify(payload);
  const id = randomUUID();
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/mapguard-demo",
      "x-github-event": name,
      "x-github-delivery": id,
      "x-hub-signature-256": signPayload(secret, body),
    },
    body,
  });
  return { status: response.status, body: await response.text(), id };
}

/** The `pull_request` webhook of one of the stand-in's pull requests. */
export function pullRequestEvent(pr: SamplePullRequest, action: string, installationId: number): object {
  const { owner, repo, number, title, author } = pr;
  const paths = new Set([...Object.keys(pr.base.files), ...Object.keys(pr.head.files)]);
  const changedFiles = [...paths].filter((p) => pr.base.files[p] !== pr.head.files[p]).length;
  return pullRequestPayload({ action, owner, repo, number, title, author, headSha: pr.head.sha, baseSha: pr.base.sha, installationId, changedFiles });
}

/** The parts of a `pull_request` webhook payload mapguard reads, in GitHub's shape. */
export function pullRequestPayload(input: {
  action: string;
  owner: string;
  repo: string;
  number: number;
  title: string;
  author: string;
  headSha: string;
  baseSha: string;
  installationId: number;
  senderType?: "User" | "Bot";
  state?: "open" | "closed";
  /** The pull request's `changed_files`, as GitHub sends it. */
  changedFiles?: number;
}): object {
  const owner = { login: input.owner, id: 1, type: "Organization" };
  const user = { login: input.author, id: 2, type: input.senderType ?? "User" };
  const repository = { id: 100, name: input.repo, full_name: `${input.owner}/${input.repo}`, owner, private: false, default_branch: "main" };
  return {
    action: input.action,
    number: input.number,
    pull_request: {
      number: input.number,
      state: input.state ?? "open",
      title: input.title,
      draft: false,
      ...(input.changedFiles === undefined ? {} : { changed_files: input.changedFiles }),
      user,
      head: { sha: input.headSha, ref: "feature", repo: repository },
      base: { sha: input.baseSha, ref: "main", repo: repository },
    },
    repository,
    sender: user,
    installation: { id: input.installationId },
  };
}
