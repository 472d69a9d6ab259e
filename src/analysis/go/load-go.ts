// Loads web-tree-sitter and the pinned tree-sitter-go grammar once per thread:
// both are WASM modules whose compilation costs far more than any one parse.
import { createRequire } from "node:module";
import { Language, Parser } from "web-tree-sitter";

export interface GoLanguage {
  parser: Parser;
  language: Language;
}

let loading: Promise<GoLanguage> | undefined;

export function loadGo(): Promise<GoLanguage> {
  loading ??= load().catch((error: unknown) => {
    loading = undefined;
    throw new Error("[mapguard] could not load the Go grammar (tree-sitter-go.wasm)", { cause: error });
  });
  return loading;
}

async function load(): Promise<GoLanguage> {
  await Parser.init();
  const wasm = createRequire(import.meta.url).resolve("tree-sitter-go/tree-sitter-go.wasm");
  const language = await Language.load(wasm);
  const parser = new Parser();
  parser.setLanguage(language);
  return { parser, language };
}
