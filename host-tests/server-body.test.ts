// The server body (firmware/server/body.ts) on its own, against fake pins
// and a fake clock: the pulses of RESET, POWER and POWER CYCLE with their
// exact timing, the busy flag, the commanded window of the power-good and
// reset-sense records, and that nothing of an action is kept after it.
import { describe, expect, it } from "vitest";
import { Act, ServerBody } from "../firmware/server";
import type { Pins } from "../firmware/hal/types";
import { FakeClock } from "./support/fakeClock";
import { defaultConfig } from "../firmware/config";

function rig(wired = ["reset", "power", "powerGood", "resetSense"]) {
  const clock = new FakeClock("the body");
  const trace: string[] = [];
  const levels: { [role: string]: boolean } = {};
  const handlers: { [role: string]: (high: boolean) => void } = {};
  const pins: Pins = {
    write: (role, high) => {
      levels[role] = high;
      trace.push(`${clock.t} ${role}=${high ? 1 : 0}`);
    },
    pulse: (role, high, ms, done) => {
      pins.write(role, high);
      clock.after(() => {
        pins.write(role, !high);
        if (done) done();
      }, ms);
    },
    read: ((role: string, analog?: boolean) => (analog ? NaN : !!levels[role])) as Pins["read"],
    watch: (role, _edge, _debounce, handler) => {
      handlers[role] = handler;
      return 1;
    },
    unwatch: () => undefined,
    has: (role) => wired.includes(role),
  } as Pins;
  const log: string[] = [];
  const t = defaultConfig().t;
  const body = new ServerBody(pins, clock, t, { add: (code: string, text: string) => log.push(`${clock.t} ${code} ${text}`) });
  trace.splice(0);
  return { clock, trace, levels, handlers, log, body, t };
}

describe("the server body", () => {
  it("RESET: one pulse of t.resetMs; busy until it ends; done once, after it", () => {
    const r = rig();
    let done = 0;
    r.body.press(Act.Reset, () => done++);
    expect(r.body.busy).toBe(true);
    r.clock.advance(r.t.resetMs - 1);
    expect(done).toBe(0);
    r.clock.advance(1);
    expect(r.trace).toEqual(["0 reset=1", "200 reset=0"]);
    expect(done).toBe(1);
    expect(r.body.busy).toBe(false);
    r.clock.advance(60000);
    expect(done).toBe(1);
  });

  it("POWER CYCLE of a server that is off: one press, as POWER ON, not a hold that would switch it on and off", () => {
    const r = rig();
    let done = 0;
    r.body.press(Act.Cycle, () => done++);
    expect(r.body.busy).toBe(true);
    r.clock.advance(r.t.pressMs);
    expect(r.trace).toEqual(["0 power=1", "300 power=0"]);
    expect(done).toBe(1);
    expect(r.body.busy).toBe(false);
    r.clock.advance(r.t.holdMs + r.t.cycleGapMs + r.t.pressMs);
    expect(r.trace.length).toBe(2);
    expect(done).toBe(1);
  });

  it("POWER CYCLE: the hold, the gap, then the press; done after the press", () => {
    const r = rig();
    r.levels.powerGood = true;
    let done = 0;
    r.body.press(Act.Cycle, () => done++);
    r.clock.advance(r.t.holdMs + r.t.cycleGapMs + r.t.pressMs - 1);
    expect(done).toBe(0);
    expect(r.body.busy).toBe(true);
    r.clock.advance(1);
    expect(r.trace).toEqual(["0 power=1", "5000 power=0", "8000 power=1", "8300 power=0"]);
    expect(done).toBe(1);
    expect(r.body.busy).toBe(false);
  });

  it("an action's callback is not kept once it ran (it would hold its command's reply)", () => {
    const r = rig();
    const done = () => undefined;
    r.body.press(300, done);
    r.clock.advance(300);
    expect(Object.values(r.body).includes(done)).toBe(false);
  });

  it("power-good and reset-sense changes say whether a command caused them", () => {
    const r = rig();
    r.clock.advance(1);
    r.handlers.powerGood(true);
    r.handlers.resetSense(true);
    r.body.press(300, () => undefined);
    r.clock.advance(999);
    r.handlers.powerGood(false);
    r.handlers.resetSense(true);
    const window = r.t.holdMs + r.t.cycleGapMs + r.t.pressMs + r.t.powerGoodMs;
    r.clock.advance(window);
    r.handlers.powerGood(true);
    expect(r.log).toEqual([
      "1 POWER server on (not commanded)",
      "1 RESET observed (not commanded)",
      "1000 POWER server off",
      `${1000 + window} POWER server on (not commanded)`,
    ]);
  });

  it("awaitPower polls power-good until it shows the state or t.powerGoodMs has passed", () => {
    const r = rig();
    const got: string[] = [];
    r.body.awaitPower(1, (ok) => got.push(`${r.clock.t} ${ok}`));
    r.clock.advance(120);
    r.levels.powerGood = true;
    r.clock.advance(100);
    r.body.awaitPower(0, (ok) => got.push(`${r.clock.t} ${ok}`));
    r.clock.advance(r.t.powerGoodMs + 100);
    expect(got).toEqual(["150 true", "5220 false"]);
  });

  it("no reset-sense wire: no watch on it", () => {
    const r = rig(["reset", "power", "powerGood"]);
    expect(Object.keys(r.handlers)).toEqual(["powerGood"]);
  });
});
