// guessesPerHour (docs/bench.md): the most passwords a caller tries in one
// hour on the simulated site, measured by running an attacker against it on
// the virtual clock (an hour runs in seconds), not computed from the policy.
//
// The site: a chain of three SMCs, the primary modem on SMC 1 (answering at
// ring 2), a backup modem on SMC 2 (ring 4, primaryId 1), the firmware's
// default timings. The attacker uses every trick there is:
// - the next guess as soon as the answer to the last one is in;
// - refused (ERR 8): asks again every second, and once the call is hung up
//   (its authTries) dials again at once;
// - both AUTH forms in turn: plain `AUTH admin <password>` and `CHAL`, then
//   `AUTH HMAC admin <proof>`;
// - `@2 AUTH ...`, an AUTH addressed to another SMC, every tenth try;
// - the backup modem: in the "primary dies" run SMC 1 is powered off a third
//   of the way in, so the line rings on until the backup answers.
// A guess is an AUTH whose credentials an SMC checked: answered ERR 7,
// ERR 10 or ID (none can be: the passwords are random). ERR 8 (locked out)
// and ERR 2 (an AUTH with @id) are not.
import { readFileSync } from "node:fs";
import { bundlePath, loadBoard } from "../dut/virtualDut";
import { Site, SITE_NUMBER } from "../sim/site";

export const HOUR_MS = 3600000;

export interface GuessingRun {
  /** Guesses checked in the hour (those whose answer never came included). */
  guesses: number;
  unanswered: number;
  /** AUTHs refused (ERR 8), addressed ones refused (ERR 2), calls answered. */
  refused: number;
  addressed: number;
  calls: number;
  /** The backup modem's SMC answered this many of them. */
  backupCalls: number;
  /** Virtual ms of each guess, from the hour's start. */
  at: number[];
}

export interface Guessing {
  /** The most of the runs: the figure. */
  guessesPerHour: number;
  runs: { primaryAlive: GuessingRun; primaryDies: GuessingRun };
}

const FINAL = /(^|\r\n)(OK|ERR \d+[^\r]*)\r\n$/;

function hex(n: number, rnd: () => number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += "0123456789abcdef".charAt(Math.floor(rnd() * 16));
  return s;
}

/** One hour of guessing; `kill`: when (ms into the hour) SMC 1 is powered off, if ever. */
export function attack(backend: "ts" | "emu", kill?: number): GuessingRun {
  const board = loadBoard("linux");
  const firmware = backend === "ts" ? ({ kind: "ts" } as const) : ({ kind: "bundle", code: readFileSync(bundlePath("linux"), "utf8") } as const);
  const site = new Site({ size: 3, ring: false, board, firmware, modems: { units: [0, 1] }, answerRings: [2, 4], primaryId: [0, 1] });
  site.powerOn();
  const clock = site.clock;
  const term = site.terminal;
  if (!clock.runUntil(() => site.units.every((u) => u.hw.console.output.includes("BOOT")), 20000)) throw new Error("the site did not boot");
  clock.advance(5000);
  const start = clock.now();
  const end = start + HOUR_MS;
  const run: GuessingRun = { guesses: 0, unanswered: 0, refused: 0, addressed: 0, calls: 0, backupCalls: 0, at: [] };
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  let killed = false;
  let up = false;
  let tries = 0;
  /** Writes a line; the final line of its answer, or undefined when the call dropped or the hour ended. */
  const say = (line: string): string | undefined => {
    term.clear();
    term.write(line + "\r");
    let final: string | undefined;
    clock.runUntil(() => {
      const m = FINAL.exec(term.text);
      if (m) final = m[2];
      return !!m || term.text.includes("NO CARRIER") || clock.now() >= end;
    }, 600000);
    if (!final) up = false;
    return final;
  };
  while (clock.now() < end) {
    if (kill !== undefined && !killed && clock.now() - start >= kill) {
      killed = true;
      site.units[0].powerOff();
    }
    if (!up) {
      term.clear();
      term.write(`ATDT${SITE_NUMBER}\r`);
      clock.runUntil(() => /CONNECT[^\r]*\r\n$/.test(term.text) || /NO (CARRIER|ANSWER)|BUSY/.test(term.text) || clock.now() >= end, 180000);
      if (!/CONNECT/.test(term.text)) continue;
      up = true;
      run.calls++;
      if (site.modems.get(1)!.answeredAtRing) {
        run.backupCalls++;
        site.modems.get(1)!.answeredAtRing = 0;
      }
    }
    tries++;
    let answer: string | undefined;
    if (tries % 10 === 0) {
      answer = say(`@2 AUTH admin g${tries}`);
      if (answer && answer.startsWith("ERR 2")) {
        run.addressed++;
        continue;
      }
    } else if (tries % 2) {
      answer = say(`AUTH admin g${tries}-${hex(8, rnd)}`);
    } else {
      const chal = say("CHAL");
      if (!chal) continue;
      answer = say(`AUTH HMAC admin ${hex(64, rnd)}`);
    }
    // No answer: the call dropped while the answer waited (the no-AUTH
    // timer ends a call a long wait holds), or the hour ended. Counted as a
    // guess: the SMC may have checked it (an upper bound).
    if (answer === undefined) {
      run.guesses++;
      run.unanswered++;
      run.at.push(clock.now() - start);
      continue;
    }
    if (answer.startsWith("ERR 8")) {
      run.refused++;
      // Locked: ask again in a second (a call hung up is dialled again at once).
      clock.runUntil(() => term.text.includes("NO CARRIER"), 1000);
      if (term.text.includes("NO CARRIER")) up = false;
      continue;
    }
    if (/^(OK|ERR 7|ERR 10)/.test(answer)) {
      run.guesses++;
      run.at.push(clock.now() - start);
    }
  }
  for (const u of site.units) u.powerOff();
  return run;
}

/** Both runs; the figure is the larger. */
export function guessesPerHour(backend: "ts" | "emu" = "ts"): Guessing {
  const primaryAlive = attack(backend);
  const primaryDies = attack(backend, HOUR_MS / 3);
  return { guessesPerHour: Math.max(primaryAlive.guesses, primaryDies.guesses), runs: { primaryAlive, primaryDies } };
}
