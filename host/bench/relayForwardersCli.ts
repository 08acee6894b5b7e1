// What a JavaScript forwarder costs against the native one, in the relay
// bench's harness (relayCpu.ts): one relay run records the chunks that
// reached the middle SMC, then each forwarder below is fed them at their
// times, twice, on espruino-pico (docs/bench.md, "Cut-through"). Not part
// of `npm run bench`; about three minutes.
import { boardBinary } from "../real";
import { NATIVE_FORWARD, nativeRun, perFrame, relayRun } from "./relayCpu";

const W = `Serial2.setup(115200);Serial3.setup(115200);setWatch(function(){},D1,{repeat:true});`;
// The line checks of the firmware's cut-through, made to pass every line
// (the call compared with !==): what they cost, not what they let through.
const PRE = `var P=244;function F(u){this.u={write:u.write.bind(u)};this.rx="";this.c=E.CRC32;var e=this;`;
const POST = `F.prototype.take=function(t){this.x.u.write(this.rx+t);this.rx=""};var a=new F(Serial2),b=new F(Serial3);a.x=b;b.x=a;a.xc=b.xc="ABCDEFGH";`;
const FORWARDERS: Record<string, string> = {
  native: NATIVE_FORWARD,
  perChunk: W + `Serial2.on("data",function(d){Serial3.write(d)});Serial3.on("data",function(d){Serial2.write(d)});`,
  lineInProperty: W + `function F(u,o){this.rx="";var t=this;u.on("data",function(d){if(d.indexOf("\\n")<0)t.rx+=d;else{o.write(t.rx+d);t.rx=""}})}new F(Serial2,Serial3);new F(Serial3,Serial2);`,
  lineMethodNoCrc: W + `function F(u,o){this.u=u;this.o=o;this.rx="";var t=this;u.on("data",function(d){if(d.indexOf("\\n")<0&&t.rx.length<244)t.rx+=d;else t.t(d)})}F.prototype.t=function(d){var s=this.rx+d;var e=s.lastIndexOf("\\n")+1;if(s.charAt(1)!="x"&&s.substr(6,8)!="ABCDEFGH")this.o.write(s.substr(0,e));this.rx=s.substr(e)};new F(Serial2,Serial3);new F(Serial3,Serial2);`,
  firmwareChecks: W + PRE + `u.on("data",function(s){var l,n;s!==void 0&&s.indexOf("\\n")<0&&e.rx.length+s.length<=244?e.rx+=s:e.x&&(l=e.rx+s).charCodeAt(1)>96&&l.indexOf("\\n")===(n=l.length-1)&&l.substr(6,8)!==e.xc&&(e.c(l.substr(0,n-9))>>>0===+("0x"+l.substr(n-8,8))||1)?(e.rx="",e.x.u.write(l)):e.take(s)})}` + POST,
  firmwareChecksNoCrc: W + PRE + `u.on("data",function(s){var l,n;s!==void 0&&s.indexOf("\\n")<0&&e.rx.length+s.length<=244?e.rx+=s:e.x&&(l=e.rx+s).indexOf("\\n")===(n=l.length-1)&&l.substr(6,8)!==e.xc?(e.rx="",e.x.u.write(l)):e.take(s)})}` + POST,
};

const round = (x: number) => Math.round(x * 1000) / 1000;
const bin = boardBinary("espruino-pico");
if (!bin) throw new Error("no espruino-pico beside the interpreter");
const relay = await relayRun(bin);
console.log(`firmware relay ${round(perFrame(relay.run))} ms a frame, ${relay.chunks.length} chunks`);
for (let rep = 0; rep < 2; rep++) {
  for (const [name, code] of Object.entries(FORWARDERS)) console.log(`${name} ${round(perFrame(await nativeRun(bin, relay.chunks, code)))} ms a frame`);
}
process.exit(0);
