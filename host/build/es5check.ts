// Rejects a bundle that Espruino would not run: anything beyond ES5 syntax
// (parsed by an ES5-only parser), globals it lacks, and the constructs that
// NOTES.md shows breaking on the interpreter.
import { parse, type Node } from "acorn";
import { ancestor } from "acorn-walk";
import { isReserved } from "./reserved";

/** What the check rejects, for docs and error messages. */
export const CHECKS = [
  "syntax beyond ECMAScript 5 (arrow functions, let/const, classes, template literals, spread, generators, async)",
  "globals Espruino lacks: Map, Set, WeakMap, WeakSet, Symbol, Proxy, Reflect, WeakRef, BigInt",
  "TypeScript's async helpers (__awaiter, __generator) and bundler require shims (require, __require)",
  "Array.from, Object.freeze, Math.imul",
  "built-in methods read from prototype objects (Array.prototype.slice...): undefined on Espruino; Object.prototype.hasOwnProperty is allowed",
  "labelled statements",
  "array literals with holes",
  "assignments to .length",
  "a top-level name that is one of Espruino's globals or pin names (E, A0, LED1, Serial1, print, load, save, reset...): the bundle has no IIFE, so it would overwrite it",
];

const MISSING = new Set(["Map", "Set", "WeakMap", "WeakSet", "Symbol", "Proxy", "Reflect", "WeakRef", "BigInt", "__awaiter", "__generator", "require", "__require"]);
const MISSING_MEMBERS = new Set(["Array.from", "Object.freeze", "Math.imul"]);
const PROTO_OWNERS = new Set(["Array", "String", "Function", "Object", "Number"]);

type AnyNode = Node & Record<string, any>;

function isReference(node: AnyNode, parent: AnyNode | undefined): boolean {
  if (!parent) return true;
  if (parent.type === "MemberExpression" && parent.property === node && !parent.computed) return false;
  if (parent.type === "Property" && parent.key === node && !parent.computed) return false;
  if ((parent.type === "FunctionDeclaration" || parent.type === "FunctionExpression") && parent.id === node) return false;
  if (parent.type === "VariableDeclarator" && parent.id === node) return false;
  if (parent.type === "LabeledStatement" || parent.type === "BreakStatement" || parent.type === "ContinueStatement") return false;
  return true;
}

function memberName(node: AnyNode): string | undefined {
  if (node.type === "Identifier") return node.name;
  if (node.type === "MemberExpression" && !node.computed) {
    const obj = memberName(node.object);
    return obj === undefined ? undefined : obj + "." + node.property.name;
  }
  return undefined;
}

/** What the program's top level declares: its vars and function declarations (Espruino's root scope). */
function topLevelNames(ast: AnyNode): AnyNode[] {
  const out: AnyNode[] = [];
  const visit = (n: AnyNode) => {
    if (n.type === "FunctionDeclaration") out.push(n.id);
    else if (n.type === "VariableDeclaration") for (const d of n.declarations) out.push(d.id);
    // vars in top-level blocks and loop headers are top-level too (function scope)
    else if (n.type === "ForStatement" && n.init) visit(n.init);
    else if (n.type === "ForInStatement" && n.left.type === "VariableDeclaration") visit(n.left);
    else if (n.type === "BlockStatement") n.body.forEach(visit);
    else if (n.type === "IfStatement") [n.consequent, n.alternate].forEach((c) => c && visit(c));
    else if (n.type === "TryStatement") [n.block, n.finalizer].forEach((c) => c && visit(c));
  };
  ast.body.forEach(visit);
  return out;
}

export function checkBundle(code: string): string[] {
  const problems: string[] = [];
  let ast: AnyNode;
  try {
    ast = parse(code, { ecmaVersion: 5, locations: true }) as AnyNode;
  } catch (e) {
    return [`not ES5: ${(e as Error).message}`];
  }
  const at = (n: AnyNode) => `${n.loc?.start.line}:${n.loc?.start.column}`;
  for (const id of topLevelNames(ast)) {
    if (isReserved(id.name)) problems.push(`${at(id)} declares ${id.name} at top level: that overwrites Espruino's global ${id.name}`);
  }
  ancestor(ast, {
    Identifier(node: AnyNode, _state: unknown, ancestors: AnyNode[]) {
      const parent = ancestors[ancestors.length - 2];
      if (MISSING.has(node.name) && isReference(node, parent)) problems.push(`${at(node)} uses ${node.name}, which Espruino lacks`);
    },
    MemberExpression(node: AnyNode) {
      const name = memberName(node);
      if (!name) return;
      if (MISSING_MEMBERS.has(name)) problems.push(`${at(node)} uses ${name}, which Espruino lacks`);
      const parts = name.split(".");
      if (parts.length === 3 && parts[1] === "prototype" && PROTO_OWNERS.has(parts[0]) && name !== "Object.prototype.hasOwnProperty") {
        problems.push(`${at(node)} reads ${name}: built-in methods are not on Espruino's prototype objects`);
      }
    },
    LabeledStatement(node: AnyNode) {
      problems.push(`${at(node)} has a label (${node.label.name}): Espruino does not support labels`);
    },
    ArrayExpression(node: AnyNode) {
      if (node.elements.some((e: unknown) => e === null)) problems.push(`${at(node)} has an array literal with holes`);
    },
    AssignmentExpression(node: AnyNode) {
      const l = node.left;
      if (l.type === "MemberExpression" && !l.computed && l.property.name === "length") {
        problems.push(`${at(node)} assigns to .length, which throws on Espruino`);
      }
    },
    UpdateExpression(node: AnyNode) {
      const l = node.argument;
      if (l.type === "MemberExpression" && !l.computed && l.property.name === "length") {
        problems.push(`${at(node)} assigns to .length, which throws on Espruino`);
      }
    },
  });
  return problems;
}
