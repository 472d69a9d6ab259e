// nil-map-field-write on library types: nil http.Header / url.Values
// variables and the Header and Trailer of http.Request / http.Response values.
import { describe, expect, it } from "vitest";
import type { Finding } from "../../../src/analysis/types.js";
import { analyze, applyFix } from "../helpers.js";

const RULE = "nil-map-field-write";

/** A file importing net/http and net/url around one function body. */
function file(body: string, imports = '\t"net/http"\n\t"net/url"\n'): string {
  return `package p\n\nimport (\n${imports})\n\nvar _ = url.Values{}\nvar _ = http.Header{}\n\nfunc fill(any) {}\n\nfunc f(c bool, keys []string) {\n${body}\n}\n`;
}

const BODY_LINE = 14;

async function findings(text: string): Promise<Finding[]> {
  const result = await analyze(text);
  expect(result.notes).toEqual([]);
  return result.findings.filter((f) => f.ruleId === RULE);
}

/** Lines (1 = the body's first line) reported by the rule. */
async function bodyLines(body: string, imports?: string): Promise<number[]> {
  return (await findings(file(body, imports))).map((f) => f.location.startLine - BODY_LINE + 1);
}

describe("nil-map-field-write on library maps: positives", () => {
  it.each([
    ["http.Header Set", '\tvar h http.Header\n\th.Set("a", "b")', [2]],
    ["http.Header Add", '\tvar h http.Header\n\th.Add("a", "b")', [2]],
    ["http.Header index write", '\tvar h http.Header\n\th["A"] = []string{"b"}', [2]],
    ["explicit nil", '\tvar h http.Header = nil\n\th.Set("a", "b")', [2]],
    ["url.Values Set after reads", '\tvar v url.Values\n\t_ = v.Get("a")\n\tv.Del("a")\n\t_ = len(v)\n\tv.Set("a", "b")', [5]],
    ["var group", '\tvar (\n\t\tv url.Values\n\t)\n\tv.Add("a", "b")', [4]],
    ["request literal", '\treq := &http.Request{Method: "GET"}\n\treq.Header.Set("a", "b")', [2]],
    ["request value literal, index write", '\treq := http.Request{}\n\treq.Header["A"] = nil', [2]],
    ["response literal over lines", '\tresp := &http.Response{\n\t\tStatusCode: 200,\n\t}\n\tresp.Header.Add("a", "b")', [4]],
    ["Header: nil", '\treq := &http.Request{Header: nil}\n\treq.Header.Set("a", "b")', [2]],
    ["new", '\tr := new(http.Request)\n\tr.Method = "GET"\n\t_ = r.URL\n\tr.Header.Set("a", "b")', [4]],
    ["zero value", '\tvar r http.Response\n\tr.Header.Set("a", "b")', [2]],
    ["var with literal", '\tvar r = &http.Request{}\n\tr.Header.Set("a", "b")', [2]],
    ["in a branch", '\tvar h http.Header\n\tif c {\n\t\th.Set("a", "b")\n\t}', [3]],
    ["in a loop that never makes it", '\tvar h http.Header\n\tfor _, k := range keys {\n\t\th.Add(k, "v")\n\t}', [3]],
    ["a closure writing a value nothing makes", '\tvar h http.Header\n\tg := func() { h.Set("a", "b") }\n\tg()', [2]],
    ["the first write only", '\tvar h http.Header\n\th.Set("a", "b")\n\th.Set("c", "d")', [2]],
    ["Trailer of a request literal that sets only Header", '\treq := &http.Request{Header: http.Header{}}\n\treq.Header.Set("a", "b")\n\treq.Trailer.Set("a", "b")', [3]],
    ["Trailer of a zero response, by index", '\tvar r http.Response\n\tr.Trailer["A"] = nil', [2]],
    ["Trailer of new, Header made", '\tr := new(http.Request)\n\tr.Header = http.Header{}\n\tr.Trailer.Add("a", "b")', [3]],
    ["Trailer: nil", '\tresp := http.Response{Trailer: nil}\n\tresp.Trailer.Set("a", "b")', [2]],
    ["both maps written, one finding each", '\treq := &http.Request{}\n\treq.Header.Set("a", "b")\n\treq.Trailer.Set("a", "b")', [2, 3]],
  ])("%s", async (_name, body, expected) => {
    expect(await bodyLines(body)).toEqual(expected);
  });

  it("recognises renamed imports", async () => {
    const body = '\tvar h nethttp.Header\n\th.Set("a", "b")\n\tvar v neturl.Values\n\tv.Add("a", "b")';
    const text = `package p\n\nimport (\n\tnethttp "net/http"\n\tneturl "net/url"\n)\n\nfunc f() {\n${body}\n}\n`;
    expect((await findings(text)).map((f) => f.location.startLine)).toEqual([10, 12]);
  });

  it("names the variable and says that Set writes to the nil map underneath", async () => {
    const [var_] = await findings(file('\tvar h http.Header\n\th.Set("a", "b")'));
    expect(var_.message).toBe(
      '`h` is a nil `http.Header`, declared at line 14 without `make`: `h.Set` writes to the nil map underneath and panics with "assignment to entry in nil map".',
    );
    expect(var_.messageId).toBe("libraryVar");
    expect(var_.severity).toBe("error");
    expect(var_.related.map((r) => r.message)).toEqual(["`h` is declared here without `make`"]);
    const [lit] = await findings(file('\treq := &http.Request{Method: "GET"}\n\treq.Header.Add("a", "b")'));
    expect(lit.message).toBe(
      '`req.Header` is nil: `req` is built at line 14 by a `http.Request` literal that does not set `Header`, and `req.Header.Add` writes to the nil map underneath and panics with "assignment to entry in nil map".',
    );
    const [trailer] = await findings(file('\tresp := &http.Response{Header: http.Header{}}\n\tresp.Trailer.Add("a", "b")'));
    expect(trailer.message).toBe(
      '`resp.Trailer` is nil: `resp` is built at line 14 by a `http.Response` literal that does not set `Trailer`, and `resp.Trailer.Add` writes to the nil map underneath and panics with "assignment to entry in nil map".',
    );
    expect(trailer.related.map((r) => r.message)).toEqual(["`resp` is constructed here without `Trailer`"]);
    const [index] = await findings(file('\tvar r http.Request\n\tr.Header["A"] = nil'));
    expect(index.messageId).toBe("libraryZero");
    expect(index.message).toContain("writing to it panics");
  });
});

describe("nil-map-field-write on library maps: safe look-alikes stay silent", () => {
  it.each([
    ["made with make", '\th := make(http.Header)\n\th.Set("a", "b")'],
    ["made by a literal", '\tv := url.Values{}\n\tv.Set("a", "b")\n\th := http.Header{}\n\th["A"] = nil'],
    ["NewRequest", '\treq, _ := http.NewRequest("GET", "/", nil)\n\treq.Header.Set("a", "b")'],
    ["a literal that sets Header", '\treq := &http.Request{Header: http.Header{}}\n\treq.Header.Set("a", "b")'],
    ["only reads and deletes", '\tvar h http.Header\n\th.Del("a")\n\t_ = h.Get("a")\n\t_ = h.Values("a")\n\tfor k := range h {\n\t\t_ = k\n\t}\n\tr := &http.Response{}\n\t_ = r.Header.Get("a")'],
    ["assigned before", '\tvar h http.Header\n\th = http.Header{}\n\th.Set("a", "b")'],
    ["assigned in a branch before", '\tvar h http.Header\n\tif c {\n\t\th = http.Header{}\n\t}\n\th.Set("a", "b")'],
    ["lazy init", '\tvar h http.Header\n\tif h == nil {\n\t\th = make(http.Header)\n\t}\n\th.Set("a", "b")'],
    ["guarded by len", '\tvar h http.Header\n\tif len(h) > 0 {\n\t\th.Set("a", "b")\n\t}'],
    ["address taken", '\tvar h http.Header\n\tfill(&h)\n\th.Set("a", "b")'],
    ["passed to a function", '\tvar h http.Header\n\tfill(h)\n\th.Set("a", "b")'],
    ["Header assigned", '\treq := &http.Request{}\n\treq.Header = make(http.Header)\n\treq.Header.Set("a", "b")'],
    ["request passed", '\treq := &http.Request{}\n\tfill(req)\n\treq.Header.Set("a", "b")'],
    ["request method called", '\treq := &http.Request{}\n\t_ = req.ParseForm()\n\treq.Header.Set("a", "b")'],
    ["whole request replaced", '\treq := &http.Request{}\n\t*req = http.Request{Header: http.Header{}}\n\treq.Header.Set("a", "b")'],
    ["assigned in a closure", '\tvar h http.Header\n\tinit := func() { h = http.Header{} }\n\tinit()\n\th.Set("a", "b")'],
    ["assigned later in the loop", '\tvar h http.Header\n\tfor _, k := range keys {\n\t\tif h != nil {\n\t\t}\n\t\th.Add(k, "v")\n\t}'],
    ["made further down an enclosing loop", '\tvar h http.Header\n\tfor i, k := range keys {\n\t\tif i > 0 {\n\t\t\th.Add(k, "v")\n\t\t}\n\t\th = http.Header{}\n\t}'],
    ["a deferred write after the map is made", '\tvar h http.Header\n\tdefer h.Set("a", "b")\n\th = http.Header{}'],
    ["a shadowing declaration", '\tvar h http.Header\n\t_ = h\n\t{\n\t\th := http.Header{}\n\t\th.Set("a", "b")\n\t}'],
    ["a literal that sets Trailer", '\treq := &http.Request{Trailer: make(http.Header)}\n\treq.Trailer.Set("a", "b")'],
    ["Trailer assigned", '\tresp := &http.Response{}\n\tresp.Trailer = http.Header{}\n\tresp.Trailer.Add("a", "b")'],
    ["Trailer nil-checked", '\tvar r http.Request\n\tif r.Trailer == nil {\n\t\tr.Trailer = http.Header{}\n\t}\n\tr.Trailer.Set("a", "b")'],
    ["Trailer only read", '\tr := new(http.Response)\n\t_ = r.Trailer.Get("a")\n\t_ = len(r.Trailer)'],
    ["request with Trailer passed", '\treq := &http.Request{}\n\tfill(req)\n\treq.Trailer.Set("a", "b")'],
    ["an outer variable used after an inner declaration", '\th := http.Header{}\n\tif c {\n\t\tvar h http.Header\n\t\t_ = h\n\t}\n\th.Set("a", "b")'],
  ])("%s", async (_name, body) => {
    expect(await bodyLines(body)).toEqual([]);
  });

  it("does not guess a package named http that is not net/http", async () => {
    const text = 'package p\n\nimport "example.com/fake/http"\n\nfunc f() {\n\tvar h http.Header\n\th.Set("a", "b")\n\treq := &http.Request{}\n\treq.Header.Set("a", "b")\n}\n';
    expect(await findings(text)).toEqual([]);
  });

  it("ignores a dot import", async () => {
    const text = 'package p\n\nimport . "net/http"\n\nfunc f() {\n\tvar h Header\n\th.Set("a", "b")\n}\n';
    expect(await findings(text)).toEqual([]);
  });
});

describe("nil-map-field-write on library maps: fixes", () => {
  /** Applies the one finding's fix and checks the result parses and the finding is gone. */
  async function fixed(body: string): Promise<string> {
    const text = file(body);
    const [finding] = await findings(text);
    expect(finding?.fix, "a fix is offered").toBeDefined();
    const after = applyFix({ path: "p/a.go", text }, finding);
    expect(await findings(after)).toEqual([]);
    return after.split("\n").slice(BODY_LINE - 1, -2).join("\n");
  }

  it.each([
    ["var to make", '\tvar h http.Header // outgoing\n\th.Set("a", "b")', '\th := make(http.Header) // outgoing\n\th.Set("a", "b")'],
    ["url.Values to a literal", '\tvar v url.Values\n\tv.Add("a", "b")', '\tv := url.Values{}\n\tv.Add("a", "b")'],
    ["var group spec", '\tvar (\n\t\tv url.Values\n\t)\n\tv.Add("a", "b")', '\tvar (\n\t\tv = url.Values{}\n\t)\n\tv.Add("a", "b")'],
    ["literal on one line", '\treq := &http.Request{Method: "GET"}\n\treq.Header.Set("a", "b")', '\treq := &http.Request{Method: "GET", Header: make(http.Header)}\n\treq.Header.Set("a", "b")'],
    ["empty literal", '\treq := http.Request{}\n\treq.Header.Set("a", "b")', '\treq := http.Request{Header: make(http.Header)}\n\treq.Header.Set("a", "b")'],
    [
      "literal over lines",
      '\tresp := &http.Response{\n\t\tStatusCode: 200,\n\t}\n\tresp.Header.Add("a", "b")',
      '\tresp := &http.Response{\n\t\tStatusCode: 200,\n\t\tHeader: make(http.Header),\n\t}\n\tresp.Header.Add("a", "b")',
    ],
    [
      "literal closed after its last element",
      '\treq := &http.Request{Method: "GET",\n\t\tProto: "HTTP/1.1"}\n\treq.Header.Set("a", "b")',
      '\treq := &http.Request{Method: "GET",\n\t\tProto: "HTTP/1.1", Header: make(http.Header)}\n\treq.Header.Set("a", "b")',
    ],
    [
      "Trailer added to a literal over lines",
      '\treq := &http.Request{\n\t\tHeader: http.Header{},\n\t}\n\treq.Trailer.Set("a", "b")',
      '\treq := &http.Request{\n\t\tHeader: http.Header{},\n\t\tTrailer: make(http.Header),\n\t}\n\treq.Trailer.Set("a", "b")',
    ],
    [
      "Header: nil gets a guard",
      '\treq := &http.Request{Header: nil}\n\treq.Header.Set("a", "b")',
      '\treq := &http.Request{Header: nil}\n\tif req.Header == nil {\n\t\treq.Header = make(http.Header)\n\t}\n\treq.Header.Set("a", "b")',
    ],
    [
      "new gets a guard",
      '\tr := new(http.Request)\n\tr.Header.Set("a", "b")',
      '\tr := new(http.Request)\n\tif r.Header == nil {\n\t\tr.Header = make(http.Header)\n\t}\n\tr.Header.Set("a", "b")',
    ],
  ])("%s", async (_name, body, expected) => {
    expect(await fixed(body)).toBe(expected);
  });

  it("offers no fix that would swallow a neighbouring statement", async () => {
    const [finding] = await findings(file('\tvar h http.Header; _ = c\n\th.Set("a", "b"); _ = keys'));
    expect(finding).toBeDefined();
    expect(finding.fix).toBeUndefined();
  });
});

describe("nil-map-field-write on library maps: package-level variables", () => {
  const HEAD = 'package p\n\nimport (\n\t"net/http"\n\t"net/url"\n)\n\n';

  async function lines(rest: string): Promise<number[]> {
    return (await findings(HEAD + rest)).map((f) => f.location.startLine);
  }

  it.each([
    ["Set in a function", 'var h http.Header\n\nfunc f() {\n\th.Set("a", "b")\n}\n', [11]],
    ["index write", 'var v url.Values\n\nfunc f() {\n\tv["a"] = nil\n}\n', [11]],
    ["one finding per function", 'var h http.Header\n\nfunc f() {\n\th.Add("a", "b")\n\th.Add("c", "d")\n}\n\nfunc g() {\n\th.Set("a", "b")\n}\n', [11, 16]],
    ["after reads", 'var h http.Header\n\nfunc f() int {\n\t_ = h.Get("a")\n\tn := len(h)\n\th.Set("a", "b")\n\treturn n\n}\n', [13]],
    ["exported, written in init", 'var H http.Header\n\nfunc init() {\n\tH.Set("a", "b")\n}\n', [11]],
    ["a parameter of the same name hides it in one function only", 'var h http.Header\n\nfunc f(h http.Header) {\n\th.Set("a", "b")\n}\n\nfunc g() {\n\th.Set("a", "b")\n}\n', [15]],
  ])("%s", async (_name, rest, expected) => {
    expect(await lines(rest)).toEqual(expected);
  });

  it.each([
    ["made at the declaration", 'var h = make(http.Header)\n\nfunc f() {\n\th.Set("a", "b")\n}\n'],
    ["assigned in init", 'var h http.Header\n\nfunc init() {\n\th = http.Header{}\n}\n\nfunc f() {\n\th.Set("a", "b")\n}\n'],
    ["assigned after the write", 'var h http.Header\n\nfunc f() {\n\th.Set("a", "b")\n\th = nil\n}\n'],
    ["address taken", 'var h http.Header\n\nfunc fill(*http.Header) {}\n\nfunc f() {\n\tfill(&h)\n\th.Set("a", "b")\n}\n'],
    ["passed", 'var v url.Values\n\nfunc fill(url.Values) {}\n\nfunc f() {\n\tfill(v)\n\tv.Set("a", "b")\n}\n'],
    ["nil-checked", 'var h http.Header\n\nfunc f() {\n\tif h != nil {\n\t\th.Set("a", "b")\n\t}\n}\n'],
    ["guarded by len", 'var h http.Header\n\nfunc f() {\n\tif len(h) > 0 {\n\t\th.Set("a", "b")\n\t}\n}\n'],
    ["a local of the same name", 'var h http.Header\n\nfunc f() {\n\th := http.Header{}\n\th.Set("a", "b")\n}\n'],
    ["exported, written outside init", 'var H http.Header\n\nfunc F() {\n\tH.Set("a", "b")\n}\n'],
    ["exported, written in a closure of init", 'var H http.Header\n\nfunc init() {\n\tgo func() { H.Set("a", "b") }()\n}\n'],
    ["used by a package-level initialiser", 'var h http.Header\n\nvar g = h\n\nfunc f() {\n\th.Set("a", "b")\n}\n'],
    ["linknamed", '//go:linkname h other.h\nvar h http.Header\n\nfunc f() {\n\th.Set("a", "b")\n}\n'],
  ])("%s stays silent", async (_name, rest) => {
    expect(await lines(rest)).toEqual([]);
  });

  it("names the declaration in another file and offers a package-level make", async () => {
    const result = await analyze([
      { path: "p/a.go", text: HEAD + "var h http.Header // defaults\n" },
      { path: "p/b.go", text: 'package p\n\nfunc f() {\n\th.Set("a", "b")\n}\n' },
    ]);
    const [finding] = result.findings.filter((f) => f.ruleId === RULE);
    expect(finding.message).toBe(
      '`h` is a package-level `http.Header` declared at p/a.go:8 without `make` and never assigned in this package: `h.Set` writes to the nil map underneath and panics with "assignment to entry in nil map".',
    );
    expect(finding.location.path).toBe("p/b.go");
    expect(finding.fix?.edits).toEqual([{ path: "p/a.go", startLine: 8, endLine: 8, replacement: "var h = make(http.Header) // defaults" }]);
  });

  it("rewrites a spec of a var group", async () => {
    const text = HEAD + 'var (\n\tv url.Values\n)\n\nfunc f() {\n\tv.Add("a", "b")\n}\n';
    const [finding] = await findings(text);
    expect(applyFix({ path: "p/a.go", text }, finding)).toContain("var (\n\tv = url.Values{}\n)");
  });
});

describe("nil-map-field-write on library maps: fields of the package's own struct types", () => {
  const HEAD = 'package p\n\nimport (\n\t"net/http"\n\t"net/url"\n)\n\ntype call struct {\n\tname   string\n\theader http.Header\n\tquery  url.Values\n}\n\nfunc fill(any) {}\n\nfunc (c *call) init() {}\n\n';

  async function lines(rest: string): Promise<number[]> {
    return (await findings(HEAD + rest)).map((f) => f.location.startLine);
  }

  it.each([
    ["a literal without the field", 'func f() {\n\tc := &call{name: "a"}\n\tc.header.Set("a", "b")\n}\n', [20]],
    ["a zero value, url.Values by index", 'func f() {\n\tvar c call\n\tc.query["a"] = nil\n}\n', [20]],
    ["new", 'func f() {\n\tc := new(call)\n\tc.query.Add("a", "b")\n}\n', [20]],
    ["the other field set", 'func f() {\n\tc := call{header: http.Header{}}\n\tc.header.Set("a", "b")\n\tc.query.Set("a", "b")\n}\n', [21]],
  ])("%s", async (_name, rest, expected) => {
    expect(await lines(rest)).toEqual(expected);
  });

  it.each([
    ["the literal sets it", 'func f() {\n\tc := &call{header: make(http.Header)}\n\tc.header.Set("a", "b")\n}\n'],
    ["assigned first", 'func f() {\n\tvar c call\n\tc.header = http.Header{}\n\tc.header.Set("a", "b")\n}\n'],
    ["a method called first", 'func f() {\n\tc := &call{}\n\tc.init()\n\tc.header.Set("a", "b")\n}\n'],
    ["passed first", 'func f() {\n\tc := &call{}\n\tfill(c)\n\tc.header.Set("a", "b")\n}\n'],
    ["nil-checked", 'func f() {\n\tc := &call{}\n\tif c.header == nil {\n\t\tc.header = http.Header{}\n\t}\n\tc.header.Set("a", "b")\n}\n'],
    ["an unkeyed literal", 'func f() {\n\tc := call{"a", http.Header{}, url.Values{}}\n\tc.header.Set("a", "b")\n}\n'],
    ["a value from elsewhere", 'func f(c *call) {\n\tc.header.Set("a", "b")\n}\n'],
  ])("%s stays silent", async (_name, rest) => {
    expect(await lines(rest)).toEqual([]);
  });

  it("adds the field to the literal", async () => {
    const text = HEAD + 'func f() {\n\tc := &call{name: "a"}\n\tc.header.Set("a", "b")\n}\n';
    const [finding] = await findings(text);
    expect(finding.message).toContain("by a `call` literal that does not set `header`");
    expect(applyFix({ path: "p/a.go", text }, finding)).toContain('c := &call{name: "a", header: make(http.Header)}');
  });
});
