// Progress on stderr while a large tree is analysed: one line, rewritten in
// place, only when stderr is a terminal (a CI log or a pipe gets nothing).
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface Progress {
  /** Cumulative counts after each batch of files. */
  update(filesDone: number, findings: number): void;
  /** Erases the line, so the report starts on a clean line. */
  done(): void;
}

const SILENT: Progress = { update: () => undefined, done: () => undefined };
const CLEAR_LINE = "\r\x1b[2K";

export function progressOn(stream: ProgressStream, totalFiles: number, quiet: boolean): Progress {
  if (quiet || stream.isTTY !== true || totalFiles === 0) return SILENT;
  let shown = false;
  const show = (filesDone: number, findings: number) => {
    shown = true;
    const found = `${findings} ${findings === 1 ? "finding" : "findings"} so far`;
    stream.write(`${CLEAR_LINE}[mapguard] analysing: ${filesDone}/${totalFiles} files, ${found}`);
  };
  show(0, 0);
  return {
    update: show,
    done: () => {
      if (shown) stream.write(CLEAR_LINE);
      shown = false;
    },
  };
}
