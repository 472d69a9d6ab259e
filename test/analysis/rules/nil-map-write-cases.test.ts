import { describeInlineCases } from "../../support/inline-cases.js";
import { nilMapWrite } from "../../../src/analysis/rules/nil-map-write.js";

const LABELS = 'package p\n\ntype Labels map[string]string\n\nfunc (l *Labels) Init() { *l = Labels{} }\n\nfunc (l Labels) Len() int { return len(l) }\n\nfunc call(f func()) { f() }\n\n';

describeInlineCases(nilMapWrite, [
  // A method value of a named map type may hold `&m`: the registered rule takes it as handing the map out.
  ["method value with a possible pointer receiver", `${LABELS}func f() {\n\tvar m Labels\n\tinit := m.Init\n\tinit()\n\tm["a"] = "b"\n}\n`, []],
  ["method value passed on", `${LABELS}func f() {\n\tvar m Labels\n\tcall(m.Init)\n\tm["a"] = "b"\n}\n`, []],
  ["method value of a value receiver", `${LABELS}func f() int {\n\tvar m Labels\n\tn := m.Len\n\tm["a"] = "b"\n\treturn n()\n}\n`, []],
  ["method value taken after the write", `${LABELS}func f() {\n\tvar m Labels\n\tm["a"] = "b"\n\tcall(m.Init)\n}\n`, []],
]);
