import { describeInlineCases } from "../../support/inline-cases.js";
import { nilInnerMapWrite } from "../../../src/analysis/rules/nil-inner-map-write.js";

// A goto anywhere in the function: source order is not run order, so the rule stays silent.
describeInlineCases(nilInnerMapWrite, [
  ["an inner map never made", 'package p\n\nfunc f(k string) {\n\tm := map[string]map[string]int{}\n\tm[k]["a"] = 1\n}\n', [5]],
  ["the same with a goto", 'package p\n\nfunc f(k string) {\n\tm := map[string]map[string]int{}\n\tgoto set\nset:\n\tm[k]["a"] = 1\n}\n', []],
]);
