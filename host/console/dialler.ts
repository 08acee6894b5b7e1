// Drives the local Hayes modem: wakes it with AT, sends the init commands
// one by one, dials, and reads the result code. Result codes are read
// verbal or numeric (V0), and echo (E1) and RING lines are skipped.
import { cancel, ConsoleClock, sleep } from "./clock";
import { DialError, DialResult } from "./errors";

export interface DialOptions {
  number: string;
  /**
   * Init commands, each answered OK. The default is what every Hayes modem
   * and the simulated one accept: reset to the stored profile, then no echo,
   * verbal results, results on, DCD follows carrier, DTR drop hangs up.
   */
  init?: string[];
  /** "T" (tone, default) or "P" (pulse). */
  mode?: "T" | "P";
  /** Time for CONNECT or another result after ATD (default 60 s: S7 is 50 s on most modems). */
  connectMs?: number;
}

export const DEFAULT_INIT = ["ATZ", "ATE0V1Q0&C1&D2"];

const NUMERIC: Record<string, string> = { "0": "OK", "1": "CONNECT", "2": "RING", "3": "NO CARRIER", "4": "ERROR", "6": "NO DIALTONE", "7": "BUSY", "8": "NO ANSWER" };

/** A line source the dialler reads from: it is handed every line while it runs. */
export interface LineSource {
  write(bytes: string): void;
  /** Sets where lines go; undefined gives them back to the caller. */
  take(handler: ((line: string) => void) | undefined): void;
}

export interface DialProgress {
  (what: string): void;
}

/** Normalises a modem line to its verbal result word(s), or undefined for other lines. */
function result(line: string): string | undefined {
  const t = line.trim();
  if (NUMERIC[t]) return NUMERIC[t];
  if (/^CONNECT\b/.test(t)) return t;
  if (/^(OK|ERROR|NO CARRIER|NO DIALTONE|NO DIAL TONE|BUSY|NO ANSWER|RING)$/.test(t)) return t === "NO DIAL TONE" ? "NO DIALTONE" : t;
  return undefined;
}

/** Sends `cmd` and waits for a final result; RING lines and echo are skipped. */
function command(src: LineSource, clock: ConsoleClock, cmd: string, ms: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const timer = clock.setTimeout(() => {
      src.take(undefined);
      resolve(undefined);
    }, ms);
    src.take((line) => {
      const r = result(line);
      if (!r || r === "RING") return;
      cancel(clock, timer);
      src.take(undefined);
      resolve(r);
    });
    src.write(cmd + "\r");
  });
}

/** Dials; resolves with the CONNECT line, or throws DialError. */
export async function dial(src: LineSource, clock: ConsoleClock, o: DialOptions, progress: DialProgress = () => undefined): Promise<string> {
  let awake: string | undefined;
  for (let i = 0; i < 3 && awake !== "OK"; i++) {
    // A modem left in data mode needs the escape first; a plain AT is harmless otherwise.
    awake = await command(src, clock, "AT", 1000);
  }
  if (awake !== "OK") throw new DialError("NO RESPONSE", "the local modem does not answer AT");
  for (const c of o.init ?? DEFAULT_INIT) {
    progress(`modem: ${c}`);
    const r = await command(src, clock, c, 3000);
    if (r !== "OK") throw new DialError(r === undefined ? "NO RESPONSE" : "ERROR", `the local modem answered ${r ?? "nothing"} to ${c}`);
    // Some modems need a moment after ATZ before the next command.
    if (/^ATZ/i.test(c)) await sleep(clock, 100);
  }
  progress(`dialling ${o.number}`);
  const r = await command(src, clock, `ATD${o.mode ?? "T"}${o.number}`, o.connectMs ?? 60000);
  if (r && r.startsWith("CONNECT")) return r;
  if (r === "OK") throw new DialError("ERROR", "the modem answered OK to ATD (no number?)");
  const what = (r ?? "NO CARRIER") as DialResult;
  throw new DialError(["BUSY", "NO ANSWER", "NO CARRIER", "NO DIALTONE", "ERROR"].includes(what) ? what : "NO CARRIER", r ? `the modem answered ${r}` : "no result from the modem after dialling");
}

/**
 * Hangs up from data mode without DTR: a guard time of silence, "+++",
 * another guard time, then ATH0. Returns whether the modem said OK.
 */
export async function escapeAndHangUp(src: LineSource, clock: ConsoleClock, guardMs = 1100): Promise<boolean> {
  await sleep(clock, guardMs);
  const esc = new Promise<boolean>((resolve) => {
    const timer = clock.setTimeout(() => {
      src.take(undefined);
      resolve(false);
    }, guardMs + 1500);
    src.take((line) => {
      if (result(line) !== "OK") return;
      cancel(clock, timer);
      src.take(undefined);
      resolve(true);
    });
    src.write("+++");
  });
  // Without the OK the modem may hold "+++" as a half-typed command: clear it.
  if (!(await esc)) src.write("\r");
  return (await command(src, clock, "ATH0", 3000)) === "OK";
}
