// The modem's chat engine (firmware/modem/chat.ts) on its own, against a
// fake UART and a fake clock: what it sends, when, and what it reports for
// each script step, result line and time-out.
import { describe, expect, it } from "vitest";
import { ChatEngine, Ev } from "../firmware/modem";
import type { ResultLine } from "../firmware/modem";
import type { Uart } from "../firmware/hal/types";
import { FakeClock } from "./support/fakeClock";

const T = { modemCmdMs: 2000, carrierWaitMs: 50000, guardMs: 1000 };

class FakeUart implements Uart {
  sent = "";
  receiver?: (bytes: string) => void;
  setup(): void {}
  write(bytes: string): void {
    this.sent += bytes;
  }
  onData(r: (bytes: string) => void): void {
    this.receiver = r;
  }
}

function rig() {
  const clock = new FakeClock("the engine");
  const uart = new FakeUart();
  const events: string[] = [];
  const host = {
    garbage: 0,
    on(e: Ev, r: ResultLine | undefined, text: string) {
      const name = ["Done", "Fail", "Ring", "Data", "Timer", "Carrier"][e];
      events.push(`${clock.t} ${name}` + (r ? ` ${r.code}/${r.rate}` : "") + (text ? ` ${JSON.stringify(text)}` : ""));
    },
  };
  const chat = new ChatEngine(uart, clock, T, host);
  uart.onData(chat.k);
  const modem = (bytes: string) => uart.receiver!(bytes);
  return { clock, uart, chat, host, events, modem };
}

// Result codes as numbers (firmware/modem/results.ts): Ok 1, Connect 2, Ring 3, NoCarrier 4, Error 5.
describe("the modem's chat engine", () => {
  it("runs a script step by step: each command sent once the one before has its OK; Done with the last result", () => {
    const r = rig();
    r.chat.run(["ATZ", "ATE0"]);
    expect(r.uart.sent).toBe("ATZ\r");
    r.clock.advance(300);
    r.modem("ATZ\r\r\nOK\r\n");
    expect(r.uart.sent).toBe("ATZ\rATE0\r");
    expect(r.events).toEqual([]);
    r.modem("\r\nOK\r\n");
    expect(r.events).toEqual(['300 Done 1/0 "ATE0"']);
    // The echo is expected, not noise; nothing is pending afterwards.
    expect(r.host.garbage).toBe(0);
    expect(r.clock.pending()).toBe(0);
  });

  it("a step answered ERROR (or any other result code) fails with that result and the step; nothing more is sent", () => {
    const r = rig();
    r.chat.run(["ATZ", "ATS2=128", "AT&W"]);
    r.modem("OK\r\n");
    r.modem("ERROR\r\n");
    expect(r.events).toEqual(['0 Fail 5/0 "ATS2=128"']);
    r.clock.advance(10000);
    r.modem("OK\r\n");
    expect(r.uart.sent).toBe("ATZ\rATS2=128\r");
    expect(r.events.length).toBe(1);
    const n = rig();
    n.chat.run(["ATZ"]);
    n.modem("NO CARRIER\r\n");
    expect(n.events).toEqual(['0 Fail 4/0 "ATZ"']);
  });

  it("a step with no answer fails at t.modemCmdMs, not before", () => {
    const r = rig();
    r.chat.run(["ATZ"]);
    r.clock.advance(1999);
    expect(r.events).toEqual([]);
    r.clock.advance(1);
    expect(r.events).toEqual(['2000 Fail "ATZ"']);
    // A late OK changes nothing.
    r.modem("OK\r\n");
    expect(r.events.length).toBe(1);
  });

  it('"2AT" is sent again when its first send fails, and fails after the second', () => {
    const r = rig();
    r.chat.run(["2AT"]);
    expect(r.uart.sent).toBe("AT\r");
    r.clock.advance(2000);
    expect(r.uart.sent).toBe("AT\rAT\r");
    expect(r.events).toEqual([]);
    r.modem("ERROR\r\n");
    expect(r.events).toEqual(['2000 Fail 5/0 "2AT"']);
    expect(r.uart.sent).toBe("AT\rAT\r");
    const ok = rig();
    ok.chat.run(["3AT"]);
    ok.modem("NO CARRIER\r\n");
    ok.modem("ERROR\r\n");
    ok.modem("OK\r\n");
    expect(ok.uart.sent).toBe("AT\rAT\rAT\r");
    expect(ok.events).toEqual(['0 Done 1/0 "3AT"']);
  });

  it('"cATA" waits for CONNECT up to the carrier wait + 5 s, then hands the call\'s bytes on unparsed', () => {
    const r = rig();
    r.chat.run(["cATA"]);
    expect(r.uart.sent).toBe("ATA\r");
    r.clock.advance(54999);
    expect(r.events).toEqual([]);
    // CONNECT's LF in the next chunk is CONNECT's; after that, everything is the call's.
    r.modem("\r\nCONNECT 33600/ARQ\r");
    r.modem("\nAU");
    r.modem("\nTH x\r\nNO CARRIER\r\nOK\r\n");
    expect(r.events).toEqual(['54999 Done 2/33600 "cATA"', '54999 Data "AU"', '54999 Data "\\nTH x\\r\\nNO CARRIER\\r\\nOK\\r\\n"']);
    // The caller's first bytes may come in CONNECT's own chunk.
    const same = rig();
    same.chat.run(["cATA"]);
    same.modem("CONNECT 9600\r\nAUTH");
    expect(same.events).toEqual(['0 Done 2/9600 "cATA"', '0 Data "AUTH"']);
    // Data mode has no timer of its own.
    expect(r.clock.pending()).toBe(0);
    const late = rig();
    late.chat.run(["cATA"]);
    late.clock.advance(55000);
    expect(late.events).toEqual(['55000 Fail "cATA"']);
    const nc = rig();
    nc.chat.run(["cATA"]);
    nc.modem("NO CARRIER\r\n");
    expect(nc.events).toEqual(['0 Fail 4/0 "cATA"']);
  });

  it('"+++" is sent after the guard time without CR; whatever comes, or nothing within the guard + t.modemCmdMs, advances', () => {
    const r = rig();
    r.chat.run(["+++", "ATH0"]);
    r.clock.advance(999);
    expect(r.uart.sent).toBe("");
    r.clock.advance(1);
    expect(r.uart.sent).toBe("+++");
    r.clock.advance(2999);
    expect(r.uart.sent).toBe("+++");
    r.clock.advance(1);
    expect(r.uart.sent).toBe("+++ATH0\r");
    r.modem("OK\r\n");
    expect(r.events).toEqual(['4000 Done 1/0 "ATH0"']);
    const e = rig();
    e.chat.run(["+++", "ATH0"]);
    e.clock.advance(1500);
    e.modem("ERROR\r\n");
    expect(e.uart.sent).toBe("+++ATH0\r");
    e.clock.advance(2000);
    expect(e.events).toEqual(['3500 Fail "ATH0"']);
  });

  it("RING is reported and never taken for a step's answer; noise is counted, never an answer; lines are bounded", () => {
    const r = rig();
    r.chat.run(["ATZ"]);
    r.modem("RI");
    r.modem("NG\r\nRINGO\r\n\x00\xff#\r\nCONNECTED 2\r\n-1\r\n" + "T".repeat(500) + "\r\n");
    expect(r.events).toEqual(['0 Ring 3/0 "RING"']);
    expect(r.host.garbage).toBe(5);
    // Control bytes inside a line are dropped, not kept.
    r.modem("O\x07K\r\n");
    expect(r.events).toEqual(['0 Ring 3/0 "RING"', '0 Done 1/0 "ATZ"']);
    // With no script, result codes are not events, except RING.
    r.modem("OK\r\nERROR\r\n2\r\n");
    expect(r.events).toEqual(['0 Ring 3/0 "RING"', '0 Done 1/0 "ATZ"', '0 Ring 3/0 "2"']);
  });

  it("run(ms) is the host's one timer; a script or run(null) replaces it; the pulse callback k reports Timer", () => {
    const r = rig();
    r.chat.run(60000);
    r.clock.advance(60000);
    expect(r.events).toEqual(["60000 Timer"]);
    r.chat.run(1000);
    r.chat.run(["AT"]);
    r.modem("OK\r\n");
    r.clock.advance(5000);
    expect(r.events).toEqual(["60000 Timer", '60000 Done 1/0 "AT"']);
    r.chat.run(1000);
    r.chat.run(null);
    r.clock.advance(5000);
    expect(r.events.length).toBe(2);
    r.chat.k();
    expect(r.events[2]).toBe("70000 Timer");
    expect(r.clock.pending()).toBe(0);
  });

  it("run(null) ends data mode: the modem's lines are parsed again", () => {
    const r = rig();
    r.chat.run(["cATA"]);
    r.modem("CONNECT\r\n");
    r.modem("RING\r\n");
    r.chat.run(null);
    r.modem("RING\r\n");
    expect(r.events).toEqual(['0 Done 2/0 "cATA"', '0 Data "RING\\r\\n"', '0 Ring 3/0 "RING"']);
  });

  it("k is also the pins' watch handler: RI rising (true) is Ring, DCD falling (false) is Carrier, in any state", () => {
    const r = rig();
    r.chat.k(true);
    r.chat.run(["cATA"]);
    r.chat.k(false);
    r.modem("CONNECT\r\n");
    r.chat.k(false);
    expect(r.events).toEqual(["0 Ring", "0 Carrier", '0 Done 2/0 "cATA"', "0 Carrier"]);
    expect(r.uart.sent).toBe("ATA\r");
  });

  it("an empty script is done at once (a modemInit of no commands)", () => {
    const r = rig();
    r.chat.run([]);
    expect(r.events).toEqual(["0 Done"]);
    expect(r.uart.sent).toBe("");
  });
});
