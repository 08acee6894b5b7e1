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

export interface ResultLine {
  code: Result;
  /** Bits per second from "CONNECT 9600" or "CONNECT 33600/ARQ"; 0 when not given. */
  rate: number;
  /**
   * The wall clock (Unix seconds) a pass-through SMC's imitated modem adds
   * to its CONNECT line ("CONNECT 9600 T1796133600", docs/passthrough.md);
   * absent otherwise. No real modem sends a T word there.
   */
  t?: number;
}

// The tables are literals inside the function, not objects built at boot:
// they stay in the code (flash) and hold no variables between calls.
export function parseResult(raw: string): ResultLine {
  let line = raw;
  while (line.charAt(0) === " ") line = line.substr(1);
  while (line.charAt(line.length - 1) === " ") line = line.substr(0, line.length - 1);
  const n = parseInt(line, 10);
  // Numeric codes 0-8 are common to Hayes modems (Result by digit); 5 and
  // 9 upward are CONNECT at a speed that differs between vendors, so they
  // say "connected" and no rate (verbal codes are parsed for the rate).
  if (n >= 0 && String(n) === line) return { code: n < 9 ? "123452678".charCodeAt(n) - 48 : Result.Connect, rate: 0 };
  const upper = line.toUpperCase();
  if (upper.substr(0, 8) === "CONNECT ") {
    const rate = parseInt(upper.substr(8), 10);
    // " T" then ten digits at most, from IPMI's 0x20000000 (a time from boot below).
    const at = upper.lastIndexOf(" T");
    const t = at > 8 && upper.length - at <= 12 ? parseInt(upper.substr(at + 2), 10) : 0;
    return { code: Result.Connect, rate: rate > 0 ? rate : 0, t: t >= 0x20000000 && t <= 0xffffffff && String(t) === upper.substr(at + 2) ? t : undefined };
  }
  switch (upper) {
    case "OK":
      return { code: Result.Ok, rate: 0 };
    case "CONNECT":
      return { code: Result.Connect, rate: 0 };
    case "RING":
      return { code: Result.Ring, rate: 0 };
    case "NO CARRIER":
      return { code: Result.NoCarrier, rate: 0 };
    case "ERROR":
      return { code: Result.Error, rate: 0 };
    case "NO DIALTONE":
    case "NO DIAL TONE":
      return { code: Result.NoDialtone, rate: 0 };
    case "BUSY":
      return { code: Result.Busy, rate: 0 };
    case "NO ANSWER":
      return { code: Result.NoAnswer, rate: 0 };
  }
  return { code: Result.None, rate: 0 };
}
