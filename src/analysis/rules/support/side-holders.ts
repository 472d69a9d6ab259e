// Where the struct value that holds a race side's map is kept. Map identities
// are by type (`field:importMap.services`), so two sides through two values of
// one struct type are taken for one map. When one side reaches its value as an
// element of a container field (`w.server.opts.Accounts[]`) and the other
// through a plain field of another struct (`s.gacc`), the two are kept in two
// different places: the accounts a configuration lists are not the server's
// global account (nats-server's options against its accounts). A side whose
// value is a root (a receiver, a parameter) may be any value: it matches all.
import type { IrFunction, Path } from "../../lower/ir.js";
import type { PackageFacts } from "../../package-facts.js";
import { structOwner } from "./map-access-sites.js";

interface Side {
  root: IrFunction;
  access: { path: Path };
}

/** An element side's holder: the container field (`Options.Accounts`) and the struct type of its elements. */
interface ElementHolder {
  container: string;
  elementType: string;
}

/** Whether the two sides reach their maps' values from two different holders, so they cannot be one value. */
export function differentHolders(pkg: PackageFacts, x: Side, y: Side): boolean {
  const ex = elementHolder(pkg, x);
  const ey = elementHolder(pkg, y);
  if ((ex === null) === (ey === null)) return false;
  const [element, other] = ex ? [ex, y] : [ey as ElementHolder, x];
  if (hasIndex(other.access.path)) return false;
  const field = fieldHolder(pkg, other, element.elementType);
  return field !== null && field !== element.container;
}

const memo = new WeakMap<Side, ElementHolder | null>();

function elementHolder(pkg: PackageFacts, s: Side): ElementHolder | null {
  let known = memo.get(s);
  if (known === undefined) memo.set(s, (known = computeElementHolder(pkg, s)));
  return known;
}

/** The first container element on the side's path, when it is a struct held in a field of a struct (`o.Accounts[]`). */
function computeElementHolder(pkg: PackageFacts, s: Side): ElementHolder | null {
  const sels = s.access.path.selectors;
  const i = sels.findIndex((x) => x.kind === "index");
  const field = sels[i - 1];
  if (i < 1 || field?.kind !== "field") return null;
  const at = (n: number): Path => ({ root: s.access.path.root, selectors: sels.slice(0, n) });
  const elementType = structOwner(pkg, s.root, at(i + 1));
  const owner = structOwner(pkg, s.root, at(i - 1));
  if (elementType === null || owner === null) return null;
  return { container: `${owner}.${field.name}`, elementType };
}

/** The field (`Server.gacc`) a plain path keeps its value of struct type `elementType` in; null when that value is the root or not on the path. */
function fieldHolder(pkg: PackageFacts, s: Side, elementType: string): string | null {
  const p = s.access.path;
  if (p.selectors.some((x) => x.kind !== "field" && x.kind !== "deref")) return null;
  const at = (n: number): Path => ({ root: p.root, selectors: p.selectors.slice(0, n) });
  if (structOwner(pkg, s.root, at(0)) === elementType) return null;
  for (let n = 1; n < p.selectors.length; n++) {
    const sel = p.selectors[n - 1];
    if (sel?.kind !== "field" || structOwner(pkg, s.root, at(n)) !== elementType) continue;
    const owner = structOwner(pkg, s.root, at(n - 1));
    return owner === null ? null : `${owner}.${sel.name}`;
  }
  return null;
}

function hasIndex(p: Path): boolean {
  return p.selectors.some((x) => x.kind === "index");
}
