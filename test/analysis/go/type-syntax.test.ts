// Type syntax as TypeRefs: the one reader of Go types shared by lowering and
// the semantic layer.
import { describe, expect, it } from "vitest";
import { loadGo } from "../../../src/analysis/go/load-go.js";
import { typeRef } from "../../../src/analysis/go/type-syntax.js";

describe("typeRef", () => {
  it("keeps the * of an embedded pointer field, which the grammar puts beside the type", async () => {
    const { parser } = await loadGo();
    const tree = parser.parse("package p\n\nvar x struct {\n\t*Inner\n\tsync.Mutex\n\tn int\n}\n");
    try {
      const structNode = tree?.rootNode.descendantsOfType("struct_type")[0];
      if (!structNode) throw new Error("no struct type parsed");
      const ref = typeRef(structNode, new Map([["sync", "sync"]]));
      expect(ref.kind).toBe("struct");
      const fields = ref.kind === "struct" ? ref.fields : [];
      expect(fields.map((f) => [f.name, f.type.kind, f.type.text, f.embedded])).toEqual([
        ["Inner", "pointer", "*Inner", true],
        ["Mutex", "named", "sync.Mutex", true],
        ["n", "named", "int", false],
      ]);
    } finally {
      tree?.delete();
    }
  });
});
