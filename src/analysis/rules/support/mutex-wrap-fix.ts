// The fix shared by map-goroutine-race and map-handler-write: when a mutex
// already guards the map elsewhere, hold it around the unguarded access.
// Offered only for a simple statement alone on its line, holding no lock yet
// (taking a second lock, or the same one again, could deadlock).
import { aloneOnLineText } from "../../model/declarations.js";
import { accessOf } from "./goroutine-access.js";
import { guardOf, lockTextAt } from "../../model/lock-queries.js";
import type { MapEvent, MapSymbol, PackageModel } from "../../model/model-types.js";
import type { Fix } from "../../types.js";

export interface WrapFix {
  fix: Fix;
  /** How the mutex is written at the access, e.g. `mu`, `c.mu`. */
  mutex: string;
}

/** Statements that cannot be split from what follows them by an Unlock. */
const COMPOUND = /^(?:if|for|switch|select|return|defer|go|goto|break|continue|fallthrough|case|default)\b|[{}]|^\w+:$/;

export function mutexWrapFix(pkg: PackageModel, symbol: MapSymbol, access: MapEvent): WrapFix | null {
  if (access.context.locksHeld.length > 0) return null;
  const guard = guardOf(pkg, symbol);
  if (!guard) return null;
  // A mutex local to a function is only in scope there.
  const local = /^fn(\d+)\./.exec(guard.mutex);
  if (local && Number(local[1]) !== access.context.functionIndex) return null;
  const text = lockTextAt(guard, access.base);
  if (!text) return null;
  const file = pkg.files.find((f) => f.path === access.statement.path);
  const st = access.statement;
  const line = file?.lines[st.startLine - 1];
  if (line === undefined) return null;
  const parts = aloneOnLineText(line, st.startLine === st.endLine, st.startColumn - 1, st.endColumn - 1);
  const code = line.slice(st.startColumn - 1, st.endColumn - 1).trim();
  if (!parts || COMPOUND.test(code)) return null;
  const read = accessOf(access) === "read" && guard.kind === "RWMutex";
  const [lock, unlock] = read ? ["RLock", "RUnlock"] : ["Lock", "Unlock"];
  const indent = parts.indent;
  return {
    mutex: text,
    fix: {
      description: `Hold \`${text}\` around the access, as the other accesses to \`${symbol.name}\` do`,
      edits: [
        {
          path: st.path,
          startLine: st.startLine,
          endLine: st.startLine,
          replacement: `${indent}${text}.${lock}()\n${line}\n${indent}${text}.${unlock}()`,
        },
      ],
    },
  };
}
