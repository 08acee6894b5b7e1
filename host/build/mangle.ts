// Property names longer than 4 characters cost a board a second variable
// each time one is stored (NOTES.md), so the build shortens them (esbuild's
// mangleProps). A name must keep its spelling wherever something outside the
// bundle knows it: Espruino's API (methods called, options passed), every
// key of a document that is stored as JSON or read from JSON (the
// configuration, the board file, the boot record), since another build with
// other short names reads them back, and the names a dictionary is looked up
// by at run time. This file derives that reserve list from the sources of
// truth, so a new config key or Espruino call is reserved without anyone
// remembering to.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { ROOT } from "./compile";

/**
 * What esbuild shortens: names of 5 characters or more (shorter ones fit a
 * variable already) starting with a lower-case letter. Upper-case keys are
 * left alone: the firmware writes dictionaries looked up by a typed word
 * (the command table's STATUS, LOGOUT...) that way.
 */
export const MANGLED = /^[a-z][A-Za-z0-9_$]{4,}$/;

/** Type names whose whole shape is stored as or read from JSON. */
export const JSON_TYPES = ["SmcConfig", "BoardDesc"];

const IDENT = /[A-Za-z_$][\w$]*/g;

/** Every identifier of a declaration file, comments left out: over-reserves a little (parameter names), never misses one. */
function identifiersOf(file: string): string[] {
  const text = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
  return text.match(IDENT) ?? [];
}

function jsonKeys(value: unknown, out: Set<string>): void {
  if (Array.isArray(value)) value.forEach((v) => jsonKeys(v, out));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      jsonKeys(v, out);
    }
  }
}

/** Every property name of a type and of the types of its properties, recursively. */
function propertyNames(checker: ts.TypeChecker, type: ts.Type, out: Set<string>, seen = new Set<ts.Type>()): void {
  if (seen.has(type)) return;
  seen.add(type);
  if (type.isUnionOrIntersection()) for (const t of type.types) propertyNames(checker, t, out, seen);
  const index = type.getStringIndexType();
  if (index) propertyNames(checker, index, out, seen);
  if (checker.isArrayType(type)) for (const t of checker.getTypeArguments(type as ts.TypeReference)) propertyNames(checker, t, out, seen);
  for (const p of type.getProperties()) {
    out.add(p.getName());
    const decl = p.valueDeclaration ?? p.declarations?.[0];
    if (decl) propertyNames(checker, checker.getTypeOfSymbolAtLocation(p, decl), out, seen);
  }
}

const isAny = (t: ts.Type) => (t.flags & ts.TypeFlags.Any) !== 0;

/** Names of JSON_TYPES and of whatever the firmware passes to JSON.stringify, from the compiled program's types. */
function jsonTypeNames(program: ts.Program): Set<string> {
  const checker = program.getTypeChecker();
  const out = new Set<string>();
  const found = new Set<string>();
  for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile || path.resolve(sf.fileName).includes(path.sep + "node_modules" + path.sep)) continue;
    const visit = (n: ts.Node) => {
      if (ts.isInterfaceDeclaration(n) && JSON_TYPES.includes(n.name.text)) {
        found.add(n.name.text);
        propertyNames(checker, checker.getTypeAtLocation(n), out);
      }
      if (ts.isCallExpression(n) && n.expression.getText(sf) === "JSON.stringify" && n.arguments.length) {
        propertyNames(checker, checker.getTypeAtLocation(n.arguments[0]), out);
      }
      // A property read or written on an untyped value is someone else's name:
      // Espruino's (the HAL holds its objects as any) or a parsed document's.
      if (ts.isPropertyAccessExpression(n) && isAny(checker.getTypeAtLocation(n.expression))) out.add(n.name.text);
      // ES5 writes a getter or setter with Object.defineProperty(proto, "name"): a quoted name esbuild keeps.
      if ((ts.isGetAccessorDeclaration(n) || ts.isSetAccessorDeclaration(n)) && ts.isIdentifier(n.name)) out.add(n.name.text);
      // Keys of a literal handed to untyped code (Espruino's options) or stored untyped.
      if (ts.isObjectLiteralExpression(n)) {
        const ctx = checker.getContextualType(n);
        if (!ctx || isAny(ctx)) for (const p of n.properties) if (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) out.add(p.name.text);
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  const missing = JSON_TYPES.filter((t) => !found.has(t));
  if (missing.length) throw new Error(`mangle.ts: no interface ${missing.join(", ")} in the program: update JSON_TYPES`);
  return out;
}

/** The names esbuild must not shorten. */
export function reservedProps(program: ts.Program): Set<string> {
  const out = new Set<string>();
  const declarations = [
    path.join(ROOT, "node_modules/@types/espruino/index.d.ts"),
    path.join(ROOT, "node_modules/typescript/lib/lib.es5.d.ts"),
    path.join(ROOT, "firmware/hal/espruino-globals.d.ts"),
  ];
  for (const f of declarations) for (const id of identifiersOf(f)) out.add(id);
  const boardsDir = path.join(ROOT, "boards");
  for (const f of readdirSync(boardsDir).filter((x) => x.endsWith(".json"))) jsonKeys(JSON.parse(readFileSync(path.join(boardsDir, f), "utf8")), out);
  for (const n of jsonTypeNames(program)) out.add(n);
  // What JavaScript itself reads by name.
  for (const n of ["prototype", "constructor", "__proto__", "toString", "valueOf", "toJSON", "length", "message", "name", "stack", "raw"]) out.add(n);
  return out;
}

/** The reserve list as esbuild's reserveProps wants it: one anchored alternation. */
export function reservePattern(names: Set<string>): RegExp {
  const list = [...names].filter((n) => MANGLED.test(n)).sort();
  return new RegExp("^(?:" + list.map((n) => n.replace(/\$/g, "\\$")).join("|") + ")$");
}
