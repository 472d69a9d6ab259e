// The concurrency half of the walk over a function: goroutine bodies and
// their spawn sites, handlers, joins and channel hand-offs, recorded in the
// same single walk as the map events (which carry the enclosing goroutine).
import type { Node } from "web-tree-sitter";
import { F, T, TOKEN } from "../go/grammar.js";
import { field, isIdentifier, kids, operatorOf, unparen } from "../go/nodes.js";
import { locationOf } from "../go/position.js";
import type { MapSymbol, Span } from "./model-types.js";
import { callParts, ExpressionWalker, type MapRef, spanOf } from "./expression-walk.js";
import type { ConcurrentKind, Goroutine } from "./goroutine-types.js";
import {
  closedChannel,
  goTarget,
  isHandlerSignature,
  isWaitCall,
  onlyStartedWithGo,
  parameterNames,
  receivedChannel,
  spawningCall,
} from "./goroutine-shapes.js";
import type { MentionIndex } from "./mention-index.js";

/** Statements worth walking for concurrency even when they name no map. */
const CONCURRENCY_WORDS = ["go", "Wait", "close"];
const GO_STATEMENT = /\bgo\s+[\w(]/;

export abstract class GoroutineWalker extends ExpressionWalker {
  protected override indexMoreWords(index: MentionIndex): void {
    // `<-` is an operator: any occurrence counts, with no identifier boundary.
    index.add("<-", false);
    for (const word of CONCURRENCY_WORDS) index.add(word);
    // A `for range ch` may wait for a goroutine: worth walking only where one is started.
    if (GO_STATEMENT.test(this.sink.text.slice(this.root.start, this.root.end))) index.add("range");
  }

  protected override declareSignature(fn: Node, body: Node | null): void {
    super.declareSignature(fn, body);
    if (fn.type === T.funcLiteral) return;
    this.sink.goroutines.params.set(this.functionIndex, parameterNames(fn));
    if (!isHandlerSignature(fn)) return;
    const name = field(fn, F.name) ?? fn;
    this.register("handler", fn, locationOf(this.sink.path, name), { target: this.functionIndex, params: parameterNames(fn) });
  }

  protected override funcLiteral(node: Node): void {
    if (!isHandlerSignature(node)) return super.funcLiteral(node);
    this.literalBody("handler", node, node, []);
  }

  protected override call(node: Node, mention?: (sym: MapSymbol) => void): void {
    const parts = callParts(node);
    const { fn, args } = parts;
    const spawn = spawningCall(fn, args);
    if (spawn) {
      if (fn) this.expr(fn, mention);
      for (const a of args) if (unparen(a) !== spawn.literal) this.expr(a, mention);
      if (spawn.kind === "once") {
        this.sink.goroutines.once.push({ functionIndex: this.functionIndex, closure: this.closures + 1 });
        return super.funcLiteral(spawn.literal);
      }
      this.literalBody(spawn.kind, node, spawn.literal, []);
      return;
    }
    if (isWaitCall(fn, args)) this.join("wait", node, null);
    const closed = closedChannel(fn, args);
    if (closed !== null) this.sink.goroutines.sends(this.functionIndex, this.goroutine, closed);
    super.call(node, mention, parts);
  }

  protected override unaryHeard(node: Node): void {
    const channel = receivedChannel(node);
    if (channel !== null) this.join("receive", node, channel);
  }

  protected goStatement(node: Node): void {
    const target = goTarget(node);
    if (!target) {
      for (const k of kids(node)) this.expr(k);
      return;
    }
    for (const a of target.args) this.expr(a);
    const args = target.args.map((a) => {
      const n = unparen(a);
      const symbol = isIdentifier(n) ? this.scope.resolve(n.text) : null;
      return { symbol: symbol?.id ?? null, text: n.text };
    });
    if (target.kind === "literal") {
      this.handOffs(this.literalBody("go", node, target.literal, args), target.args);
      return;
    }
    if (target.kind === "function" && this.startBound(node, target.name, args, target.args)) return;
    const call = kids(node)[0];
    const fn = call ? field(call, F.function) : null;
    if (target.kind === "method" && fn) this.optionalExpr(field(unparen(fn), F.operand));
    const callee = target.kind === "elsewhere" ? null : { name: target.name, method: target.kind === "method" };
    if (target.kind === "elsewhere" && fn) this.expr(fn);
    const g = this.register("go", node, locationOf(this.sink.path, node), { callee, args });
    this.handOffs(g, target.args);
  }

  protected sendStatement(node: Node): void {
    const channel = field(node, F.channel);
    const value = field(node, F.value);
    if (channel) {
      this.sink.goroutines.sends(this.functionIndex, this.goroutine, unparen(channel).text);
      this.expr(channel);
    }
    if (!value) return;
    for (const { ref } of this.sharedMaps(value)) this.handOff("send", ref, node, null, channel ? unparen(channel).text : null);
    this.expr(value);
  }

  private handOffs(g: Goroutine, args: readonly Node[]): void {
    for (const a of args) for (const { ref, node } of this.sharedMaps(a)) this.handOff("go-arg", ref, node, g.index, null);
  }

  /**
   * The maps a sent or passed value shares with the other side: a map
   * variable `m`, a map field `x.f`, and such maps placed in a composite
   * literal (`msg{tags: m}`, `&msg{m}`, `[]T{{m}}`).
   */
  private sharedMaps(value: Node, out: { ref: MapRef; node: Node }[] = []): { ref: MapRef; node: Node }[] {
    const v = unparen(value);
    const type = v.type;
    if (type === T.identifier || type === T.selectorExpression) {
      const ref = this.mapRef(v);
      if (ref) out.push({ ref, node: v });
    } else if (type === T.unaryExpression && operatorOf(v) === TOKEN.addressOf) {
      const operand = field(v, F.operand);
      if (operand && unparen(operand).type === T.compositeLiteral) this.sharedMaps(operand, out);
    } else if (type === T.compositeLiteral || type === T.literalValue) {
      const body = type === T.compositeLiteral ? field(v, F.body) : v;
      for (const e of body ? kids(body) : []) {
        // `key: value`: only the value is stored (a struct literal's key is a field name).
        const element = e.type === T.keyedElement ? kids(e)[1] : e.type === T.literalElement ? e : undefined;
        const inner = element ? kids(element)[0] : undefined;
        if (inner) this.sharedMaps(inner, out);
      }
    }
    return out;
  }

  private handOff(kind: "send" | "go-arg", ref: MapRef, node: Node, spawned: number | null, channel: string | null): void {
    this.sink.goroutines.handOffs.push({
      kind,
      symbol: ref.symbol.id,
      ...(ref.base ? { base: ref.base } : {}),
      functionIndex: this.functionIndex,
      goroutine: this.goroutine,
      at: node.startIndex,
      location: locationOf(this.sink.path, node),
      spawned,
      channel,
      loops: [...this.loops],
    });
  }

  /**
   * `f := func() {...}` where the only other use of `f` is `go f(...)`: walks
   * the literal as that goroutine's body. Its spawn site is filled in at the
   * `go` statement; until then it lies at the end of the function, where
   * nothing of the spawner follows it. False when `value` is not such a literal.
   */
  protected boundGoroutineLiteral(name: Node, value: Node): boolean {
    const literal = unparen(value);
    if (literal.type !== T.funcLiteral || isHandlerSignature(literal) || this.boundLiterals.has(name.text)) return false;
    const text = this.sink.text.slice(this.root.start, this.root.end);
    if (!onlyStartedWithGo(text, this.root.start, name.text, name.startIndex)) return false;
    const end = { start: this.root.end, end: this.root.end };
    const g = this.literalBody("go", literal, literal, [], end);
    this.boundLiterals.set(name.text, { goroutine: g.index, closure: this.closure });
    return true;
  }

  /** `go f(x)` for a literal bound by `f := func...`: the literal walked at its declaration is this goroutine's body. */
  private startBound(node: Node, name: string, args: Goroutine["args"], argNodes: readonly Node[]): boolean {
    const bound = this.boundLiterals.get(name);
    const g = bound ? this.sink.goroutines.goroutines[bound.goroutine] : undefined;
    if (!g || bound?.closure !== this.closure || g.parent !== this.goroutine) return false;
    this.boundLiterals.delete(name);
    Object.assign(g, { spawn: locationOf(this.sink.path, node), site: spanOf(node), loops: [...this.loops], args });
    this.handOffs(g, argNodes);
    return true;
  }

  /** Literals bound by `f := func...` awaiting their `go f()`, by name. */
  private readonly boundLiterals = new Map<string, { goroutine: number; closure: number }>();

  /** Walks a function literal that runs concurrently, its events tagged with a new goroutine. */
  private literalBody(kind: ConcurrentKind, site: Node, literal: Node, args: Goroutine["args"], pending?: Span): Goroutine {
    const body = field(literal, F.body);
    const g = this.register(kind, site, locationOf(this.sink.path, site), {
      ...(pending ? { site: pending } : {}),
      closure: this.closures + 1,
      body: body ? spanOf(body) : spanOf(literal),
      args,
      params: parameterNames(literal),
    });
    const saved = this.goroutine;
    this.goroutine = g.index;
    try {
      super.funcLiteral(literal);
    } finally {
      this.goroutine = saved;
    }
    return g;
  }

  private register(kind: ConcurrentKind, site: Node, spawn: Goroutine["spawn"], extra: Partial<Goroutine>): Goroutine {
    return this.sink.goroutines.add({
      kind,
      path: this.sink.path,
      functionIndex: this.functionIndex,
      parent: this.goroutine,
      spawn,
      site: spanOf(site),
      loops: kind === "handler" ? [] : [...this.loops],
      closure: null,
      body: null,
      callee: null,
      target: null,
      args: [],
      params: [],
      sendsOn: [],
      recovers: false,
      ...extra,
    });
  }

  /**
   * `for v := range ch`: the loop ends only once `ch` is closed, so it joins
   * what sends on and closes `ch` for the code after the loop (not inside it).
   * Ranging over anything that is not a channel names no channel a goroutine sends on.
   */
  protected rangeJoin(operand: Node): void {
    const loop = this.loops[this.loops.length - 1];
    if (loop) this.join("receive", operand, operand.text, loop.end);
  }

  private join(kind: "wait" | "receive", node: Node, channel: string | null, at = node.startIndex): void {
    this.sink.goroutines.joins.push({
      kind,
      functionIndex: this.functionIndex,
      goroutine: this.goroutine,
      at,
      block: this.block,
      channel,
    });
  }
}
