// Random small programs for the hoisting pass (hoist.real.test.ts): vars of
// a few shared names declared, read and written in blocks, branches
// without braces, loops, switch cases with fall-through, try/catch/finally,
// closures made before and after the statements, nested functions that
// shadow them; every name has a statement somewhere (one after the
// `return` where none else), so Node never throws, and the pass must make
// Espruino give Node's output. Seeded: the same programs every run.

const NAMES = ["a", "b", "c", "d"];

/** A small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function fuzzProgram(seed: number): string {
  const r = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const declared = new Set<string>();
  let fns = 0;
  const expr = (): string => pick([() => String(Math.floor(r() * 9)), () => "p", () => `String(${pick(NAMES)})`, () => `(${pick(NAMES)}|0)+1`])();
  const stmts = (depth: number, n: number): string => {
    let s = "";
    for (let i = 0; i < n; i++) s += stmt(depth);
    return s;
  };
  const block = (depth: number): string => `{${stmts(depth + 1, 1 + Math.floor(r() * 3))}}`;
  /** One statement, for a branch or loop body without braces. */
  const single = (): string =>
    pick([
      () => {
        const v = pick(NAMES);
        declared.add(v);
        return `var ${v}=${expr()};`;
      },
      () => `o.push(String(${pick(NAMES)}));`,
      () => `${pick(NAMES)}=${expr()};`,
    ])();
  const stmt = (depth: number): string => {
    const kinds: (() => string)[] = [
      single,
      () => {
        const v = pick(NAMES);
        declared.add(v);
        return `var ${v};`;
      },
      () => {
        const f = "f" + fns++;
        return `var ${f}=function(){return String(${pick(NAMES)})};o.push(${f}());`;
      },
      () => `o.push((function(${pick(NAMES)}){return String(${pick(NAMES)})})(7));`,
      () => `o.push(g${Math.floor(r() * 2)}());`,
    ];
    if (depth === 0) kinds.push(() => `function g${Math.floor(r() * 2)}(){return String(${pick(NAMES)})}`);
    if (depth < 3) {
      kinds.push(
        () => `if(p>${Math.floor(r() * 3)})${r() < 0.5 ? block(depth) : single()}else ${r() < 0.5 ? block(depth) : single()}`,
        () => `for(var i${depth}=0;i${depth}<2;i${depth}++)${r() < 0.7 ? block(depth) : single()}`,
        () => `switch((p+${Math.floor(r() * 3)})%3){case 0:${stmts(depth + 1, 2)}case 1:${stmts(depth + 1, 2)}break;default:${stmts(depth + 1, 1)}}`,
        () => `try{${stmts(depth + 1, 2)}if(p===${Math.floor(r() * 3)})throw 1;${stmts(depth + 1, 1)}}catch(e){${stmts(depth + 1, 1)}}finally{${stmts(depth + 1, 1)}}`,
        () => `var k${depth}=0;do${block(depth)}while(++k${depth}<2);`,
      );
    }
    return pick(kinds)();
  };
  const body = stmts(0, 3 + Math.floor(r() * 5));
  const rest = NAMES.filter((v) => !declared.has(v));
  // g0 and g1 exist whether or not the body declared them (a later declaration wins, as in JavaScript).
  return `function t(p){var o=[];function g0(){return "g0"}function g1(){return "g1"}${body}return o.join();${rest.length ? "var " + rest.join(",") + ";" : ""}}`;
}
