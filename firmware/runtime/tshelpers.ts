// TypeScript's ES5 helpers, rewritten for Espruino (NOTES.md): built-in
// methods are reached through instances ([].slice), never through
// Array.prototype, and nothing relies on var hoisting. The build injects
// these wherever compiled code calls a helper (tsconfig: noEmitHelpers).
/* eslint-disable */

export function __extends(d: any, b: any): void {
  if (typeof b !== "function" && b !== null) throw new TypeError("Class extends value " + String(b) + " is not a constructor or null");
  for (const p in b) if (Object.prototype.hasOwnProperty.call(b, p)) d[p] = b[p];
  function Ctor(this: any) {
    this.constructor = d;
  }
  Ctor.prototype = b === null ? null : b.prototype;
  d.prototype = b === null ? Object.create(b) : new (Ctor as any)();
}

export function __assign(target: any): any {
  for (let i = 1; i < arguments.length; i++) {
    const s = arguments[i];
    for (const p in s) if (Object.prototype.hasOwnProperty.call(s, p)) target[p] = s[p];
  }
  return target;
}

export function __rest(s: any, e: string[]): any {
  const t: any = {};
  for (const p in s) if (Object.prototype.hasOwnProperty.call(s, p) && e.indexOf(p) < 0) t[p] = s[p];
  return t;
}

export function __spreadArray(to: any[], from: any, pack?: boolean): any[] {
  const out: any[] = [].slice.call(to);
  for (let i = 0; i < from.length; i++) {
    // A hole becomes undefined: Espruino cannot assign to length.
    out.push(pack || i in from ? from[i] : undefined);
  }
  return out;
}

export function __makeTemplateObject(cooked: string[], raw: string[]): string[] {
  (cooked as any).raw = raw;
  return cooked;
}
