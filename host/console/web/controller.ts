// The web page's side of the console program: one call (the CLI's
// Context, which dials on first use), one action at a time as on the line,
// and one state document the page renders, sent again on every change.
//
// Actions (POST api/<name>), each a Report:
//   login    authenticate to every SMC of the site file (LoginMethod)
//   refresh  status of every SMC and the map, in one call
//   power    {id, action: on|off|cycle|state, confirm: id}   (state needs no confirm)
//   reset    {id, confirm: id}
//   log      {id, older?, follow?}: the newest 10, or the page before the oldest shown;
//            following reads new records every 2 s (the CLI's --follow)
//   hangup   BYE, DTR or +++ ATH0, closed
// A second action while one runs is refused (409), never queued: the page
// shows what runs and a person decides again.
import { EventEmitter } from "node:events";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { BoardDesc } from "../../../firmware/hal/board";
import type { Call } from "../call";
import type { Context } from "../cli";
import { cancel, realClock } from "../clock";
import { DIAL_WORDS, DialError, worst } from "../errors";
import { notes, OUTCOME_WORDS, resultCell, smcJson, statusRow } from "../format";
import * as ops from "../operations";
import { parseLog, type LogRecord, type Status } from "../parse";
import { Session, type SmcResult } from "../session";
import { OpenError } from "../stream";
import { challengeAuth, type LoginMethod } from "./login";
import type { ActionBody, CallView, InputView, LogView, Report, SmcView, WebState } from "./types";

export interface WebOptions {
  /**
   * Runs an action's promise to its end. A real call: as it is. Tests hand
   * in a driver of the simulated site's virtual clock (virtual.ts drive),
   * so time moves only while an action runs.
   */
  pump?: <T>(p: Promise<T>) => Promise<T>;
  login?: LoginMethod;
  /** Reads boards/<name>.json for the inputs' ranges; absent board: no ranges. */
  board?: (name: string) => BoardDesc | undefined;
  /** Time between reads of a followed log (2 s, as the CLI's --follow). */
  followMs?: number;
}

export const ACTIONS = ["login", "refresh", "power", "reset", "log", "hangup"] as const;
export type ActionName = (typeof ACTIONS)[number];

/** An action's answer: the HTTP status and the JSON body. */
export interface Answer {
  status: number;
  body: unknown;
}

const POWER_ACTIONS = ["on", "off", "cycle", "state"];
/** Records one LOG page holds (operations.ts reads the same). */
const PAGE = 20;
const root = path.resolve(import.meta.dirname, "../../..");

function boardFile(name: string): BoardDesc | undefined {
  if (!/^[a-z0-9-]+$/.test(name)) return undefined;
  try {
    return JSON.parse(readFileSync(path.join(root, "boards", `${name}.json`), "utf8")) as BoardDesc;
  } catch {
    return undefined;
  }
}

/** The range of an input in words, from the board description. */
export function inputRange(board: BoardDesc | undefined, name: string): string | null {
  const d = board?.inputs?.[name];
  if (!d) return null;
  if (d.kind === "digital") return "alarm at 1";
  const unit = d.unit ? " " + d.unit : "";
  if (d.min !== undefined && d.max !== undefined) return `${d.min}..${d.max}${unit}`;
  if (d.min !== undefined) return `${d.min}${unit} or more`;
  if (d.max !== undefined) return `up to ${d.max}${unit}`;
  return null;
}

export interface WebEvents {
  state: [WebState];
}

export class WebConsole extends EventEmitter<WebEvents> {
  private busy: string | null = null;
  private status: SmcView[] | null = null;
  private map: ops.SiteMap | null = null;
  private log: LogView | null = null;
  private last: Report | null = null;
  private call: CallView;
  private watched?: Call;
  private followTimer?: unknown;
  private readonly login: LoginMethod;
  private readonly ids: number[];

  constructor(readonly ctx: Context, private o: WebOptions = {}) {
    super();
    this.login = o.login ?? challengeAuth;
    this.ids = [...ctx.creds.keys()];
    this.call = { phase: "idle", where: ctx.o.where ?? ctx.site?.where ?? "", dialled: ctx.dialNumber ?? null, connect: null, rate: null, lost: null, authenticated: [], hangup: [] };
  }

  state(): WebState {
    const call = this.watched;
    return {
      site: { name: this.ctx.site?.name ?? "site", ids: this.ids, ring: this.ctx.site?.ring ?? null },
      call: { ...this.call, authenticated: call && call.state === "open" ? [...call.authenticated].sort((a, b) => a - b) : [] },
      busy: this.busy,
      status: this.status,
      map: this.map,
      log: this.log,
      last: this.last,
      login: this.login.name,
    };
  }

  private changed(): void {
    this.emit("state", this.state());
  }

  /** Runs one action; refuses a second while one runs (409) and a body it cannot use (400). */
  async act(name: string, body: ActionBody): Promise<Answer> {
    if (!(ACTIONS as readonly string[]).includes(name)) return { status: 404, body: { error: `no action ${name}: ${ACTIONS.join(", ")}` } };
    const bad = this.check(name as ActionName, body);
    if (bad) return { status: 400, body: { error: bad } };
    if (this.busy) return { status: 409, body: { error: `busy: ${this.busy} is running; one action at a time, as on the line` } };
    this.busy = describe(name as ActionName, body);
    this.changed();
    let report: Report;
    try {
      report = await this.pump(this.run(name as ActionName, body));
    } finally {
      this.busy = null;
    }
    this.last = report;
    this.changed();
    return { status: 200, body: report };
  }

  private pump<T>(p: Promise<T>): Promise<T> {
    return this.o.pump ? this.o.pump(p) : p;
  }

  /** What is wrong with an action's body, in words; undefined when nothing. */
  private check(name: ActionName, b: ActionBody): string | undefined {
    if (b === null || typeof b !== "object" || Array.isArray(b)) return "the body is a JSON object";
    const needsId = name === "power" || name === "reset" || name === "log";
    if (!needsId) return undefined;
    if (!Number.isInteger(b.id) || !this.ids.includes(b.id!)) return `id: one of the site's SMCs (${this.ids.join(", ")})`;
    if (name === "power" && !POWER_ACTIONS.includes(String(b.action))) return "action: on, off, cycle or state";
    const confirmNeeded = name === "reset" || (name === "power" && b.action !== "state");
    if (confirmNeeded && b.confirm !== b.id) return `${describe(name, b)} needs confirm: ${b.id} (the page asks first, naming the server)`;
    return undefined;
  }

  /** The session of the call, dialling when there is none; a failure to dial or open is a report, not a throw. */
  private async session(ids: number[]): Promise<Session | string> {
    const up = this.watched?.state === "open";
    if (!up) {
      this.call = { ...this.call, phase: "dialling", connect: null, rate: null, lost: null };
      this.changed();
    }
    let s: Session;
    try {
      s = await this.ctx.open(ids);
    } catch (e) {
      const why =
        e instanceof DialError ? `${e.result}: ${DIAL_WORDS[e.result]} (${e.message})` : e instanceof OpenError ? e.message : e instanceof Error ? e.message : String(e);
      this.call = { ...this.call, phase: "failed", lost: why };
      return why;
    }
    if (s.call !== this.watched) this.watch(s.call);
    return s;
  }

  private watch(call: Call): void {
    this.watched = call;
    const m = /CONNECT (\d+)/.exec(call.connectLine);
    this.call = { ...this.call, phase: "connected", connect: call.connectLine || null, rate: m ? Number(m[1]) : null, lost: null, hangup: [] };
    call.on("lost", (why) => {
      this.call = { ...this.call, phase: "lost", lost: why };
      // Following reads on the call; the next call does not take it up unasked.
      this.stopFollowing();
      if (this.log) this.log.following = false;
      this.changed();
    });
    this.changed();
  }

  private async run(name: ActionName, b: ActionBody): Promise<Report> {
    const what = describe(name, b);
    if (name === "hangup") {
      this.stopFollowing();
      if (!this.watched || this.watched.state === "closed") return { action: what, outcome: "done", text: "hang up: no call", notes: [], smcs: [], dropped: null };
      const wasLost = this.watched.state === "lost";
      const steps = await this.ctx.hangup();
      this.call = { ...this.call, phase: wasLost ? "lost" : "hung-up", hangup: steps };
      return { action: what, outcome: "done", text: `hang up: done (${steps.join(", ")})`, notes: [], smcs: [], dropped: null };
    }
    const ids = name === "login" || name === "refresh" ? this.ids : [b.id!];
    const s = await this.session(ids);
    if (typeof s === "string") return { action: what, outcome: "line-lost", text: `${what}: no call: ${s}`, notes: [], smcs: [], dropped: null };
    let results: SmcResult<unknown>[];
    let words: string;
    switch (name) {
      case "login": {
        results = await this.login.login(s, ids);
        words = summary(results);
        break;
      }
      case "refresh": {
        const st = await ops.status(s, ids);
        this.status = st.map((r) => this.view(r));
        results = st;
        if (s.call.usable) {
          // The map authenticates only those the status reached: a dead SMC's AUTH is not failed twice.
          const ok = st.filter((r) => r.outcome === "done").map((r) => r.id);
          const m = await ops.siteMap(s, ok.length ? ok : ids);
          if (m.map) this.map = m.map;
        }
        words = summary(st);
        break;
      }
      case "power": {
        const r = await ops.power(s, [b.id!], b.action as ops.PowerAction);
        results = r;
        this.setPower(r[0]);
        words = one(r[0], r[0].data?.power ? `power ${r[0].data.power}` : "");
        break;
      }
      case "reset": {
        const r = await ops.reset(s, [b.id!]);
        results = r;
        this.setPower(r[0]);
        words = one(r[0], r[0].data?.power ? `power after it ${r[0].data.power}` : "");
        break;
      }
      case "log": {
        const r = await this.readLog(s, b);
        results = [r];
        words = one(r, this.log && this.log.id === b.id ? `${this.log.records.length} records shown${this.log.total !== null ? ` of ${this.log.total}` : ""}` : "");
        break;
      }
    }
    const dropped = s.call.lostWhy || null;
    const text = `${what}: ${words}${dropped ? `; the call dropped: ${dropped}` : ""}`;
    return { action: what, outcome: worst(results.map((r) => r.outcome)), text, notes: notes(results), smcs: results.map((r) => smcJson(r)), dropped };
  }

  /** A status row for the page: the JSON of docs/console.md, the CLI's cells, inputs with their ranges. */
  private view(r: SmcResult<Status>): SmcView {
    const v = smcJson(r) as SmcView;
    const board = r.data ? (this.o.board ?? boardFile)(r.data.board) : undefined;
    v.cells = statusRow(r);
    v.inputsWithRange = (r.data?.inputs ?? []).map((i): InputView => ({ ...i, range: inputRange(board, i.name) }));
    return v;
  }

  private setPower(r: SmcResult<{ power: string | null }>): void {
    const row = this.status?.find((x) => x.id === r.id);
    if (!row || !r.data?.power || row.outcome !== "done") return;
    row.power = r.data.power;
    if (row.cells) row.cells[1] = r.data.power;
  }

  /** The newest records, or the page before the oldest shown; newest first. */
  private async readLog(s: Session, b: ActionBody): Promise<SmcResult<ops.LogResult>> {
    const id = b.id!;
    const same = this.log?.id === id;
    if (b.older && same && this.log!.records.length) {
      const oldest = this.log!.records[this.log!.records.length - 1].seq;
      const from = Math.max(1, oldest - PAGE);
      const [r] = await s.each<ops.LogResult>([id], "log", async () => {
        const x = await s.run(id, `LOG ${from} ${PAGE}`, 12000);
        if (x.code) return Session.refusal<ops.LogResult>(id, x);
        const page = parseLog(x.lines);
        return { records: page.records, next: page.next, total: page.total };
      });
      if (r.outcome === "done" && r.data) {
        const older = r.data.records.filter((x) => x.seq < oldest).reverse();
        const log = this.log!;
        log.records = [...log.records, ...older];
        log.older = older.length > 0 && older[older.length - 1].seq > 1;
        if (b.follow !== undefined) log.following = b.follow;
      }
      return r;
    }
    const r = await ops.readLog(s, id);
    if (r.outcome === "done" && r.data) {
      const recs = [...r.data.records].reverse();
      this.log = { id, records: recs, next: r.data.next, total: r.data.total, following: b.follow ?? (same ? this.log!.following : true), older: recs.length > 0 && recs[recs.length - 1].seq > 1 };
    }
    this.stopFollowing();
    if (this.log?.id === id && this.log.following) this.scheduleFollow();
    return r;
  }

  private scheduleFollow(): void {
    const clock = this.ctx.io.clock ?? realClock;
    this.followTimer = clock.setTimeout(() => {
      this.followTimer = undefined;
      void this.followOnce();
    }, this.o.followMs ?? 2000);
  }

  private stopFollowing(): void {
    if (this.followTimer === undefined) return;
    cancel(this.ctx.io.clock ?? realClock, this.followTimer);
    this.followTimer = undefined;
  }

  /** One read of the followed log's new records; skipped (and tried again) while an action runs. */
  private async followOnce(): Promise<void> {
    const log = this.log;
    if (!log || !log.following || this.watched?.state !== "open") return;
    if (this.busy) return this.scheduleFollow();
    this.busy = `following the log of SMC ${log.id}`;
    try {
      const s = await this.ctx.open([log.id]);
      const got = await this.pump(ops.readFrom(s, log.id, log.next ?? 0));
      const data = "records" in got ? got : undefined;
      if (data && this.log === log) {
        const fresh: LogRecord[] = data.records.filter((x) => !log.records.some((y) => y.seq === x.seq)).reverse();
        log.records = [...fresh, ...log.records];
        log.next = data.next ?? log.next;
        log.total = data.total ?? log.total;
      }
    } catch {
      // The call dropped: its "lost" event says so; following stops with it.
    } finally {
      this.busy = null;
    }
    if (this.log === log && log.following && this.watched?.state === "open") this.scheduleFollow();
    this.changed();
  }

  /** Hangs up (the page's server is closing). */
  async close(): Promise<void> {
    this.stopFollowing();
    await this.pump(this.ctx.hangup()).catch(() => undefined);
  }
}

/** The action in words, naming the server: "power cycle SMC 3". */
export function describe(name: ActionName, b: ActionBody): string {
  switch (name) {
    case "power":
      return `power ${b.action} SMC ${b.id}`;
    case "reset":
      return `reset SMC ${b.id}`;
    case "log":
      return `${b.older ? "older log records" : "log"} of SMC ${b.id}`;
    case "login":
      return "log in";
    case "refresh":
      return "refresh";
    case "hangup":
      return "hang up";
  }
}

/** "7 of 8 ok; SMC 3 unreachable (ERR 10)". */
function summary(results: SmcResult<unknown>[]): string {
  const ok = results.filter((r) => r.outcome === "done").length;
  const bad = results.filter((r) => r.outcome !== "done").map((r) => `SMC ${r.id} ${resultCell(r)}`);
  return `${ok} of ${results.length} ok${bad.length ? "; " + bad.join(", ") : ""}`;
}

/** "done, power ON" or "refused (ERR 12): ERR 12 power state did not change". */
function one(r: SmcResult<unknown>, extra: string): string {
  if (r.outcome === "done") return `done${extra ? ", " + extra : ""}`;
  return `${OUTCOME_WORDS[r.outcome]}${r.code ? ` (ERR ${r.code})` : ""}${r.message ? `: ${r.message}` : ""}${extra ? "; " + extra : ""}`;
}
