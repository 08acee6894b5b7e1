// IPMI Terminal Mode on the console port (docs/ipmi.md): ipmitool's
// `-I serial-terminal` lines, "[" hex "]", answered on this SMC or bridged
// along the chain to the SMC whose IPMB address a Send Message names.
//
// One function with switches (one function object on a board, ~7
// variables with ipmiTerm's as many; its code stays in flash): nothing of IPMI is resident between
// lines, a line's work is gone when it is answered. `how` tells where the
// line came from:
//   VIA (-1)  another SMC's request (the router checked this SMC's flag);
//             the answer is one line and OK (chain/serve.ts frames it)
//   0         the console port, a clean line
//   > 0       the console port, a line spoiled by that Err (too long, a
//             control byte): answered "[ERR hh]", nothing else happens
// The console's answer is one line, then handOff (no OK/ERR line: ipmitool
// waits for a bracket line only).
//
//   text command  [SYS PWD -U user pw] -> AUTH's check (the same session),
//                 [SYS PWD -X] -> LOGOUT, [SYS TMODE] -> [OK TMODE]
//   message       decode (one or two Send Messages, App 0x34, unwrapped)
//                 -> for another SMC: a router request under @id's rules
//                 (two levels: the transit's check first), or in
//                 pass-through wiring the line on to the next SMC; its
//                 answer wrapped in every level; else permission (0xD4
//                 without the flag) -> the command here -> [rsNetFn seq cmd
//                 cc data]: App: Get Device ID, Get Self Test Results (DIAG);
//                 Chassis: Get Chassis Status, Chassis Control, Identify;
//                 Storage: the SDR repository (sensors) and the SEL (the
//                 event log); Sensor: Get Sensor Reading, Thresholds;
//                 anything else 0xC1
import { Op } from "../chain";
import { Err, ipmiTerm, Reply } from "../protocol";
import { Act, Power } from "../server";
import { InputDesc } from "../hal";
import { LOG_FILE } from "../log";
import { SmcContext } from "./context";
import { rareCommand } from "./rare";
import { refused } from "./commands";
import { Permission } from "./session";

/** Numbers of IPMI here (a const enum: inlined, no variable on the board). */
export const enum Ipmb {
  /** `how` for a line another SMC sent (see the header). */
  Via = -1,
  /** The IPMB address of the SMC holding the console; another SMC's is Base + 2 × ID (docs/ipmi.md, "Addresses"). */
  Base = 0x20,
}

export function ipmi(ctx: SmcContext, text: string, reply: Reply, how: number): void {
  // The one answer line (per line, gone after it); "[ERR hh]": a line that
  // is not a message (hh: the console protocol's Err, in hex).
  const say = function (line: string | number) {
    reply.line(typeof line === "number" ? "[ERR " + (ipmiTerm([line]) as string).substr(1, 2) + "]" : line);
    if (how === Ipmb.Via) reply.ok();
    else reply.handOff!();
  };
  if (how > 0) return say(how);
  if (text.substr(0, 5).toUpperCase() === "[SYS ") {
    // Text commands: words between the brackets.
    const w = text.substr(1, text.length - 2).split(" ");
    const op = (w[1] || "").toUpperCase() + " " + (w[2] || "").toUpperCase();
    if (how === Ipmb.Via) return reply.err(Err.UnknownCommand);
    if (op === "TMODE ") return say("[OK TMODE]");
    if (op === "PWD -X") {
      ctx.router.endCall("logout");
      ctx.session.end("logout");
      return say("[OK]");
    }
    if (op === "PWD -U" || op === "PWD -N") {
      const user = op === "PWD -U" ? w[3] || "" : "";
      // AUTH's own check, lockout and chain search: one session for both.
      const r: Reply = {
        line: function () {},
        ok: function () {
          say("[OK]");
        },
        err: say,
      };
      return ctx.auth.auth(user, w[op === "PWD -U" ? 4 : 3] || "", r);
    }
    return say(Err.UnknownCommand);
  }
  // Bridging levels (ipmitool's -t: one, -T with -t: two; docs/ipmi.md,
  // "Bridged requests"): lv[0] the Send Message's terminal header, then
  // each level's IPMB header. Another SMC's line is not unwrapped: a Send
  // Message there is a transit's check (below).
  const lv: number[][] = [];
  const m = ipmiTerm(text, how === Ipmb.Via ? undefined : lv);
  if (typeof m === "number") return say(m < 0x80 ? m : (ipmiTerm([m], lv) as string));
  ctx.session.touch();
  let q = m as number[];
  let r = reply;
  const me = ctx.config.id;
  const d = lv.length - 1;
  // An IPMB address's SMC: 0x20 the one holding the console (not one
  // further on in pass-through wiring), else 0x20 + 2 × ID; -1: none.
  let to = me;
  let tr = me;
  for (let k = 1; k <= d; k++) {
    const sa = lv[k][2];
    // (A transit 0x20 seen further on: the SMC before, 0.)
    const id = sa === Ipmb.Base ? (ctx.config.passFirst === false ? (k < d ? 0 : -1) : me) : (sa - Ipmb.Base) / 2;
    if (id < (k < d ? 0 : 1) || id !== Math.floor(id)) return say(ipmiTerm([0x83], lv.slice(0, k)) as string);
    if (k < d) tr = id;
    else to = id;
  }
  if (how === Ipmb.Via && q[0] >> 2 === 6 && q[2] === 0x34) {
    // A transit's check (two levels, chain wiring): the target lies beyond
    // this SMC when the call's AUTH for it came through here (a connection
    // flag toward it, not toward the head): 00, else 83.
    const id = (q[4] - Ipmb.Base) / 2;
    const via = ctx.router.routes[id];
    return say(ipmiTerm([q[0] | 4, q[1], 0x34, via && via !== ctx.router.up ? 0 : 0x83]) as string);
  }
  if (d > 0) {
    // The answer, wherever it comes from, goes back wrapped in every level
    // (the form ipmitool reads); a refusal as the code of the level that
    // could not deliver it.
    r = {
      line: function (t: string) {
        const a = ipmiTerm(t);
        reply.line(ipmiTerm(typeof a === "number" ? [0xff] : (a as number[]).slice(3), lv) as string);
      },
      ok: function () {
        reply.handOff!();
      },
      err: function (c: number) {
        say(ipmiTerm([c === Err.NotAuthenticated ? 0xd4 : 0x83], lv.slice(0, d)) as string);
      },
    };
    if (to !== me && ctx.relay) {
      // Pass-through: the line goes on to the next SMC as it is, until the
      // target; its answer (already in every level) streams back through.
      // The transit marks it passed: it sends it on in the codec's form.
      if (!ctx.relay.through()) return r.err(Err.NotAuthenticated);
      r.handOff = r.ok;
      return ctx.relay.forward(tr === me && d > 1 ? (ipmiTerm(ipmiTerm(text) as number[]) as string) : text, true, r, false);
    }
    if (to !== me) {
      // Chain wiring: a request under @id's rules (its flag decides); through
      // a transit that is another SMC, first the transit's check.
      ctx.router.touch();
      const inner = ipmiTerm(q) as string;
      if (tr === me) return ctx.router.ask(Op.Request, r, inner, to);
      let cc = 0x83;
      const o = ipmiTerm(text) as number[];
      return ctx.router.ask(
        Op.Request,
        {
          line: function (t: string) {
            const a = ipmiTerm(t);
            if (typeof a !== "number") cc = (a as number[])[3];
          },
          ok: function () {
            if (cc) return say(ipmiTerm([cc], lv.slice(0, 2)) as string);
            ctx.router.ask(Op.Request, r, inner, to);
          },
          err: function (c: number) {
            say(ipmiTerm([c === Err.NotAuthenticated ? 0xd4 : 0x83], lv.slice(0, 1)) as string);
          },
        },
        ipmiTerm([o[5], o[8], o[9]].concat(o.slice(10, o.length - 1))) as string,
        tr,
      );
    }
    // For this SMC through a transit that is another: only if the line
    // passed it (pass-through: in the codec's form); a chain's head is
    // never beyond another SMC.
    if (tr !== me && (!ctx.relay || text.indexOf(" ") < 0)) return say(ipmiTerm([0x83], lv.slice(0, 2)) as string);
  }
  // A command here. `a`: completion code, then data; `tail`: more data, as a string of bytes (the SDR's record).
  let a: number[];
  let tail = "";
  const body = ctx.body;
  const on = body.power() === Power.On;
  const fn = q[0] >> 2;
  const cmd = q[2];
  const n = q.length - 3;
  if (how !== Ipmb.Via && ctx.session.state !== Permission.Granted) a = [0xd4];
  else if (fn === 6 && cmd === 0x01) {
    // Get Device ID: ID, revision, firmware major.minor (BCD), IPMI 2.0,
    // chassis device, no manufacturer or product ID.
    const v = ctx.version.split(".");
    const minor = (parseInt(v[1], 10) | 0) % 100;
    a = [0, ctx.config.id & 255, 1, (parseInt(v[0], 10) | 0) & 127, ((minor / 10) | 0) * 16 + (minor % 10), 0x02, 0x80, 0, 0, 0, 0, 0];
  } else if ((fn === 6 && cmd === 0x04 && refused(ctx, "DIAG", "")) || (fn === 0 && cmd === 0x02 && refused(ctx, "POWER", "ON"))) {
    // Below the role (commands.ts, refused): User = read, Operator, Administrator = admin.
    a = [0xd4];
  } else if (fn === 6 && cmd === 0x04) {
    // Get Self Test Results: DIAG's checks (rare.ts), answered at its
    // final line: 55 all passed; 57 and which failed (storage: the SEL's
    // device, 0x80; a link: the IPMB lines, 0x10; the modem, the watchdog,
    // memory: 0x04, the nearest the specification has).
    let bits = 0;
    const hdr = [q[0] | 4, q[1], cmd];
    const out = function (ok: boolean) {
      const l = ipmiTerm(hdr.concat(ok ? [0, 0x55, 0] : [0, 0x57, bits || 0x04])) as string;
      if (r === reply) return say(l);
      r.line(l);
      r.ok();
    };
    return rareCommand(
      ctx,
      "DIAG",
      [],
      {
        line: function (t: string) {
          if (t.indexOf(" FAIL") < 0) return;
          bits |= t.indexOf("DIAG STORAGE") === 0 ? 0x80 : t.indexOf("DIAG LINK") === 0 ? 0x10 : 0x04;
        },
        ok: function () {
          out(true);
        },
        err: function () {
          out(false);
        },
      },
    );
  } else if (fn === 0 && cmd === 0x01) {
    // Get Chassis Status: power on/off, restore policy unknown (0x60).
    a = [0, 0x60 | (on ? 1 : 0), 0, 0];
  } else if (fn === 0 && cmd === 0x02) {
    // Chassis Control: off, on, cycle, hard reset, (4: diagnostic
    // interrupt: none), soft (a short press). Answered at once, as a BMC
    // does (ipmitool retries after 5 s: a POWER OFF's hold would run
    // twice); power-good is checked after, as POWER does, and a failure
    // logged.
    const c = q[3];
    const t = ctx.config.t;
    const what = c === 0 ? "OFF" : c === 1 ? "ON" : c === 2 ? "CYCLE" : c === 3 ? "RESET" : c === 5 ? "SOFT" : "";
    if (n !== 1) a = [0xc7];
    else if (!what) a = [0xcc];
    else if (!ctx.hal.pins.has(c === 3 ? "reset" : "power")) a = [0xd5];
    else if (body.busy) a = [0xc0];
    else {
      a = [0];
      ctx.log.add(c === 3 ? "RESET" : "POWER", what + " commanded (IPMI)");
      const want = c === 0 ? Power.Off : Power.On;
      const check = function () {
        body.awaitPower(want, function (ok: boolean) {
          if (!ok) ctx.log.add("POWER", what + " failed: power-good " + (body.power() === Power.On ? "ON" : "OFF"));
        });
      };
      // ON and OFF press only when the state differs (a soft button toggles); SOFT only when on.
      if (c === 3) body.press(Act.Reset, function () {});
      else if (c === 2) body.press(Act.Cycle, check);
      else if (c === 5) {
        if (on) body.press(t.pressMs, function () {});
      } else if ((c === 1) !== on) body.press(c === 1 ? t.pressMs : t.holdMs, check);
    }
  } else if (fn === 0 && cmd === 0x04) {
    // Chassis Identify: interval (s; 0 off; none: 15), force on (bit 0:
    // until the call's end). The board's identify output on for that long
    // (the HAL clock), off when it runs out or the session ends (Session.end);
    // a board without the output: C1, as an optional command not there.
    const pins = ctx.hal.pins;
    const force = n > 1 && q[4] & 1;
    const s = n ? q[3] : 15;
    if (n > 2) a = [0xc7];
    else if (!pins.has("identify")) a = [0xc1];
    else {
      a = [0];
      if (ctx.idT && ctx.idT > 0) ctx.hal.clock.cancel(ctx.idT);
      ctx.idT = force ? -1 : s ? ctx.hal.clock.after(function () {
        ctx.idT = 0;
        pins.write("identify", false);
      }, s * 1000) : 0;
      pins.write("identify", !!ctx.idT);
    }
  } else if ((fn === 0x0a && cmd >= 0x20 && cmd <= 0x23) || (fn === 0x04 && (cmd === 0x2d || cmd === 0x27))) {
    // Sensors (docs/ipmi.md, "Sensors"): number and SDR record ID 1 is the
    // board's temperature (signed, 1 C a count); 2.. are the board's inputs
    // in its file's order: analog ones as full records, raw = reading (0..1)
    // × 255 with M, B and exponents from its scale and offset, its range
    // [min, max] as the lower and upper critical thresholds; digital ones as
    // compact records, state 0 ok, 1 alarm.
    const names = ctx.inputs.names;
    const count = names.length + 1;
    let id = fn === 0x04 ? q[3] : q[5] | (q[6] << 8);
    if (fn === 0x0a && id === 0) id = 1;
    if (id === 0xffff) id = count;
    const nm = id === 1 ? "temp" : names[id - 2] || "";
    const d: InputDesc | undefined = id === 1 ? { kind: "analog", unit: "C" } : (ctx.board.inputs || {})[nm];
    const digital = !!d && d.kind === "digital";
    // raw -> value: (M × raw + B × 10^Be) × 10^Re; the temperature's raw is its value.
    const scale = d ? (d.scale === undefined ? 1 : d.scale) : 1;
    const offset = d ? d.offset || 0 : 0;
    let m = id === 1 ? 1 : (scale / 255) * 10000;
    let re = id === 1 ? 0 : -4;
    while (Math.abs(m) > 511) {
      m /= 10;
      re++;
    }
    let b = offset * Math.pow(10, -re);
    let be = 0;
    while (Math.abs(b) > 511) {
      b /= 10;
      be++;
    }
    m = Math.round(m);
    b = Math.round(b);
    // A value in raw counts (the temperature's: a signed byte), clamped.
    const rawOf = function (v: number) {
      const r = id === 1 ? Math.round(v) : Math.round(((v - offset) / scale) * 255);
      return (id === 1 ? Math.max(-128, Math.min(127, r)) : Math.max(0, Math.min(255, r))) & 255;
    };
    if (fn === 0x0a && cmd === 0x20) a = [0, 0x51, count & 255, count >> 8, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0x02];
    else if (cmd === 0x22) a = [0, 1, 0];
    else if (!d || (fn === 0x0a && n !== 6) || (fn === 0x04 && n !== 1)) a = fn === 0x04 ? [0xcb] : n === 6 || cmd !== 0x23 ? [0xcb] : [0xc7];
    else if (cmd === 0x27) {
      // Get Sensor Thresholds: readable mask, then LNC LC LNR UNC UC UNR (the range as the critical ones).
      a = digital ? [0, 0, 0, 0, 0, 0, 0, 0] : [0, (d.min === undefined ? 0 : 0x02) | (d.max === undefined ? 0 : 0x10), 0, d.min === undefined ? 0 : rawOf(d.min), 0, 0, d.max === undefined ? 0 : rawOf(d.max), 0];
    } else if (fn === 0x04) {
      // Get Sensor Reading: reading, scanning on (0x40; 0x20: unavailable), threshold or state bits.
      const rd = id === 1 ? { state: "", text: "" } : ctx.inputs.read(nm)!;
      const v = id === 1 ? ctx.hal.sys.temperature() : ctx.hal.pins.read(nm, true);
      if (digital) a = [0, 0, 0xc0, rd.state === "alarm" ? 0x02 : 0x01];
      else if (v !== v) a = [0, 0, 0x60, 0];
      else a = [0, id === 1 ? rawOf(v) : Math.max(0, Math.min(255, Math.round(v * 255))), 0xc0, rd.state === "low" ? 0x02 : rd.state === "high" ? 0x10 : 0];
    } else {
      // Get SDR: reservation, record ID, offset, bytes (0xFF: all).
      const st = digital ? (nm.toLowerCase().indexOf("fan") >= 0 ? 0x04 : 0x05) : d.unit === "C" ? 0x01 : d.unit === "V" ? 0x02 : 0x00;
      const unit = d.unit === "C" ? 1 : d.unit === "V" ? 4 : 0;
      // The record as a string of bytes, not an array: each element of an
      // array is a variable of a board, and this record (up to 64 bytes)
      // was the worst moment of an ipmitool session (docs/bench.md, "Lazy
      // loading"); its answer's bytes are written after the header below.
      const C = String.fromCharCode;
      let r = C(id & 255, id >> 8, 0x51, digital ? 0x02 : 0x01, 0, 0x20, 0, id & 255, 0x07, 1, 0x7f, 0x68, st, digital ? 0x03 : 0x01);
      if (digital) r += C(3, 0, 3, 0, 3, 0, 0xc0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0);
      else {
        const lo = d.min === undefined ? 0 : rawOf(d.min);
        const hi = d.max === undefined ? 0 : rawOf(d.max);
        const mask = (d.min === undefined ? 0 : 0x02) | (d.max === undefined ? 0 : 0x10);
        // Masks: assertions/deassertions of the readable thresholds; readable thresholds; units (2's complement for the temperature).
        r += C((mask & 2 ? 0x04 : 0) | 0, mask & 0x10 ? 0x02 : 0, (mask & 2 ? 0x04 : 0) | 0, mask & 0x10 ? 0x02 : 0, mask, 0, id === 1 ? 0x80 : 0, unit, 0, 0);
        r += C(m & 255, (m >> 2) & 0xc0, b & 255, (b >> 2) & 0xc0, 0, ((re & 15) << 4) | (be & 15), 0, 0, 0, 0, id === 1 ? 0x7f : 255, id === 1 ? 0x80 : 0, 0, hi, 0, 0, lo, 0, 0, 0, 0, 0, 0);
      }
      const name = nm.substr(0, 16);
      r += C(0xc0 | name.length) + name;
      // Byte 4: the length of what follows the header.
      r = r.substr(0, 4) + C(r.length - 5) + r.substr(5);
      const from = q[7];
      const len = q[8] === 0xff ? r.length - from : q[8];
      const next = id >= count ? 0xffff : id + 1;
      if (from + len > r.length) a = [0xca];
      else {
        a = [0, next & 255, next >> 8];
        tail = r.substr(from, len);
      }
    }
  } else if (fn === 0x0a && cmd >= 0x40 && cmd <= 0x49) {
    // The event log as the SEL (docs/ipmi.md, "SEL"): record IDs are the
    // log's record numbers, timestamps the wall clock once it is known
    // (TIME, Set SEL Time, a neighbour's heartbeat), seconds since boot
    // before ("Pre-Init" to ipmitool), each record a system event whose
    // sensor type and offset tell its kind.
    const log = ctx.log;
    const store = ctx.hal.store;
    const newest = log.seq;
    // The oldest kept record's number starts its text (log/eventLog.ts).
    const oldest = newest ? parseInt(store.records(LOG_FILE, 0, 1)[0], 10) || 1 : 0;
    const up = log.time() || Math.floor((ctx.hal.clock.now() - ctx.startedAt) / 1000);
    const kept = newest ? newest - oldest + 1 : 0;
    if (cmd === 0x40) a = [0, 0x51, kept & 255, (kept >> 8) & 255, 0xff, 0xff, up & 255, (up >> 8) & 255, (up >> 16) & 255, up >>> 24, 0, 0, 0, 0, 0x02];
    else if (cmd === 0x42) a = [0, 1, 0];
    else if (cmd === 0x48) a = [0, up & 255, (up >> 8) & 255, (up >> 16) & 255, up >>> 24];
    else if (cmd === 0x49) {
      // Set SEL Time: four bytes, least significant first; a time from boot (below 0x20000000) is no wall clock.
      const t = (q[3] | (q[4] << 8) | (q[5] << 16) | (q[6] << 24)) >>> 0;
      if (n !== 4) a = [0xc7];
      else if (t < 0x20000000) a = [0xcc];
      else {
        // Logged with the step when it moves the clock, as TIME is (log/eventLog.ts).
        log.time(t, 0, "set by IPMI");
        a = [0];
      }
    } else if (cmd === 0x47) {
      // Clear SEL: reservation, "CLR", 0xAA to erase (0: its status); admin only, as LOG CLEAR.
      if (n !== 6 || q[5] !== 0x43 || q[6] !== 0x4c || q[7] !== 0x52) a = [0xcc];
      else if (refused(ctx, "LOG", "CLEAR")) a = [0xd4];
      else {
        if (q[8] === 0xaa) log.clear();
        a = [0, 1];
      }
    } else if (cmd === 0x43 && n === 6) {
      // Get SEL Entry: reservation, record ID (0: first, 0xFFFF: last), offset, bytes (0xFF: all).
      let id = q[5] | (q[6] << 8);
      id = id === 0 ? oldest : id === 0xffff ? newest : id;
      const rec = newest && id >= oldest && id <= newest ? store.records(LOG_FILE, id - 1, 1)[0] : "";
      if (!rec) a = [0xcb];
      else {
        // "<n> <ms>[@<unix s>] <CODE> <text>": the wall time, else the uptime;
        // the code's sensor type and offset, else System Event, "entry added to auxiliary log".
        const w = rec.split(" ");
        const at = w[1].indexOf("@");
        const ts = at > 0 ? parseInt(w[1].substr(at + 1), 10) : Math.floor((parseInt(w[1], 10) | 0) / 1000);
        const TYPES = "|POWER:0900|RESET:1D01|BOOT:1D00|AUTH:2A00|LOGOUT:2A01|AUTHFAIL:2A02|WATCHDOG:2300|";
        // (Espruino's indexOf finds a key running past the end: only a whole match counts.)
        const key = "|" + w[2] + ":";
        let k = TYPES.indexOf(key);
        if (TYPES.substr(k, key.length) !== key) k = -1;
        const st = k >= 0 ? parseInt(TYPES.substr(k + w[2].length + 2, 2), 16) : 0x12;
        const off = k >= 0 ? parseInt(TYPES.substr(k + w[2].length + 4, 2), 16) : 0x03;
        const next = id >= newest ? 0xffff : id + 1;
        const r = [id & 255, (id >> 8) & 255, 0x02, ts & 255, (ts >> 8) & 255, (ts >> 16) & 255, ts >>> 24, 0x20, 0, 0x04, st, 1, 0x6f, off, 0xff, 0xff];
        const from = q[7];
        const len = q[8] === 0xff ? 16 : q[8];
        if (from + len > 16) a = [0xca];
        else {
          // In place, as the SDR's record.
          r.splice(from + len, 16);
          r.splice(0, from);
          r.unshift(0, next & 255, next >> 8);
          a = r;
        }
      }
    } else a = [0xc1];
  } else a = [0xc1];
  // The header before the answer in place (no copy of a record's bytes).
  a.unshift(q[0] | 4, q[1], cmd);
  let line = ipmiTerm(a) as string;
  if (tail) {
    // ipmiTerm's form for each byte: " " and two upper-case hex digits.
    let hx = "";
    for (let i = 0; i < tail.length; i++) {
      const c = tail.charCodeAt(i);
      hx += (c < 16 ? " 0" : " ") + c.toString(16).toUpperCase();
    }
    line = line.substr(0, line.length - 1) + hx + "]";
  }
  if (r === reply) return say(line);
  r.line(line);
  r.ok();
}
