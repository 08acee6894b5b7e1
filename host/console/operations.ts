// The console's commands over a Session: each returns one result per SMC
// (or one document), for the CLI to format and the web page to show.
import type { Reply } from "./framed";
import { MapEntry, parseLog, parseMap, parsePower, parseStatus, LogRecord, Status } from "./parse";
import { Session, SmcResult } from "./session";

/** Time for a read's final line: the head answers within t.requestMs for a far SMC. */
const READ_MS = 12000;
/** POWER holds the button (t.holdMs 5 s) and waits for power-good (t.powerGoodMs). */
const POWER_MS = 60000;

const fail = <T>(id: number, r: Reply, data?: T): SmcResult<T> => Session.refusal(id, r, data);

export function status(s: Session, ids: number[]): Promise<SmcResult<Status>[]> {
  return s.each(ids, "status", async (id) => {
    const r = await s.run(id, "STATUS", READ_MS);
    return r.code ? fail<Status>(id, r) : parseStatus(r.lines);
  });
}

export type PowerAction = "on" | "off" | "cycle" | "state";

export function power(s: Session, ids: number[], action: PowerAction): Promise<SmcResult<{ power: string | null }>[]> {
  return s.each(
    ids,
    `power ${action}`,
    async (id) => {
      const r = await s.run(id, `POWER ${action.toUpperCase()}`, action === "state" ? READ_MS : POWER_MS);
      const data = { power: parsePower(r.lines) };
      return r.code ? fail(id, r, data) : data;
    },
    action !== "state",
  );
}

export function reset(s: Session, ids: number[]): Promise<SmcResult<{ power: string | null }>[]> {
  return s.each(
    ids,
    "reset",
    async (id) => {
      const r = await s.run(id, "RESET", READ_MS);
      if (r.code) return fail<{ power: string | null }>(id, r);
      // The result a person wants after a reset: is the server running?
      const p = await s.run(id, "POWER STATE", READ_MS);
      return { power: p.code ? null : parsePower(p.lines) };
    },
    true,
  );
}

export interface SiteMap {
  /** The SMC that holds the console (answers MAP's "self" line). */
  head: number | null;
  entries: MapEntry[];
  /** IDs this call is authenticated to. */
  authenticated: number[];
  /** Whether the two ends of the walk meet (a ring). */
  ring: boolean;
}

/**
 * MAP needs one authenticated SMC: the first of `ids` that accepts its
 * credentials; the others are authenticated too when `authAll`, so the map
 * can show each one's flag.
 */
export async function siteMap(s: Session, ids: number[], authAll = true): Promise<{ map?: SiteMap; results: SmcResult[] }> {
  const results: SmcResult[] = [];
  for (const id of ids) {
    const [r] = await s.each([id], "auth", async () => undefined);
    results.push(r);
    if (!authAll && r.outcome === "done") break;
    if (r.outcome === "line-lost" || r.outcome === "not-attempted" || r.outcome === "locked-out") break;
  }
  if (!results.some((r) => r.outcome === "done")) return { results };
  if (authAll) await authAgain(s, results);
  const r = await s.call.request("MAP", 40000);
  if (r.code) {
    results.push({ id: 0, outcome: r.code === 10 ? "unreachable" : "refused", code: r.code, message: r.final });
    return { results };
  }
  const entries = parseMap(r.lines);
  const seen = entries.filter((e) => e.id !== null).map((e) => e.id);
  // A whole ring's walk meets itself: an SMC seen on both sides, or the self SMC's far neighbour on side A.
  const ring = entries.length > 2 && (new Set(seen).size < seen.length || (entries[entries.length - 1].side === "A" && entries[entries.length - 1].links.A === "up" && entries[0].links.B === "up"));
  return { map: { head: entries[0]?.id ?? null, entries, authenticated: [...s.call.authenticated].sort((a, b) => a - b), ring }, results };
}

/**
 * A failed AUTH ends every permission of the call on every SMC: those
 * authenticated before it are authenticated again, once, so that what the
 * call holds is what the results say.
 */
export async function authAgain(s: Session, results: SmcResult<unknown>[]): Promise<void> {
  const lost = results.filter((r) => r.outcome === "done" && r.id !== 0 && !s.call.authenticated.has(r.id)).map((r) => r.id);
  if (lost.length && s.call.usable) await s.each(lost, "auth", async () => undefined);
}

export interface LogResult {
  records: LogRecord[];
  /** The record number to ask for next (--follow goes on from here). */
  next: number | null;
  total: number | null;
}

/** Most records one LOG page holds. */
const PAGE = 20;

/**
 * LOG of one SMC: the last 10 records, or every record numbered `since`
 * and after, page by page (`LOG <from> 20`, `from` a record number, the
 * next page from the `<next>` the last one gave: docs/protocol.md, "The
 * event log")
 */
export async function readLog(s: Session, id: number, since?: number, onPage?: (p: LogResult) => void): Promise<SmcResult<LogResult>> {
  const [res] = await s.each([id], "log", async () => {
    if (since === undefined) {
      const r = await s.run(id, "LOG", READ_MS);
      if (r.code) return fail<LogResult>(id, r);
      return parseLog(r.lines);
    }
    return readFrom(s, id, since, onPage);
  });
  return res;
}

export async function readFrom(s: Session, id: number, since: number, onPage?: (p: LogResult) => void): Promise<LogResult | SmcResult<LogResult>> {
  const out: LogResult = { records: [], next: since, total: null };
  // Records are numbered from 1; a `from` older than the oldest kept starts at the oldest.
  let from = Math.max(since, 1);
  for (let pages = 0; pages < 1000; pages++) {
    const r = await s.run(id, `LOG ${from} ${PAGE}`, READ_MS);
    if (r.code) return out.records.length ? out : fail<LogResult>(id, r, out);
    const page = parseLog(r.lines);
    const fresh = page.records.filter((x) => x.seq >= since && !out.records.some((y) => y.seq === x.seq));
    out.records.push(...fresh);
    out.total = page.total;
    const last = page.records.length ? page.records[page.records.length - 1].seq + 1 : from;
    out.next = Math.max(page.next ?? last, last);
    onPage?.({ records: fresh, next: out.next, total: out.total });
    if (page.records.length < PAGE || page.next === null || page.next <= from) break;
    from = page.next;
  }
  return out;
}

export function diag(s: Session, id: number): Promise<SmcResult<{ lines: string[]; failed: boolean }>> {
  return s
    .each([id], "diag", async () => {
      const r = await s.run(id, "DIAG", READ_MS);
      const data = { lines: r.lines, failed: r.code === 13 };
      return r.code ? fail(id, r, data) : data;
    })
    .then((x) => x[0]);
}

export function configShow(s: Session, id: number): Promise<SmcResult<{ lines: string[] }>> {
  return s
    .each([id], "config show", async () => {
      const r = await s.run(id, "CONFIG SHOW", READ_MS);
      return r.code ? fail(id, r, { lines: r.lines }) : { lines: r.lines };
    })
    .then((x) => x[0]);
}
