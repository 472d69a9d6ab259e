import { describeInlineCases } from "../../support/inline-cases.js";
import { nilMapFieldWrite } from "../../../src/analysis/rules/nil-map-field-write.js";


/** A file importing net/http and net/url around one function body. */
function body(text: string): string {
  return `package p\n\nimport (\n\t"net/http"\n\t"net/url"\n)\n\nvar _ = url.Values{}\nvar _ = http.Header{}\n\nfunc fill(any) {}\n\nfunc f(c bool, keys []string) {\n${text}\n}\n`;
}

const HEAD = 'package p\n\nimport (\n\t"net/http"\n\t"net/url"\n)\n\nvar _ = url.Values{}\n\n';

describeInlineCases(nilMapFieldWrite, [
  // Reading methods of the map itself (Get, Del) leave it nil.
  ["url.Values Set after reads", body('\tvar v url.Values\n\t_ = v.Get("a")\n\tv.Del("a")\n\t_ = len(v)\n\tv.Set("a", "b")'), [18]],
  ["Write and Clone only read it", body('\tvar h http.Header\n\th.Write(nil)\n\t_ = h.Clone()\n\th.Set("a", "b")'), [17]],
  // delete and clear count as handling the map, not as reads.
  ["delete from a nil library map, then Set", body('\tvar h http.Header\n\tdelete(h, "a")\n\th.Set("a", "b")'), []],
  ["clear of a nil library map, then Set", body('\tvar h http.Header\n\tclear(h)\n\th.Set("a", "b")'), []],
  ["delete from a request's Header", body('\treq := &http.Request{}\n\tdelete(req.Header, "a")\n\treq.Header.Set("a", "b")'), []],
  // Flow nil-ness knows that delete and clear do not make a map: the writes after them (f) and before them (g) panic.
  ["delete from a field, clear of a field", 'package p\n\ntype reg struct {\n\tname string\n\tm    map[string]int\n}\n\nfunc f() {\n\tr := &reg{name: "a"}\n\tdelete(r.m, "a")\n\tr.m["x"] = 1\n}\n\nfunc g() {\n\tvar r reg\n\tr.m["x"] = 1\n\tclear(r.m)\n}\n\nfunc h() {\n\tvar r reg\n\t_ = len(r.m)\n\tr.m["x"] = 1\n}\n', [11, 16, 23]],
  // A closure writing a captured nil library map nothing else touches.
  ["a closure writing a value nothing makes", body('\tvar h http.Header\n\tg := func() { h.Set("a", "b") }\n\tg()'), [15]],
  ["a goroutine and the body writing it", body('\tvar h http.Header\n\tgo func() { h.Add("a", "b") }()\n\t_ = h.Get("a")\n\th.Set("a", "b")'), [15]],
  ["nested closures", body('\tvar h http.Header\n\tg := func() {\n\t\tfunc() { h["A"] = nil }()\n\t}\n\tg()'), [16]],
  ["a closure reading it under a condition", body('\tvar h http.Header\n\tg := func() {\n\t\tif len(h) == 0 {\n\t\t\th.Set("a", "b")\n\t\t}\n\t}\n\tg()'), []],
  ["a closure writing what the body assigns", body('\tvar h http.Header\n\tg := func() { h.Set("a", "b") }\n\th = http.Header{}\n\tg()'), []],
  ["a closure writing what another closure passes on", body('\tvar h http.Header\n\tg := func() { h.Set("a", "b") }\n\tgo func() { fill(h) }()\n\tg()'), []],
  // `*req = ...` replaces the whole value, Header included.
  ["whole request replaced", body('\treq := &http.Request{}\n\t*req = http.Request{Header: http.Header{}}\n\treq.Header.Set("a", "b")'), []],
  ["whole request copied out", body('\treq := &http.Request{}\n\tr2 := *req\n\t_ = r2\n\treq.Header.Set("a", "b")'), []],
  // The fix's text.
  ["literal closed after its last element", body('\treq := &http.Request{Method: "GET",\n\t\tProto: "HTTP/1.1"}\n\treq.Header.Set("a", "b")'), [16]],
  ["a declaration sharing its line", body('\tvar h http.Header; _ = c\n\th.Set("a", "b"); _ = keys'), [15]],
  ["a declaration with a comment after it", body('\tvar h http.Header // out\n\th.Set("a", "b")'), [15]],
  ["a package-level declaration sharing its line", `${HEAD}var h http.Header; var x = 1\n\nfunc f() {\n\th.Set("a", "b")\n\t_ = x\n}\n`, [13]],
  // Another package owns a linknamed variable.
  ["linknamed", `${HEAD}//go:linkname h other.h\nvar h http.Header\n\nfunc f() {\n\th.Set("a", "b")\n}\n`, []],
  ["another variable linknamed", `${HEAD}//go:linkname g other.g\nvar g http.Header\nvar h http.Header\n\nfunc f() {\n\th.Set("a", "b")\n\tg.Set("a", "b")\n}\n`, [15]],
]);

// A goto anywhere in the function (a label before the write here): source order is not run order, so the rule stays silent.
describeInlineCases(nilMapFieldWrite, [
  ["a zero struct's map field written", 'package p\n\ntype T struct{ m map[string]int }\n\nfunc f() int {\n\tvar t T\n\tt.m["a"] = 1\n\treturn len(t.m)\n}\n', [7]],
  ["the same with a goto", 'package p\n\ntype T struct{ m map[string]int }\n\nfunc f() int {\n\tvar t T\n\tgoto set\nset:\n\tt.m["a"] = 1\n\treturn len(t.m)\n}\n', []],
]);
