// Espruino hoists neither function declarations nor vars (NOTES.md): a
// function is defined when its statement runs, and a var that was never
// reached is a ReferenceError when read (and a write to it creates a global;
// a read may find a same-named variable of an outer scope instead). This pass
// makes hoisting explicit where it is needed, in every function and at top
// level: every function declaration of a scope moves to the scope's top in
// source order (as before), and each var is declared
//   - nowhere new ("lazy") when its own `var` statements provably run before
//     any read or write of it on every path: Espruino then creates the
//     variable only when a call reaches its statement, so a call of a big
//     `switch` creates the locals of its case only (a variable per local per
//     call is what the scopes on the stack cost: docs/bench.md "True peak");
//   - else as `var x;` at the start of the smallest block holding every
//     reference its statements do not cover (a case's statements, a `{}`);
//   - else, when that block is the function's body, in the one `var a,b;` at
//     the function's top, as every var was before.
// Semantics under standard JavaScript are unchanged: a var statement without
// `=` does nothing to a variable that exists, and every var of a function
// stays a var of the function. Checked on Espruino (host-tests/hoist*.test.ts):
// a var inside a block, a catch or a for-in head lands in the function's
// scope, a re-run `var x;` keeps x's value, `for (var k in o)` creates k even
// when o has no keys, `var a = a` creates a before its initialiser runs.
//
// When a var statement covers a reference (the proof):
//   - the statement is directly in a statement list L: a block, a function
//     body, the program, or one `case`'s statements (a jump to a later case
//     skips an earlier case's statements, so each case is its own list), or
//     it is a lone statement (an if's branch, a loop's body: L is then that
//     statement), or it is the init of a `for` that is one of those (the
//     init runs whenever the `for` is reached). L runs in order from its
//     start: no labels, no `goto`; break/continue/return/throw only leave
//     forward or restart an enclosing loop, whose body is re-entered at its
//     start, so a reference in L after the statement is reached through it,
//     whatever the path (a case, a loop's later pass, a catch: a catch or a
//     finally is a list of its own, not covered by the try's statements);
//   - the reference lies after the declarator's name and inside L (Espruino
//     creates the variable before the initialiser runs); for
//     `for (var k in o)` only the loop's body is covered;
//   - a reference inside a nested function counts at the place the function
//     object is created: a function expression where it stands (its body can
//     run only after that), a function declaration at the top of its scope,
//     where this pass moves it (so a var it reads is declared at the top);
//   - names resolve as JavaScript does: a nested function's params, vars,
//     function declarations and own name, a catch's parameter shadow; a var
//     that is also a parameter or a function name (or is `arguments`) is
//     never declared again, as before;
//   - a reference no statement covers makes the var declared at the start of
//     the innermost list (block, case, function body) holding every such
//     reference: that list's start runs before each of them.
// The cost is CPU only where a lazy var's statement is in a loop, which it
// was before too (the statement stays; only the top declaration goes).
// A program with `eval` or `with` has every var at its function's top.
import { parse, type Node } from "acorn";
import MagicString from "magic-string";

type AnyNode = Node & Record<string, any>;

/** How the vars of one bundle were declared (a var counts once per function). */
export interface HoistStats {
  /** At the top of their function, as before the pass learnt the rest. */
  top: number;
  /** As `var x;` at the start of a block or case. */
  block: number;
  /** Nowhere new: their own statements declare them. */
  lazy: number;
  /** Told each var's placement, for tests. */
  onVar?: (name: string, placed: "top" | "block" | "lazy") => void;
}

const isFunction = (n: AnyNode) => n.type === "FunctionDeclaration" || n.type === "FunctionExpression";

function childNodes(node: AnyNode): AnyNode[] {
  const out: AnyNode[] = [];
  for (const key of Object.keys(node)) {
    if (key === "loc") continue;
    const v = node[key];
    if (Array.isArray(v)) for (const x of v) if (x && typeof x.type === "string") out.push(x);
    if (v && typeof v.type === "string") out.push(v);
  }
  return out;
}

/** Names declared with var in this function scope (not in nested functions), in source order. */
function scopeVars(node: AnyNode, out: string[]): string[] {
  for (const c of childNodes(node)) {
    if (isFunction(c)) continue;
    if (c.type === "VariableDeclaration" && c.kind === "var") {
      for (const d of c.declarations) if (d.id.type === "Identifier" && !out.includes(d.id.name)) out.push(d.id.name);
    }
    scopeVars(c, out);
  }
  return out;
}

/** Function declarations of this scope at any depth of its blocks (not in nested functions). */
function scopeFunctionNames(node: AnyNode, out: string[]): string[] {
  for (const c of childNodes(node)) {
    if (c.type === "FunctionDeclaration") out.push(c.id.name);
    if (!isFunction(c)) scopeFunctionNames(c, out);
  }
  return out;
}

/** A statement list of a scope: where a var statement covers what follows it, and where `var x;` can go. */
interface List {
  start: number;
  end: number;
  /** Where a `var x;` for this list is written. */
  at: number;
}

/** Where one var's statement covers references: [from, to). */
interface Region {
  from: number;
  to: number;
}

interface Scope {
  node: AnyNode;
  /** Names a var must not declare again: params, function declarations, `arguments`. */
  fixed: Set<string>;
  /** Every var of the scope, in source order of their first statement. */
  vars: string[];
  /** The function expression's own name, seen by its body unless shadowed. */
  ownName?: string;
  /** Where the scope's code starts (after `{` of a function body; 0 for the program). */
  top: number;
  /** Where a nested function's body may first run, in this scope's code: the parent's position for it. */
  atParent: number;
  lists: List[];
  regions: Record<string, Region[]>;
  refs: Record<string, number[]>;
}

/** One frame of the name lookup: a function scope or a catch's parameter. */
type Frame = { scope: Scope } | { catchName: string };

function newScope(node: AnyNode, atParent: number): Scope {
  const isProgram = node.type === "Program";
  const body = isProgram ? node : node.body;
  const params: string[] = isProgram ? [] : node.params.filter((p: AnyNode) => p.type === "Identifier").map((p: AnyNode) => p.name);
  const fixed = new Set<string>([...params, ...scopeFunctionNames(body, []), "arguments"]);
  const vars = scopeVars(body, []).filter((v) => !fixed.has(v));
  const top = isProgram ? 0 : node.body.start + 1;
  const end = isProgram ? node.end : node.body.end - 1;
  return {
    node,
    fixed,
    vars,
    ownName: node.type === "FunctionExpression" && node.id ? node.id.name : undefined,
    top,
    atParent,
    lists: [{ start: top, end, at: top }],
    regions: {},
    refs: {},
  };
}

class Analysis {
  scopes: Scope[] = [];
  /** Set when the program uses eval or with: then every var goes to its function's top. */
  dynamic = false;
  private frames: Frame[] = [];

  run(ast: AnyNode): void {
    this.enterScope(ast, 0);
  }

  private scope(): Scope {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const f = this.frames[i];
      if ("scope" in f) return f.scope;
    }
    throw new Error("no scope");
  }

  private enterScope(node: AnyNode, atParent: number): void {
    const sc = newScope(node, atParent);
    this.scopes.push(sc);
    this.frames.push({ scope: sc });
    if (node.type === "Program") this.list(node.body, node.start, node.end, node.start, true);
    else this.list(node.body.body, node.body.start + 1, node.body.end - 1, node.body.start + 1, true);
    this.frames.pop();
  }

  /** A statement list: its var statements (and `for` inits) cover what follows them in it. */
  private list(stmts: AnyNode[], start: number, end: number, at: number, isTop = false): void {
    if (!isTop && stmts.length) this.scope().lists.push({ start, end, at });
    for (const st of stmts) {
      if (st.type === "VariableDeclaration") this.declare(st, end);
      else if (st.type === "ForStatement" && st.init && st.init.type === "VariableDeclaration") this.declare(st.init, end);
      this.visit(st);
    }
  }

  /** A statement that is a loop's or an if's body (no list, no place for a `var x;`): it too runs from its start. */
  private single(st: AnyNode): void {
    if (st.type === "VariableDeclaration") this.declare(st, st.end);
    else if (st.type === "ForStatement" && st.init && st.init.type === "VariableDeclaration") this.declare(st.init, st.end);
    this.visit(st);
  }

  private declare(decl: AnyNode, to: number): void {
    const sc = this.scope();
    // Espruino creates the variable before it runs the initialiser (`var a = a` reads undefined).
    for (const d of decl.declarations) (sc.regions[d.id.name] ??= []).push({ from: d.id.end, to });
  }

  private reference(name: string, pos: number): void {
    // Where, in the code of the scope the name resolves to, the reference can first run.
    let at = pos;
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const f = this.frames[i];
      if ("catchName" in f) {
        if (f.catchName === name) return;
        continue;
      }
      const sc = f.scope;
      if (sc.fixed.has(name)) return;
      if (sc.vars.includes(name)) {
        (sc.refs[name] ??= []).push(at);
        return;
      }
      if (sc.ownName === name) return;
      at = sc.atParent;
    }
  }

  private visit(node: AnyNode): void {
    switch (node.type) {
      case "Identifier":
        if (node.name === "eval") this.dynamic = true;
        this.reference(node.name, node.start);
        return;
      case "WithStatement":
        this.dynamic = true;
        break;
      case "FunctionDeclaration":
        // Moved to the top of its scope by this pass: it can run from there.
        this.enterScope(node, this.scope().top);
        return;
      case "FunctionExpression":
        this.enterScope(node, node.start);
        return;
      case "MemberExpression":
        this.visit(node.object);
        if (node.computed) this.visit(node.property);
        return;
      case "Property":
        if (node.computed) this.visit(node.key);
        this.visit(node.value);
        return;
      case "VariableDeclarator":
        if (node.init) this.visit(node.init);
        return;
      case "LabeledStatement":
        this.single(node.body);
        return;
      case "IfStatement":
        this.visit(node.test);
        this.single(node.consequent);
        if (node.alternate) this.single(node.alternate);
        return;
      case "ForStatement":
      case "WhileStatement":
      case "DoWhileStatement":
        for (const c of childNodes(node)) if (c !== node.body) this.visit(c);
        this.single(node.body);
        return;
      case "BreakStatement":
      case "ContinueStatement":
        return;
      case "CatchClause":
        this.frames.push({ catchName: node.param.name });
        this.visit(node.body);
        this.frames.pop();
        return;
      case "BlockStatement":
        this.list(node.body, node.start + 1, node.end - 1, node.start + 1);
        return;
      case "SwitchCase":
        if (node.test) this.visit(node.test);
        if (node.consequent.length) {
          const first = node.consequent[0].start;
          this.list(node.consequent, first, node.consequent[node.consequent.length - 1].end, first);
        }
        return;
      case "ForInStatement":
        if (node.left.type === "VariableDeclaration") {
          const sc = this.scope();
          for (const d of node.left.declarations) (sc.regions[d.id.name] ??= []).push({ from: node.body.start, to: node.body.end });
        } else this.visit(node.left);
        this.visit(node.right);
        this.single(node.body);
        return;
    }
    for (const c of childNodes(node)) this.visit(c);
  }
}

type Placement = { kind: "top" } | { kind: "lazy" } | { kind: "block"; at: number };

function place(sc: Scope, name: string, dynamic: boolean): Placement {
  if (dynamic) return { kind: "top" };
  const regions = sc.regions[name] ?? [];
  const open = (sc.refs[name] ?? []).filter((p) => !regions.some((r) => p >= r.from && p <= r.to));
  if (!open.length) return { kind: "lazy" };
  const lo = Math.min(...open);
  const hi = Math.max(...open);
  // Lists nest, so the last (innermost) one holding both ends holds them all.
  let best = sc.lists[0];
  for (const l of sc.lists) if (l.start <= lo && hi <= l.end && l.end - l.start <= best.end - best.start) best = l;
  return best === sc.lists[0] ? { kind: "top" } : { kind: "block", at: best.at };
}

function hoistScope(s: MagicString, sc: Scope, dynamic: boolean, stats: HoistStats): void {
  const body: AnyNode[] = sc.node.type === "Program" ? sc.node.body : sc.node.body.body;
  let pos = sc.top;
  let i = 0;
  // Directives ("use strict") stay first.
  while (i < body.length && body[i].type === "ExpressionStatement" && body[i].directive !== undefined) pos = body[i++].end;
  const top: string[] = [];
  const blocks: Record<number, string[]> = {};
  for (const v of sc.vars) {
    const p = place(sc, v, dynamic);
    stats[p.kind]++;
    stats.onVar?.(v, p.kind);
    if (p.kind === "top") top.push(v);
    else if (p.kind === "block") (blocks[p.at] ??= []).push(v);
  }
  if (top.length) s.appendLeft(pos, "var " + top.join(",") + ";");
  for (const at of Object.keys(blocks)) s.appendLeft(Number(at), "var " + blocks[Number(at)].join(",") + ";");
  // Declarations already at the top stay; the others move in after them.
  let at = pos;
  for (const f of body.filter((n) => n.type === "FunctionDeclaration")) {
    if (/^\s*$/.test(s.original.slice(at, f.start))) at = f.end;
    else s.move(f.start, f.end, at);
  }
}

/** The program with explicit hoisting; `stats`, when given, gets how each var was declared added to it. */
export function hoist(code: string, stats: HoistStats = { top: 0, block: 0, lazy: 0 }): string {
  const ast = parse(code, { ecmaVersion: 5 }) as AnyNode;
  const a = new Analysis();
  a.run(ast);
  const s = new MagicString(code);
  for (const sc of a.scopes) hoistScope(s, sc, a.dynamic, stats);
  return s.toString();
}
