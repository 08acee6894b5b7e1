// Tables, the site map and the JSON document, from operation results. Pure:
// returns strings; the CLI decides where they go.
import { createColors } from "picocolors";
import type { Outcome } from "./errors";
import type { SiteMap, LogResult } from "./operations";
import type { LogRecord, Status } from "./parse";
import type { SmcResult } from "./session";

export type Colors = ReturnType<typeof createColors>;

export function colors(enabled: boolean): Colors {
  return createColors(enabled);
}

/** Whether to colour a stream: a terminal, and NO_COLOR unset (https://no-color.org). */
export function wantColor(isTty: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0") return true;
  return !!isTty && env.TERM !== "dumb";
}

/** Aligned columns; `paint` colours a cell's text, and the padding goes outside the colour. */
export function table(head: string[], rows: string[][], c: Colors, paint: (row: number, col: number, text: string) => string = (_r, _c, t) => t, right: number[] = []): string {
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  // Colour the text, pad outside it: escapes never count toward a width.
  const pad = (t: string, shown: string, i: number) => {
    const gap = " ".repeat(Math.max(0, width[i] - t.length));
    return right.includes(i) ? gap + shown : shown + gap;
  };
  const line = (cells: string[], r: number) =>
    cells
      .map((t, i) => pad(t, r < 0 ? c.bold(t) : paint(r, i, t), i))
      .join("  ")
      .trimEnd();
  return [line(head, -1), ...rows.map((r, k) => line(r, k))].join("\n");
}

export function uptime(s: number): string {
  if (!Number.isFinite(s)) return "-";
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = Math.floor(s % 60);
  const two = (n: number) => String(n).padStart(2, "0");
  if (d) return `${d}d${two(h)}h`;
  if (h) return `${h}h${two(m)}m`;
  if (m) return `${m}m${two(sec)}s`;
  return `${sec}s`;
}

export const OUTCOME_WORDS: Record<Outcome, string> = {
  done: "ok",
  refused: "refused",
  "bad-credentials": "bad credentials",
  "locked-out": "locked out",
  unreachable: "unreachable",
  "line-lost": "line lost",
  "not-attempted": "not done",
};

export function resultCell(r: SmcResult<unknown>): string {
  if (r.outcome === "done") return "ok";
  return OUTCOME_WORDS[r.outcome] + (r.code ? ` (ERR ${r.code})` : "");
}

function paintResult(c: Colors, text: string): string {
  return text.trimEnd() === "ok" ? c.green(text) : c.red(text);
}

/** "SMC 3: line lost: …" for every SMC not done: the account after a table. */
export function notes(results: SmcResult<unknown>[]): string[] {
  return results.filter((r) => r.outcome !== "done" && r.message).map((r) => `SMC ${r.id}: ${OUTCOME_WORDS[r.outcome]}: ${r.message}`);
}

function inputsCell(s: Status): string {
  if (!s.inputs.length) return "-";
  const bad = s.inputs.filter((i) => i.state !== "ok");
  if (!bad.length) return `ok (${s.inputs.length})`;
  return bad.map((i) => `${i.name} ${i.value}${i.state && i.state !== "alarm" && i.state !== i.value ? " " + i.state : ""}`).join(", ");
}

export const STATUS_HEAD = ["ID", "POWER", "UPTIME", "TEMP", "INPUTS", "LINKS", "BOOTS", "RESULT"];

/** One row of `status`, as text cells under STATUS_HEAD: the CLI's table and the web page's are the same words. */
export function statusRow(r: SmcResult<Status>): string[] {
  const s = r.data;
  if (!s || r.outcome !== "done") return [String(r.id), "-", "-", "-", "-", "-", "-", resultCell(r)];
  const links = Object.entries(s.links)
    .map(([k, v]) => `${k}:${v}`)
    .join(" ");
  return [String(r.id), s.power || "-", uptime(s.uptimeS), s.tempC === null ? "-" : s.tempC.toFixed(1), inputsCell(s), links || "-", s.boots === null ? "-" : String(s.boots), resultCell(r)];
}

export function statusTable(results: SmcResult<Status>[], c: Colors): string {
  const rows = results.map(statusRow);
  return table(STATUS_HEAD, rows, c, (row, col, t) => {
    if (col === 7) return paintResult(c, t);
    if (col === 1) return t.startsWith("ON") ? c.green(t) : t.startsWith("OFF") ? c.yellow(t) : t;
    if (col === 4 && !t.startsWith("ok") && t.trim() !== "-") return c.red(t);
    if (col === 5) return t.replace(/\bdown\b/g, c.red("down"));
    return t;
  }, [0, 2, 3, 6]);
}

export function powerTable(results: SmcResult<{ power: string | null }>[], c: Colors): string {
  const rows = results.map((r) => [String(r.id), r.data?.power ?? "-", resultCell(r)]);
  return table(["ID", "POWER", "RESULT"], rows, c, (_r, col, t) => (col === 2 ? paintResult(c, t) : t), [0]);
}

/**
 * The site as a line of boxes in chain order (side B's SMCs, the one holding
 * the console, side A's), `*` marking SMCs this call is authenticated to,
 * `x` a link down; then a table; then the SMCs of the site file the walk
 * did not reach.
 */
export function mapText(m: SiteMap, c: Colors, expected: number[] = []): string {
  const box = (id: number | null) => (id === null ? "" : `[${id}${m.authenticated.includes(id) ? "*" : ""}]`);
  // Pass-through wiring (docs/passthrough.md): each SMC the call runs through, in order, with its pass-through port.
  if (m.entries.some((e) => e.links.P !== undefined)) {
    const last = m.entries[m.entries.length - 1];
    const picture = m.entries.map((e) => box(e.id)).join("--") + (last?.links.P === "down" ? "--x" : last?.links.P === "up" ? "--[?]" : "");
    const rows = m.entries.map((e) => [e.id === null ? "-" : String(e.id), e.side, e.hops === null ? "-" : String(e.hops), e.links.P ?? e.problem ?? "-", e.id !== null && m.authenticated.includes(e.id) ? "authenticated" : "not authenticated"]);
    const t = table(["ID", "SIDE", "HOPS", "PORT", "THIS CALL"], rows, c, (_r, col, x) => {
      if (col === 3 && x === "down") return c.red(x);
      if (col === 4 && x.startsWith("authenticated")) return c.green(x);
      return x;
    }, [0, 2]);
    const seen = new Set(m.entries.map((e) => e.id));
    const missing = expected.filter((id) => !seen.has(id));
    const out = [`pass-through wiring seen from SMC ${m.head ?? "?"} (the one holding the console); * = authenticated in this call, x = port down, [?] = an SMC not in the call`, "  " + picture, "", t];
    if (missing.length) out.push(c.red(`not reached: SMC ${missing.join(", ")} (not in the call, or behind one that is not)`));
    return out.join("\n");
  }
  const self = m.entries.find((e) => e.side === "self");
  const sideOf = (s: string) => m.entries.filter((e) => e.side === s);
  const seenA = new Set(sideOf("A").map((e) => e.id));
  // A ring's walk on side A comes back to the far side of SMC `self`; side B then repeats it backwards.
  const a = sideOf("A").filter((e) => e.id !== null);
  const b = sideOf("B").filter((e) => e.id !== null && !seenA.has(e.id));
  const endA = a.length ? a[a.length - 1].links.A : self?.links.A;
  const endB = b.length ? b[b.length - 1].links.B : self?.links.B;
  const deadA = endA === "down" || sideOf("A").some((e) => e.id === null);
  const deadB = endB === "down" || sideOf("B").some((e) => e.id === null);
  const parts = [...(deadB ? ["x"] : []), ...b.map((e) => box(e.id)).reverse(), box(self?.id ?? null), ...a.map((e) => box(e.id)), ...(deadA ? ["x"] : [])];
  let picture = parts.join("--");
  if (m.ring) picture += `--(back to ${box(self?.id ?? null)})`;
  const kind = m.ring ? "ring" : deadA && deadB ? "broken ring" : "chain";
  const rows = m.entries.map((e) =>
    e.id === null
      ? ["-", e.side, "-", "-", "-", e.problem ?? "down"]
      : [String(e.id), e.side, String(e.hops), e.links.A ?? "-", e.links.B ?? "-", m.authenticated.includes(e.id) ? "authenticated" : "not authenticated"],
  );
  const t = table(["ID", "SIDE", "HOPS", "LINK A", "LINK B", "THIS CALL"], rows, c, (_r, col, x) => {
    if ((col === 3 || col === 4 || col === 5) && /down|no answer/.test(x)) return c.red(x);
    if (col === 5 && x.startsWith("authenticated")) return c.green(x);
    return x;
  }, [0, 2]);
  const seen = new Set(m.entries.map((e) => e.id));
  const missing = expected.filter((id) => !seen.has(id));
  const out = [`${kind} seen from SMC ${m.head ?? "?"} (the one holding the console); * = authenticated in this call, x = link down`, "  " + picture, "", t];
  if (missing.length) out.push(c.red(`not reached: SMC ${missing.join(", ")} (dead, or cut off by a dead link)`));
  return out.join("\n");
}

/** One record as a line: number, when (the SMC's uptime, or the wall clock once it knew it), code, text. */
export function logLine(r: LogRecord): string {
  const when = r.time ?? `${((r.uptimeMs ?? 0) / 1000).toFixed(3).padStart(10)}s`;
  return `${String(r.seq).padStart(5)}  ${when}  ${r.code.padEnd(8)} ${r.text}`;
}

export function logText(id: number, l: LogResult): string {
  const lines = l.records.map(logLine);
  return [...lines, `SMC ${id}: ${l.records.length} record${l.records.length === 1 ? "" : "s"}${l.total !== null ? `, ${l.total} in its log` : ""}${l.next !== null ? `; next: --since ${l.next}` : ""}`].join("\n");
}

/** One JSON document for any command: what was asked, how the call went, each SMC's result. Never a password. */
export interface JsonDocument {
  command: string;
  exit: number;
  outcome: Outcome;
  call: { where: string; dialled: string | null; connect: string | null; hangup: string[]; lost: string | null };
  smcs: Array<{ id: number; outcome: Outcome; code: number | null; message: string | null } & Record<string, unknown>>;
  [k: string]: unknown;
}

export function smcJson(r: SmcResult<unknown>): JsonDocument["smcs"][number] {
  const data = r.data && typeof r.data === "object" ? (r.data as Record<string, unknown>) : {};
  const { id: _id, ...rest } = data;
  return { id: r.id, outcome: r.outcome, code: r.code ?? null, message: r.message ?? null, ...rest };
}
