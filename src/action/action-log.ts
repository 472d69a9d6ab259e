// The pipeline's logger, written as workflow commands, so warnings and errors
// show up as annotations on the workflow run.
import type { Log } from "../github/types.js";

export function actionLog(io: { write(text: string): unknown }): Log {
  const line = (command: string | null) => (first: unknown, second?: unknown) => {
    const message = typeof first === "string" ? first : typeof second === "string" ? second : "";
    const err = typeof first === "object" && first !== null && "err" in first ? (first as { err: unknown }).err : undefined;
    const detail = err instanceof Error ? `: ${err.message}` : "";
    const text = `${message}${detail}`.replace(/\r?\n/g, command === null ? "\n" : "%0A");
    io.write(command === null ? `${text}\n` : `::${command}::${text}\n`);
  };
  return { info: line(null), debug: line("debug"), warn: line("warning"), error: line("error") } as unknown as Log;
}
