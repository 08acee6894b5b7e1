// Espruino hoists neither function declarations nor vars (NOTES.md): a
// function is defined when its statement runs, and a var that was never
// reached is a ReferenceError. This pass makes hoisting explicit, in every
// function and at top level: first `var a,b;` for every var of the scope,
// then every function declaration of the scope in source order, then the
// rest. Semantics under standard JavaScript are unchanged.
import { parse, type Node } from "acorn";
import { full } from "acorn-walk";
import MagicString from "magic-string";

type AnyNode = Node & Record<string, any>;

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

/** Names declared with var in this function scope (not in nested functions). */
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

function hoistScope(s: MagicString, body: AnyNode[], start: number, params: string[]): void {
  let pos = start;
  let i = 0;
  // Directives ("use strict") stay first.
  while (i < body.length && body[i].type === "ExpressionStatement" && body[i].directive !== undefined) pos = body[i++].end;
  const fns = body.filter((n) => n.type === "FunctionDeclaration");
  const fnNames = fns.map((f) => f.id.name);
  const vars = scopeVars({ type: "BlockStatement", body } as unknown as AnyNode, []).filter(
    (v) => !fnNames.includes(v) && !params.includes(v) && v !== "arguments",
  );
  if (vars.length) s.appendLeft(pos, "var " + vars.join(",") + ";");
  // Declarations already at the top stay; the others move in after them.
  let at = pos;
  for (const f of fns) {
    if (/^\s*$/.test(s.original.slice(at, f.start))) at = f.end;
    else s.move(f.start, f.end, at);
  }
}

export function hoist(code: string): string {
  const ast = parse(code, { ecmaVersion: 5 }) as AnyNode;
  const s = new MagicString(code);
  hoistScope(s, ast.body, 0, []);
  full(ast, (node: AnyNode) => {
    if (!isFunction(node)) return;
    const params = node.params.filter((p: AnyNode) => p.type === "Identifier").map((p: AnyNode) => p.name);
    hoistScope(s, node.body.body, node.body.start + 1, params);
  });
  return s.toString();
}
