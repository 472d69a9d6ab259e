// `mapguard demo`: the real app server, a local stand-in for GitHub, one
// signed pull_request webhook, and what GitHub would then show. No network,
// no account: the app's key is made on the spot.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { pino } from "pino";
import { startMapguardServer } from "../server.js";
import type { MapguardServer } from "../server.js";
import { startFakeGitHub } from "./fake-github.js";
import type { FakeGitHub } from "./fake-github.js";
import { samplePullRequest } from "./sample-repository.js";
import { describeCheckRun, describeRequests, describeReviews } from "./show-results.js";
import { diffStat, unifiedPatch } from "./unified-diff.js";
import { pullRequestEvent, sendWebhook } from "./webhook.js";

const APP_ID = 4242;
const INSTALLATION_ID = 77;
/** Generous: the first analysis also starts a worker thread and loads the Go grammar. */
const COMPLETION_TIMEOUT_MS = 60_000;

/** Runs the demo, printing to `out`; resolves to the process exit code. */
export async function runDemo(out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const say = (text = "") => out.write(`${text}\n`);
  const pr = samplePullRequest;
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const secret = randomBytes(16).toString("hex");
  let github: FakeGitHub | undefined;
  let app: MapguardServer | undefined;
  try {
    // One fault GitHub really produces: the review is stored, and the answer is a 500.
    github = await startFakeGitHub(pr, publicKey, { faults: [{ method: "POST", path: /\/pulls\/\d+\/reviews$/, status: 500 }] });
    app = await startMapguardServer({
      appId: APP_ID,
      privateKey: privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
      webhookSecret: secret,
      host: "127.0.0.1",
      port: 0,
      baseUrl: github.url,
      // Problems only, and on stderr: stdout is the demo's story.
      log: pino({ name: "mapguard", level: "warn" }, pino.destination(2)),
    });

    say("mapguard demo: the real app server, a local stand-in for GitHub, one pull request.");
    say(`  app server   ${app.url}  (webhooks at ${app.webhookUrl})`);
    say(`  GitHub API   ${github.url}  (stand-in, on loopback)`);
    say();
    say(`Pull request #${pr.number} in ${pr.owner}/${pr.repo} by @${pr.author}: "${pr.title}"`);
    for (const [path, text] of Object.entries(pr.head.files)) {
      const before = pr.base.files[path];
      if (before === text) continue;
      const patch = unifiedPatch(before ?? "", text);
      const stat = diffStat(patch);
      say(`  ${path} (+${stat.additions} -${stat.deletions})`);
      for (const line of patch.split("\n")) say(`    ${line}`);
    }
    say();

    const payload = pullRequestEvent(pr, "opened", INSTALLATION_ID);
    const delivery = await sendWebhook(app.webhookUrl, secret, "pull_request", payload);
    say(`Sent a signed pull_request.opened webhook (delivery ${delivery.id}): HTTP ${delivery.status}`);
    if (delivery.status >= 300) {
      say(`[mapguard] the app refused the webhook: ${delivery.body}`);
      return 1;
    }
    const run = await github.waitForCompletedCheck(COMPLETION_TIMEOUT_MS);
    say();
    say("What GitHub shows on the pull request:");
    say();
    say(describeCheckRun(run));
    say();
    say(describeReviews(github.reviews));
    say();
    if (github.faults.length === 0) {
      say("Under a fault: the stand-in stored the review and then answered 500, as GitHub sometimes does.");
      say("mapguard does not let Octokit retry such a write; it read its review threads back, found its");
      say("comment there, and posted nothing twice. The check run completes whatever GitHub answers.");
      say();
    }
    say(describeRequests(github.requests));
    return 0;
  } catch (error) {
    say(`[mapguard] the demo failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await app?.stop();
    await github?.close();
  }
}
