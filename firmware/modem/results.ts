// Hayes/V.250 result codes, verbal (ATV1) and numeric (ATV0). Pure.

export const enum Result {
  /** Not a result code: echo, a blank line, noise. */
  None,
  Ok,
  Connect,
  Ring,
  NoCarrier,
  Error,
  NoDialtone,
  Busy,
  NoAnswer,
}

const VERBAL: { [text: string]: Result } = {
  OK: Result.Ok,
  CONNECT: Result.Connect,
  RING: Result.Ring,
  "NO CARRIER": Result.NoCarrier,
  ERROR: Result.Error,
  "NO DIALTONE": Result.NoDialtone,
  "NO DIAL TONE": Result.NoDialtone,
  BUSY: Result.Busy,
  "NO ANSWER": Result.NoAnswer,
};

// Numeric codes 0-8 are common to Hayes modems; 5 and 9 upward are
// CONNECT at a speed that differs between vendors, so they say "connected"
// and no rate (verbal codes are parsed for the rate).
const NUMERIC = [Result.Ok, Result.Connect, Result.Ring, Result.NoCarrier, Result.Error, Result.Connect, Result.NoDialtone, Result.Busy, Result.NoAnswer];

export interface ResultLine {
  code: Result;
  /** Bits per second from "CONNECT 9600" or "CONNECT 33600/ARQ"; 0 when not given. */
  rate: number;
}

export function parseResult(raw: string): ResultLine {
  let line = raw;
  while (line.charAt(0) === " ") line = line.substr(1);
  while (line.charAt(line.length - 1) === " ") line = line.substr(0, line.length - 1);
  const n = parseInt(line, 10);
  if (String(n) === line) return { code: n < NUMERIC.length ? NUMERIC[n] : Result.Connect, rate: 0 };
  const upper = line.toUpperCase();
  if (upper.substr(0, 8) === "CONNECT ") {
    const rate = parseInt(upper.substr(8), 10);
    return { code: Result.Connect, rate: rate > 0 ? rate : 0 };
  }
  return { code: VERBAL[upper] || Result.None, rate: 0 };
}
