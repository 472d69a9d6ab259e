// The concurrency half of the walk over a function: goroutine bodies and
// their spawn sites, handlers, joins and channel hand-offs, recorded in the
// same single walk as the map events (which carry the enclosing goroutine).
import type { Node } from "web-tree-sitter";
import { F, T } from "../go/grammar.js";
import { field, isIdentifier, kids, unparen } from "../go/nodes.js";
import { locationOf } from "../go/position.js";
import type { MapSymbol } from "./model-types.js";
import { callParts, ExpressionWalker, spanOf } from "./expression-walk.js";
import type { ConcurrentKind, Goroutine } from "./goroutine-types.js";
import {
  closedChannel,
  goTarget,
  isHandlerSignature,
  isWaitCall,
  parameterNames,
  receivedChannel,
  spawningCall,
} from "./goroutine-shapes.js";
import type { MentionIndex } from "./mention-index.js";

/** Statements worth walking for concurrency even when they name no map. */
const CONCURRENCY_WORDS = ["go", "Wait", "close"];

export abstract class GoroutineWalker extends ExpressionWalker {
  protected override indexMoreWords(index: MentionIndex): void {
    // `<-` is an operator: any occurrence counts, with no identifier boundary.
    index.add("<-", false);
    for (const word of CONCURRENCY_WORDS) index.add(word);
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
    const v = unparen(value);
    const symbol = isIdentifier(v) ? this.scope.resolve(v.text) : null;
    if (symbol) this.handOff("send", symbol, node, null, channel ? unparen(channel).text : null);
    this.expr(value);
  }

  private handOffs(g: Goroutine, args: readonly Node[]): void {
    for (const a of args) {
      const n = unparen(a);
      const symbol = isIdentifier(n) ? this.scope.resolve(n.text) : null;
      if (symbol) this.handOff("go-arg", symbol, n, g.index, null);
    }
  }

  private handOff(kind: "send" | "go-arg", symbol: MapSymbol, node: Node, spawned: number | null, channel: string | null): void {
    this.sink.goroutines.handOffs.push({
      kind,
      symbol: symbol.id,
      functionIndex: this.functionIndex,
      goroutine: this.goroutine,
      at: node.startIndex,
      location: locationOf(this.sink.path, node),
      spawned,
      channel,
      loops: [...this.loops],
    });
  }

  /** Walks a function literal that runs concurrently, its events tagged with a new goroutine. */
  private literalBody(kind: ConcurrentKind, site: Node, literal: Node, args: Goroutine["args"]): Goroutine {
    const body = field(literal, F.body);
    const g = this.register(kind, site, locationOf(this.sink.path, site), {
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

  private join(kind: "wait" | "receive", node: Node, channel: string | null): void {
    this.sink.goroutines.joins.push({
      kind,
      functionIndex: this.functionIndex,
      goroutine: this.goroutine,
      at: node.startIndex,
      block: this.block,
      channel,
    });
  }
}
