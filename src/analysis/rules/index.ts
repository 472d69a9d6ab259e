// The registry of rules. A rule's id is also its file name, docs page,
// fixture folder and suppression token.
import type { RuleMeta } from "../types.js";
import { mapEscapesLock } from "./map-escapes-lock.js";
import { mapGoroutineRace } from "./map-goroutine-race.js";
import { mapHandlerWrite } from "./map-handler-write.js";
import { mapMissingSizeHint } from "./map-missing-size-hint.js";
import { mapSentThenMutated } from "./map-sent-then-mutated.js";
import { mapUnguardedField } from "./map-unguarded-field.js";
import { mapWriteUnderRlock } from "./map-write-under-rlock.js";
import { nilInnerMapWrite } from "./nil-inner-map-write.js";
import { nilMapFieldWrite } from "./nil-map-field-write.js";
import { nilMapWrite } from "./nil-map-write.js";
import type { Rule } from "./support/rule.js";

export const rules: readonly Rule[] = [nilMapWrite, nilMapFieldWrite, nilInnerMapWrite, mapMissingSizeHint, mapGoroutineRace, mapHandlerWrite, mapSentThenMutated, mapUnguardedField, mapWriteUnderRlock, mapEscapesLock];

export const ruleMetas: readonly RuleMeta[] = rules.map((r) => r.meta);

export function ruleById(id: string): Rule | undefined {
  return rules.find((r) => r.id === id);
}
