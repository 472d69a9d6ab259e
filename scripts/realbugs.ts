// `npm run realbugs [-- --list]`: recall on reproductions of real, public
// bug reports (fixtures/realbugs), and false alarms on their fixed twins.
// This is the number that says whether mapguard finds the bugs that take
// Go services down, rather than the ones its own fixtures invented.
import { parseArgs } from "node:util";
import { createAnalyzer } from "../src/analysis/analyze.js";
import { falseAlarms, hits, listRealBugs, type Score, summarise } from "../test/support/realbugs.js";

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { list: { type: "boolean", default: false } } });
  const analyzer = await createAnalyzer();
  const scores: Score[] = listRealBugs().map((bug) => {
    const found = hits(bug, analyzer.analyzeFiles(bug.bug).findings);
    return { bug, found: found.length > 0, hits: found, twinAlarms: falseAlarms(analyzer.analyzeFiles(bug.fixed).findings) };
  });
  if (scores.length === 0) {
    console.error("[mapguard] realbugs: no reproductions under fixtures/realbugs");
    process.exitCode = 2;
    return;
  }
  for (const s of scores) {
    const mark = s.found ? "FOUND " : "missed";
    const rules = [...new Set(s.hits.map((f) => f.ruleId))].join(",");
    console.log(`${mark} ${s.bug.family}/${s.bug.slug}${rules ? ` [${rules}]` : ""}`);
    if (values.list && !s.found) console.log(`         ${s.bug.report}`);
    for (const f of s.twinAlarms) {
      console.log(`  FALSE ALARM on twin: ${f.location.path}:${f.location.startLine}: ${f.message} [${f.ruleId}]`);
    }
  }
  console.log("");
  for (const line of summarise(scores)) console.log(line);
}

await main();
