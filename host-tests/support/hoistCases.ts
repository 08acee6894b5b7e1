// Programs for the hoisting pass (host/build/hoist.ts): each defines
// `function t(...)` and is called as `t(args)`; Node's result of the source
// is what the pass's output must give, on Node and on Espruino. `bare` says
// what the source gives on Espruino without the pass (a var read before its
// statement ran, an outer variable seen instead): where it differs from
// Node, the declaration the pass writes is what makes the program right.
export interface HoistCase {
  name: string;
  src: string;
  args: string;
  /** Where the pass must declare each var named `x` (scopes in source order, the program first), comma-separated. */
  placed: string;
  /** The result without the pass on Espruino differs from Node's. */
  bareFails?: boolean;
}

export const HOIST_CASES: HoistCase[] = [
  {
    name: "switch: each case's var is its own",
    src: "function t(n){switch(n){case 1:var x=1;return x;case 2:var y=2;return y+1;default:return 0}}",
    args: "2",
    placed: "lazy",
  },
  {
    name: "switch fall-through: a later case reached first reads a var of an earlier one",
    src: 'function t(){var s="";for(var n=2;n>=1;n--)switch(n){case 1:var x="x";case 2:s+=String(x);break;default:var x="z";s+=x}return s}',
    args: "",
    placed: "block",
    bareFails: true,
  },
  {
    name: "loop: read earlier in the body than the var, on the first pass",
    src: "function t(){var out=[];for(var i=0;i<3;i++){out.push(String(x));var x=i}return out.join()}",
    args: "",
    placed: "block",
    bareFails: true,
  },
  {
    name: "loop: a var re-run each pass keeps nothing it should not",
    src: "function t(){var s=0;for(var i=0;i<4;i++){var x;if(i===1)x=5;s+=x|0}return s}",
    args: "",
    placed: "lazy",
  },
  {
    name: "a function declaration reads the var and is called before the var's statement",
    src: "function t(){var r=g();var x=1;return r+','+g();function g(){return String(x)}}",
    args: "",
    placed: "top",
    bareFails: true,
  },
  {
    name: "an outer variable of the same name must not be seen before the var runs",
    src: 'var x="outer";function t(){var r=String(x);var x="inner";return r+x}',
    args: "",
    placed: "lazy,top",
    bareFails: true,
  },
  {
    name: "a closure made before the var, called after",
    src: "function t(){var g=function(){return x};var x=5;return g()}",
    args: "",
    placed: "top",
  },
  {
    name: "a closure made in a loop body before the var",
    src: "function t(){var fs=[];for(var i=0;i<2;i++){fs.push(function(){return x});var x=i}return fs[0]()+fs[1]()}",
    args: "",
    placed: "block",
  },
  {
    name: "a closure made after the var",
    src: "function t(){var x=2;var g=function(){return x*3};return g()}",
    args: "",
    placed: "lazy",
  },
  {
    name: "a function declaration's own var, read after its statement",
    src: "function t(){return g()+g();function g(){var x=4;return x}}",
    args: "",
    placed: "lazy",
  },
  {
    name: "a nested function's parameter shadows",
    src: "function t(){var f=function(x){return x*2};var x=3;return f(2)+x}",
    args: "",
    placed: "lazy",
  },
  {
    name: "a nested function's var shadows, read there before its statement",
    src: "function t(){var f=function(){var r=String(x);var x=1;return r};var x=3;return f()+x}",
    args: "",
    placed: "lazy,top",
  },
  {
    name: "a catch's parameter shadows",
    src: 'function t(){try{throw "c"}catch(x){var r=x}var x="v";return r+x}',
    args: "",
    placed: "lazy",
  },
  {
    name: "try: the var in the try block is read in the catch",
    src: 'function t(){try{JSON.parse("{");var x=1}catch(e){return String(x)}}',
    args: "",
    placed: "block",
    bareFails: true,
  },
  {
    name: "try: the var in the try block is read after the statement",
    src: 'function t(){try{JSON.parse("{");var x=1}catch(e){}return String(x)}',
    args: "",
    placed: "top",
    bareFails: true,
  },
  {
    name: "finally reads the try's var",
    src: "function t(){try{var x=1}finally{return String(x)}}",
    args: "",
    placed: "block",
  },
  {
    name: "for-in: the key is read in the body",
    src: 'function t(){var s="";for(var x in {a:1,b:2})s+=x;return s}',
    args: "",
    placed: "lazy",
  },
  {
    name: "for-in: the key is read after the loop",
    src: "function t(){for(var x in {})break;return String(x)}",
    args: "",
    placed: "top",
  },
  {
    name: "for: the head's var is read in the test, the update and after the loop",
    src: "function t(){for(var x=0,n=3;x<n;x++);return x}",
    args: "",
    placed: "lazy",
  },
  {
    name: "nested for without braces: the inner head covers the inner loop, not what follows the outer one",
    src: "function t(){for(var i=0;i<2;i++)for(var j=0,x=i;j<x+2;j++);return i+j+x}",
    args: "",
    placed: "top",
  },
  {
    name: "a var in an if without braces, read after it",
    src: "function t(c){if(c)var x=1;return String(x)}",
    args: "0",
    placed: "top",
    bareFails: true,
  },
  {
    name: "do-while: its test reads the body's var",
    src: "function t(){var n=0;do{var x=n++}while(x<2);return x}",
    args: "",
    placed: "top",
  },
  {
    name: "one var, a statement in each branch",
    src: 'function t(){var out="";for(var j=0;j<2;j++){if(j){var x="b";out+=x}else{var x="a";out+=x}}return out}',
    args: "",
    placed: "lazy",
  },
  {
    name: "a var of an inner block read in the outer block: declared at the outer block's start",
    src: "function t(m){var out=[];for(var k=1;k<=2;k++){if(k>m){var x=k}out.push(String(x))}return out.join()}",
    args: "1",
    placed: "block",
    bareFails: true,
  },
  {
    name: "a function expression calling itself through the var it is assigned to",
    src: "function t(){var x=function(n){return n?x(n-1)+1:0};return x(4)}",
    args: "",
    placed: "lazy",
  },
  {
    name: "its initialiser reads the var (Espruino creates it first)",
    src: "function t(){var x=typeof x;return x}",
    args: "",
    placed: "lazy",
  },
  {
    name: "a named function expression's own name",
    src: "function t(){var x=function g(n){return n?g(n-1)+2:0};return x(3)}",
    args: "",
    placed: "lazy",
  },
  {
    name: "a getter made before the var",
    src: "function t(){var o={get v(){return x}};var x=9;return o.v}",
    args: "",
    placed: "top",
  },
  {
    name: "a write before the var's statement (on Espruino it would make a global)",
    src: "function t(){x=1;var x;return x}",
    args: "",
    placed: "top",
    bareFails: true,
  },
];
