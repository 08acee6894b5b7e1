// TypeScript's ES5 class is an IIFE: `var C = (function (_super) {
// __extends(C, _super); function C() {...} C.prototype.m = ...; return C;
// }(Base));`. On Espruino every method defined in it sits one function
// scope deeper than it need be and carries a copied scope chain (NOTES.md:
// ~200 variables over the firmware). This pass, run on each module tsc
// emitted, before bundling, flattens such a class (at a module's top level
// or in a function's body) into the statements of its body: `function C() {...} __extends(C, Base);
// C.prototype.m = ...;`, with `_super` replaced by the base expression.
// A class whose shape is anything else is left as it is.
import { parse, type Node } from "acorn";
import { ancestor, full } from "acorn-walk";
import MagicString from "magic-string";

type AnyNode = Node & Record<string, any>;

/** Base expressions that may be written out more than once: a name or a chain of property reads. */
function isPlainReference(n: AnyNode): boolean {
  if (n.type === "Identifier") return true;
  return n.type === "MemberExpression" && !n.computed && isPlainReference(n.object);
}

interface ClassIife {
  decl: AnyNode;
  name: string;
  fn: AnyNode;
  base?: AnyNode;
}

function classIife(stmt: AnyNode): ClassIife | undefined {
  if (stmt.type !== "VariableDeclaration" || stmt.declarations.length !== 1) return undefined;
  const d = stmt.declarations[0];
  if (d.id.type !== "Identifier" || !d.init || d.init.type !== "CallExpression") return undefined;
  const call = d.init;
  const fn = call.callee;
  if (fn.type !== "FunctionExpression" || fn.id || fn.params.length > 1 || fn.params.length !== call.arguments.length) return undefined;
  if (fn.params.length === 1 && (fn.params[0].type !== "Identifier" || !isPlainReference(call.arguments[0]))) return undefined;
  const body: AnyNode[] = fn.body.body;
  const name = d.id.name;
  const last = body[body.length - 1];
  if (!last || last.type !== "ReturnStatement" || last.argument?.type !== "Identifier" || last.argument.name !== name) return undefined;
  // Only the constructor may be declared there: anything else would become a module-level name.
  for (const s of body.slice(0, -1)) {
    if (s.type === "FunctionDeclaration" && s.id.name !== name) return undefined;
    if (s.type === "VariableDeclaration") return undefined;
  }
  if (!body.some((s) => s.type === "FunctionDeclaration" && s.id.name === name)) return undefined;
  return { decl: stmt, name, fn, base: call.arguments[0] };
}

/** The module with every TypeScript class IIFE flattened, at its top level and in any function body. */
export function unwrapClasses(code: string): string {
  const ast = parse(code, { ecmaVersion: 2015, sourceType: "module" }) as AnyNode;
  const s = new MagicString(code);
  let changed = false;
  // A class made inside a function (a module built only when a unit's
  // configuration uses it: passthrough/relay.ts) is flattened into that
  // function's body the same way: its members are then one scope deeper
  // than the function, not two.
  const lists: AnyNode[][] = [ast.body];
  full(ast, (n: AnyNode) => {
    if ((n.type === "FunctionDeclaration" || n.type === "FunctionExpression") && n.body.type === "BlockStatement") lists.push(n.body.body);
  });
  for (const stmt of ([] as AnyNode[]).concat(...lists)) {
    const c = classIife(stmt);
    if (!c) continue;
    const body: AnyNode[] = c.fn.body.body;
    const superName = c.fn.params[0]?.name as string | undefined;
    // Uses of `this` or `arguments` at the IIFE's own level would change meaning.
    let unsafe = false;
    if (superName) {
      const baseText = code.slice(c.base!.start, c.base!.end);
      ancestor(c.fn.body, {
        Identifier(n: AnyNode, _st: unknown, anc: AnyNode[]) {
          if (n.name !== superName) return;
          const p = anc[anc.length - 2];
          if (p && p.type === "MemberExpression" && p.property === n && !p.computed) return;
          if (p && p.type === "Property" && p.key === n && !p.computed) return;
          s.overwrite(n.start, n.end, baseText);
        },
      });
    }
    for (const b of body) {
      ancestor(b, {
        ThisExpression(_n: AnyNode, _st: unknown, anc: AnyNode[]) {
          if (!anc.some((a) => a.type === "FunctionExpression" || a.type === "FunctionDeclaration")) unsafe = true;
        },
      });
    }
    if (unsafe) throw new Error(`class ${c.name}: 'this' at the class body's own level; the build cannot flatten it`);
    // Keep the statements of the body, drop the wrapper and the final return.
    const last = body[body.length - 1];
    s.remove(c.decl.start, body[0].start);
    s.remove(last.start, c.decl.end);
    changed = true;
  }
  return changed ? s.toString() : code;
}
