// A rule whose findings another rule reads (to leave a line to the rule that
// says it best) runs once per package: the second caller gets the first
// run's findings.
import type { PackageFacts } from "../../package-facts.js";
import type { Finding } from "../../types.js";
import type { Rule, RuleOptions } from "./rule.js";

export function oncePerPackage<K extends string>(rule: Rule<K>): Rule<K> {
  const runs = new WeakMap<PackageFacts, Map<string, Finding[]>>();
  return {
    ...rule,
    check(pkg: PackageFacts, options?: RuleOptions): Finding[] {
      let byOptions = runs.get(pkg);
      if (!byOptions) runs.set(pkg, (byOptions = new Map()));
      const key = options?.goVersion ?? "";
      let found = byOptions.get(key);
      if (!found) byOptions.set(key, (found = rule.check(pkg, options)));
      return found;
    },
  };
}
