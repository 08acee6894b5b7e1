// The pass-through relay (firmware/passthrough/relay.ts) against a fake
// cable and pins on the virtual clock: it passes a command on as one line,
// drops the next SMC's echo of it, and ends the console's command only when
// the answer's final line has passed, whatever the chunking.
import { describe, expect, it } from "vitest";
import { Pass, passThroughRelay } from "../firmware/passthrough";
import type { Clock, Pins, Uart } from "../firmware/hal/types";
import { VirtualClock } from "../host/sim/clock";

function rig() {
  const vc = new VirtualClock();
  const clock: Clock = {
    now: () => vc.now(),
    after: (fn, ms) => vc.setTimeout(fn, ms),
    cancel: (id) => vc.clearTimeout(id),
    every: (fn, ms) => vc.setInterval(fn, ms),
  };
  let receive: (b: string) => void = () => undefined;
  const sent: string[] = [];
  const uart: Uart = { setup: () => undefined, write: (b) => void sent.push(b), onData: (r) => void (receive = r) };
  const levels: Record<string, boolean> = { ptDtr: true };
  const pins: Pins = {
    write: (p, h) => void (levels[p] = h),
    pulse: () => undefined,
    read: ((p: string, analog?: boolean) => (analog ? NaN : !!levels[p])) as Pins["read"],
    watch: () => 0,
    has: () => true,
  };
  const out = { caller: "", authed: [] as number[], log: [] as string[], ends: [] as string[] };
  const relay = passThroughRelay(uart, pins, clock, {
    config: { id: 1, passNext: true, t: { requestMs: 5000 } },
    authWaitMs: 256000,
    // authed: the granting ID, 0 for a refusal further on.
    call: (ev, n) => void (ev === Pass.HungUp ? undefined : out.authed.push(ev === Pass.Granted ? n : 0)),
    log: { add: (c, t) => void out.log.push(c + " " + t), time: () => 0 },
  }, 9600, { write: (b) => void (out.caller += b) });
  const reply = {
    line: (t: string) => void out.ends.push("line " + t),
    ok: () => void out.ends.push("ok"),
    err: (c: number) => void out.ends.push("err " + c),
    handOff: () => void out.ends.push("handOff"),
  };
  /** Rings, and answers as the next SMC's driver does. */
  const connect = (line: string, typed: boolean, auth: boolean) => {
    relay.forward(line, typed, reply, auth);
    expect(sent.join("")).toContain("RING");
    receive("ATA\r");
    vc.advance(200);
    expect(relay.through()).toBe(true);
    expect(sent[sent.length - 1]).toBe(line + "\r");
  };
  return { vc, relay, receive: (b: string) => receive(b), sent, out, reply, connect, levels };
}

describe("the pass-through relay", () => {
  it("drops the next SMC's echo, passes its answer unchanged, and ends the command at the final line, in any chunking", () => {
    const answer = "AUTH admin ****\r\nID 3\r\nOK\r\n";
    for (const size of [1, 2, 5, answer.length]) {
      const r = rig();
      r.connect("AUTH admin pw-3", true, true);
      for (let i = 0; i < answer.length; i += size) {
        expect(r.out.ends, `chunks of ${size}`).toEqual([]);
        r.receive(answer.substr(i, size));
      }
      expect(r.out.caller).toBe("ID 3\r\nOK\r\n");
      expect(r.out.ends).toEqual(["handOff"]);
      expect(r.out.authed).toEqual([3]);
    }
  });

  it("reads a framed answer the same way, and an ERR 7 to an AUTH as a refusal", () => {
    const r = rig();
    r.connect("!4 AUTH admin x*1234", false, true);
    r.receive("!4 ERR 7 authentication failed*ABCD\r\n");
    expect(r.out.ends).toEqual(["handOff"]);
    expect(r.out.authed).toEqual([0]);
    r.relay.forward("!5 @3 STATUS*1234", false, r.reply, false);
    r.receive("!5 ID 3*AAAA\r\n!5 POWER OFF*BBBB\r\n");
    expect(r.out.ends).toEqual(["handOff"]);
    r.receive("!5 OK*CCCC\r\n");
    expect(r.out.ends).toEqual(["handOff", "handOff"]);
    // ID lines of answers to other commands say nothing about who granted what.
    expect(r.out.authed).toEqual([0]);
  });

  it("an answer that stops short gets ERR 10 after requestMs of silence, once", () => {
    const r = rig();
    r.connect("@3 POWER CYCLE", true, false);
    r.receive("@3 POWER CYCLE\r\n");
    r.vc.advance(4000);
    r.receive("POW");
    r.vc.advance(4999);
    expect(r.out.ends).toEqual([]);
    r.vc.advance(1);
    expect(r.out.ends).toEqual(["err 10"]);
    expect(r.out.log).toContain("PASS next SMC did not answer a command");
    r.receive("ER OFF\r\nOK\r\n");
    r.vc.advance(10000);
    expect(r.out.ends).toEqual(["err 10"]);
    expect(r.out.caller).toBe("POWER OFF\r\nOK\r\n");
  });

  it("a line longer than the tail it keeps is data, not a final line", () => {
    const r = rig();
    r.connect("@3 LOG", true, false);
    r.receive("@3 LOG\r\n" + "x".repeat(300) + "OK");
    r.receive("\r\n");
    expect(r.out.ends).toEqual([]);
    r.receive("OK\r\n");
    expect(r.out.ends).toEqual(["handOff"]);
  });

  it("the call ending between the next SMC's ATA and CONNECT leaves it without carrier: no CONNECT comes later", () => {
    const r = rig();
    r.relay.forward("AUTH admin pw-3", true, r.reply, true);
    r.receive("ATA\r");
    r.vc.advance(50);
    r.relay.end();
    expect(r.out.ends).toEqual(["handOff"]);
    const sentBefore = r.sent.length;
    r.vc.advance(10000);
    expect(r.relay.through()).toBe(false);
    expect(r.sent.slice(sentBefore).join("")).not.toContain("CONNECT");
    expect(r.levels.ptDcd).toBe(false);
  });

  it("an ATH between ATA and CONNECT is obeyed: no CONNECT comes later", () => {
    const r = rig();
    r.relay.forward("AUTH admin pw-3", true, r.reply, true);
    r.receive("ATA\r");
    r.receive("ATH\r");
    r.vc.advance(10000);
    expect(r.relay.through()).toBe(false);
    expect(r.sent.join("")).not.toContain("CONNECT");
    // The line is answered as one that rang unanswered.
    expect(r.out.ends).toEqual(["err 10"]);
    // The same for an ATH to a ring, at once, not never.
    const q = rig();
    q.relay.forward("AUTH admin pw-3", true, q.reply, true);
    q.receive("ATH\r");
    expect(q.out.ends).toEqual(["err 10"]);
    q.vc.advance(10000);
    expect(q.out.ends).toEqual(["err 10"]);
    expect(q.sent.join("").split("RING").length - 1).toBe(1);
  });

  it("the call ending while a command waits ends the command too, without a line", () => {
    const r = rig();
    r.connect("@3 STATUS", true, false);
    r.relay.end();
    expect(r.out.ends).toEqual(["handOff"]);
    expect(r.relay.through()).toBe(false);
    r.vc.advance(10000);
    expect(r.out.ends).toEqual(["handOff"]);
  });
});
