// The three output formats of `mapguard analyze`.
import type { FileNote, Finding, SkippedFile, UnanalyzedPackage } from "../analysis/types.js";
import { pathToFileURL } from "node:url";
import { docsBaseUrl } from "../docs-url.js";
import { ruleMetas } from "../analysis/rules/index.js";
import { toSarif } from "../review/sarif.js";
import { countSeverities } from "../review/summary.js";
import type { OutputFormat } from "./args.js";

export interface Report {
  findings: Finding[];
  skipped: SkippedFile[];
  notes: FileNote[];
  /** Number of files analysed. */
  analyzed: number;
  /** Packages the analysis could not finish (over budget, a bug of mapguard's): never clean. */
  unanalyzed: UnanalyzedPackage[];
  /** Set with --base: the revision the change is measured against, and what the change fixed. */
  base?: { rev: string; fixed: number };
}

export interface FormatOptions {
  toolVersion: string;
  /** The directory paths are relative to (the repository root): SARIF's %SRCROOT%. */
  root: string;
}

export function formatReport(report: Report, format: OutputFormat, options: FormatOptions): string {
  switch (format) {
    case "json":
      return `${JSON.stringify({ findings: report.findings, skipped: report.skipped, notes: report.notes, unanalyzed: report.unanalyzed }, null, 2)}\n`;
    case "sarif": {
      const srcRoot = pathToFileURL(options.root.endsWith("/") ? options.root : `${options.root}/`).href;
      const log = toSarif(report.findings, ruleMetas, { toolVersion: options.toolVersion, docsBaseUrl: docsBaseUrl(), srcRoot });
      return `${JSON.stringify(log, null, 2)}\n`;
    }
    case "text":
      return formatText(report);
  }
}

/** `path:line:col: severity: message [rule-id]`, the shape editors and CI logs link to. */
function formatText(report: Report): string {
  const lines: string[] = [];
  for (const f of report.findings) {
    const { path, startLine, startColumn } = f.location;
    lines.push(`${path}:${startLine}:${startColumn}: ${f.severity}: ${oneLine(f.message)} [${f.ruleId}]`);
    for (const r of f.related) lines.push(`    ${r.location.path}:${r.location.startLine}:${r.location.startColumn}: ${oneLine(r.message)}`);
    if (f.fix) lines.push(`    fix: ${oneLine(f.fix.description)}`);
  }
  if (report.findings.length > 0) lines.push("");
  lines.push(closingLine(report));
  for (const s of report.skipped) lines.push(`skipped ${s.path}: ${oneLine(s.reason)}`);
  for (const n of report.notes) lines.push(`note ${n.path}: ${oneLine(n.message)}`);
  for (const u of report.unanalyzed) {
    lines.push(`not analysed ${u.dir}${u.packageName ? ` (package ${u.packageName})` : ""}, ${u.paths.length} ${u.paths.length === 1 ? "file" : "files"}: ${oneLine(u.reason)}`);
  }
  return `${lines.join("\n")}\n`;
}

function closingLine(report: Report): string {
  const u = report.unanalyzed.length;
  const files = `${report.analyzed} ${report.analyzed === 1 ? "file" : "files"} analysed${u > 0 ? `; ${u} ${u === 1 ? "package" : "packages"} could not be analysed` : ""}`;
  const n = report.findings.length;
  const found = n === 0 ? "no map hazards" : `${n} ${n === 1 ? "finding" : "findings"} (${countSeverities(report.findings)})`;
  if (!report.base) return `${capitalise(found)} found; ${files}.`;
  const fixed = report.base.fixed > 0 ? `; ${report.base.fixed} fixed` : "";
  return `${capitalise(found)} introduced since ${report.base.rev}${fixed}; ${files}.`;
}

function capitalise(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}

function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, " ");
}
