// How a message names a held mutex: as written at the lock (`c.mu`), or
// `c.RWMutex` for one embedded in `c` and locked as `c.RLock()`.
import type { IrFunction, Path } from "../../lower/ir.js";
import type { SemanticModel } from "../../semantic/semantic-model.js";
import { pathText } from "./path-text.js";

export function mutexText(fn: IrFunction, mutex: Path): string {
  return pathText(fn, mutex);
}

export function mutexName(semantic: SemanticModel, fn: IrFunction, mutex: Path): string {
  const text = pathText(fn, mutex);
  const resolved = semantic.methodReceiverPath(fn, mutex, "RLock");
  const last = resolved.selectors[resolved.selectors.length - 1];
  const embedded = resolved.selectors.length > mutex.selectors.length && last?.kind === "field" && (last.name === "RWMutex" || last.name === "Mutex") ? last.name : null;
  return embedded && !text.endsWith(`.${embedded}`) ? `${text}.${embedded}` : text;
}
