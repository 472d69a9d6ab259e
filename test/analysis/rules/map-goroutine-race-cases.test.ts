import { describeInlineCases } from "../../support/inline-cases.js";
import { mapGoroutineRace } from "../../../src/analysis/rules/map-goroutine-race.js";


// A local bound to a function literal is the body of `go w()` only when nothing else uses it.
describeInlineCases(mapGoroutineRace, [
  ["a closure variable only started", 'package p\n\nfunc f(m map[string]int) {\n\tw := func() { m["a"] = 1 }\n\tgo w()\n\tm["b"] = 2\n}\n', [6]],
  ["a closure variable also called", 'package p\n\nfunc g(m map[string]int) {\n\tw := func() { m["a"] = 1 }\n\tw()\n\tgo w()\n\tm["b"] = 2\n}\n', []],
  ["a closure variable reassigned", 'package p\n\nfunc g(m map[string]int) {\n\tw := func() { m["a"] = 1 }\n\tw = func() { m["c"] = 1 }\n\tgo w()\n\tm["b"] = 2\n}\n', []],
  ["a closure variable passed on", 'package p\n\nfunc run(f func()) {}\n\nfunc g(m map[string]int) {\n\tw := func() { m["a"] = 1 }\n\trun(w)\n\tgo w()\n\tm["b"] = 2\n}\n', []],
  ["a closure variable started twice", 'package p\n\nfunc g(m map[string]int) {\n\tw := func() { m["a"] = 1 }\n\tgo w()\n\tgo w()\n\tm["b"] = 2\n}\n', []],
  ["a closure variable started in a loop", 'package p\n\nfunc h(m map[string]int) {\n\tfor i := 0; i < 3; i++ {\n\t\tw := func(i int) { m["a"] = i }\n\t\tgo w(i)\n\t}\n}\n', [5]],
]);
