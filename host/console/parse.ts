// Replies of the SMC's commands as data (docs/protocol.md, "Commands").

export interface Input {
  name: string;
  value: string;
  state: string;
}

export interface Status {
  id: number;
  fw: string;
  board: string;
  power: string;
  uptimeS: number;
  tempC: number | null;
  config: string;
  boots: number | null;
  lastEnd: string;
  inputs: Input[];
  links: Record<string, string>;
  modem: string | null;
}

const STATES = ["ok", "low", "high", "unknown"];

/** `IN <name> <value> [<state>]`: a digital input is OK or ALARM; an analog one has a unit and ok, low or high. */
function parseInput(w: string[]): Input {
  const last = w[w.length - 1];
  const hasState = w.length > 2 && STATES.includes(last);
  const value = w.slice(1, hasState ? -1 : undefined).join(" ");
  return { name: w[0] ?? "", value, state: hasState ? last : value === "OK" ? "ok" : value === "ALARM" ? "alarm" : "" };
}

export function parseStatus(lines: string[]): Status {
  const s: Status = { id: 0, fw: "", board: "", power: "", uptimeS: 0, tempC: null, config: "", boots: null, lastEnd: "", inputs: [], links: {}, modem: null };
  for (const l of lines) {
    const [k, ...rest] = l.split(" ");
    const v = rest.join(" ");
    if (k === "ID") s.id = Number(v);
    else if (k === "FW") [s.fw, s.board] = [rest[0] ?? "", rest[1] ?? ""];
    else if (k === "POWER") s.power = v;
    else if (k === "UPTIME") s.uptimeS = Number(v);
    else if (k === "TEMP") s.tempC = v === "-" ? null : Number(v);
    else if (k === "CONFIG") s.config = v;
    else if (k === "BOOTS") {
      const m = /^(\d+) LAST (.*)$/.exec(v);
      s.boots = m ? Number(m[1]) : null;
      s.lastEnd = m ? m[2] : "";
    } else if (k === "IN") s.inputs.push(parseInput(rest));
    else if (k === "LINKS") for (const w of rest) s.links[w.split(":")[0]] = w.slice(w.indexOf(":") + 1);
    else if (k === "MODEM") s.modem = v;
  }
  return s;
}

export interface MapEntry {
  /** null for a dead link ("MAP - A down"). */
  id: number | null;
  side: string;
  hops: number | null;
  links: Record<string, string>;
  /** "down" or "no answer" for a dead link. */
  problem?: string;
}

export function parseMap(lines: string[]): MapEntry[] {
  const out: MapEntry[] = [];
  for (const l of lines) {
    const w = l.split(" ");
    if (w[0] !== "MAP") continue;
    if (w[1] === "-") {
      out.push({ id: null, side: w[2], hops: null, links: {}, problem: w.slice(3).join(" ") });
      continue;
    }
    const links: Record<string, string> = {};
    for (const x of w.slice(4)) links[x.split(":")[0]] = x.slice(x.indexOf(":") + 1);
    out.push({ id: Number(w[1]), side: w[2], hops: Number(w[3]), links });
  }
  return out;
}

export interface LogRecord {
  seq: number;
  /** The SMC's uptime when it was written; null when the record shows the wall clock instead. */
  uptimeMs: number | null;
  /** ISO 8601 UTC ("2026-12-01T14:00:00Z") once the SMC knew the wall clock (docs/protocol.md, "Wall-clock time"); else null. */
  time: string | null;
  code: string;
  text: string;
}

export interface LogPage {
  records: LogRecord[];
  next: number | null;
  total: number | null;
}

export function parseLog(lines: string[]): LogPage {
  const page: LogPage = { records: [], next: null, total: null };
  for (const l of lines) {
    const m = /^LOG (\d+) of (\d+)$/.exec(l);
    if (m) {
      page.next = Number(m[1]);
      page.total = Number(m[2]);
      continue;
    }
    // The second field: uptime ms, or the wall clock in ISO 8601 UTC.
    const r = /^LOG (\d+) (\d+|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ) (\S+) ?(.*)$/.exec(l);
    if (r) {
      const wall = r[2].endsWith("Z");
      page.records.push({ seq: Number(r[1]), uptimeMs: wall ? null : Number(r[2]), time: wall ? r[2] : null, code: r[3], text: r[4] });
    }
  }
  return page;
}

/** "POWER ON" → "ON". */
export function parsePower(lines: string[]): string | null {
  const l = lines.find((x) => x.startsWith("POWER "));
  return l ? l.slice(6) : null;
}
