// The API of `smc-console web`'s page, tested directly: exact JSON, exact
// status codes, the refusal of requests without the token or from another
// origin, one action at a time, and a dropped call accounted for. Against
// sites/ring8.json (SMC 3 dead) on the TypeScript firmware, in virtual
// time: the clock moves only while an action runs.
import { afterEach, describe, expect, it } from "vitest";
import type { Site } from "../host/sim/site";
import { request, simSite, startWeb, WebRun } from "./support/webSite";

const IDS = [1, 2, 3, 4, 5, 6, 7, 8];
let site: Site | undefined;
let web: WebRun | undefined;
afterEach(async () => {
  await web?.stop();
  web = undefined;
  for (const u of site?.units ?? []) u.powerOff();
  site = undefined;
});

/** The framed requests in what the console sent, without seq and CRC. */
/** The framed requests sent; a CHAL and the AUTH HMAC after it as "AUTH <user>" (its proof is new every call). */
const requests = (sent: string) =>
  [...sent.matchAll(/!\d+ ([^*]*)\*[0-9A-F]{4}\r/g)].map((m) => m[1]).filter((r) => r !== "CHAL").map((r) => r.replace(/^AUTH HMAC (\S+) [0-9a-f]{64}$/, "AUTH $1"));
const api = (w: WebRun, name: string, body: unknown = {}, headers: Record<string, string> = {}) => request(w.port, "POST", `/${w.token}/api/${name}`, { body, headers: { origin: `http://127.0.0.1:${w.port}`, ...headers } });
const TOKEN_REFUSED = { error: "refused: no valid token in the URL; open the address smc-console web printed" };

describe("smc-console web: who may drive it", () => {
  it("serves on 127.0.0.1 with a 128-bit token in the URL, and the page itself under it", async () => {
    site = simSite("ring8");
    web = await startWeb(site, IDS);
    expect(web.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[0-9a-f]{32}\/$/);
    expect(web.err()).toBe("smc-console web: the page for sim is at the address above (127.0.0.1 only; it holds the token: do not share it). Ctrl-C hangs up and stops.\n");
    const page = await request(web.port, "GET", `/${web.token}/`);
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page.headers["referrer-policy"]).toBe("no-referrer");
    expect(page.body).toContain('<script type="module" src="app.js"></script>');
    const bare = await request(web.port, "GET", `/${web.token}`);
    expect([bare.status, bare.headers.location]).toEqual([301, `/${web.token}/`]);
    // Nothing was dialled to serve the page.
    expect(web.sent()).toBe("");
  });

  it("refuses a missing or wrong token (403), for the page, the state, the events and every action", async () => {
    site = simSite("ring8");
    web = await startWeb(site, IDS);
    const wrong = "0".repeat(32);
    for (const [method, p] of [
      ["GET", "/"],
      ["GET", "/app.js"],
      ["GET", "/api/state"],
      ["GET", `/${wrong}/api/state`],
      ["GET", `/${web.token.slice(0, 31)}/api/events`],
      ["POST", "/api/power"],
      ["POST", `/${wrong}/api/refresh`],
    ]) {
      const r = await request(web.port, method, p, method === "POST" ? { body: { id: 5, action: "cycle", confirm: 5 } } : {});
      expect([p, r.status, r.json()]).toEqual([p, 403, TOKEN_REFUSED]);
    }
    expect(web.sent()).toBe("");
  });

  it("refuses another origin and another Host (403), even with the token; no call is made", async () => {
    site = simSite("ring8");
    web = await startWeb(site, IDS);
    const evil = await api(web, "power", { id: 5, action: "cycle", confirm: 5 }, { origin: "http://evil.example" });
    expect([evil.status, evil.json()]).toEqual([403, { error: "refused: a request from another origin (http://evil.example) may not drive the console" }]);
    const other = await request(web.port, "GET", `/${web.token}/api/state`, { headers: { origin: "http://127.0.0.1:1" } });
    expect([other.status, other.json()]).toEqual([403, { error: "refused: a request from another origin (http://127.0.0.1:1) may not drive the console" }]);
    const rebound = await request(web.port, "GET", `/${web.token}/api/state`, { headers: { host: `evil.example:${web.port}` } });
    expect([rebound.status, rebound.json()]).toEqual([403, { error: `refused: Host evil.example:${web.port} is not this console (127.0.0.1:${web.port})` }]);
    // Our own origin, by either name, and a request with no Origin (curl) are served.
    for (const origin of [`http://127.0.0.1:${web.port}`, `http://localhost:${web.port}`])
      expect((await request(web.port, "GET", `/${web.token}/api/state`, { headers: { origin } })).status).toBe(200);
    expect((await request(web.port, "GET", `/${web.token}/api/state`)).status).toBe(200);
    expect(web.sent()).toBe("");
  });

  it("refuses what it cannot use: 404, 405, 415, 400 with the reason, 413; power and reset need the confirmation naming the server", async () => {
    site = simSite("ring8");
    web = await startWeb(site, IDS);
    const t = web.token;
    const cases: Array<[string, string, unknown, number, unknown, Record<string, string>?]> = [
      ["GET", "api/nothing", undefined, 404, { error: "not found: api/nothing (the actions: login, refresh, power, reset, log, hangup)" }],
      ["POST", "api/fly", {}, 404, { error: "not found: api/fly (the actions: login, refresh, power, reset, log, hangup)" }],
      ["GET", "nothing.html", undefined, 404, { error: "not found: nothing.html" }],
      ["GET", "api/refresh", undefined, 405, { error: "api/refresh: only POST" }],
      ["POST", "api/state", {}, 405, { error: "api/state: only GET" }],
      ["POST", "api/refresh", "{}", 415, { error: "the body is JSON (content-type: application/json)" }, { "content-type": "text/plain" }],
      ["POST", "api/refresh", "{", 400, { error: "the body is not JSON" }],
      ["POST", "api/refresh", "[]", 400, { error: "the body is a JSON object" }],
      ["POST", "api/power", { id: 9, action: "on", confirm: 9 }, 400, { error: "id: one of the site's SMCs (1, 2, 3, 4, 5, 6, 7, 8)" }],
      ["POST", "api/power", { id: 5, action: "toggle" }, 400, { error: "action: on, off, cycle or state" }],
      ["POST", "api/power", { id: 5, action: "cycle" }, 400, { error: "power cycle SMC 5 needs confirm: 5 (the page asks first, naming the server)" }],
      ["POST", "api/power", { id: 5, action: "off", confirm: 4 }, 400, { error: "power off SMC 5 needs confirm: 5 (the page asks first, naming the server)" }],
      ["POST", "api/reset", { id: 5 }, 400, { error: "reset SMC 5 needs confirm: 5 (the page asks first, naming the server)" }],
      ["POST", "api/log", {}, 400, { error: "id: one of the site's SMCs (1, 2, 3, 4, 5, 6, 7, 8)" }],
      ["POST", "api/refresh", JSON.stringify({ pad: "x".repeat(5000) }), 413, { error: "the body is at most 4096 bytes" }],
    ];
    for (const [method, p, body, status, json, headers] of cases) {
      const r = await request(web.port, method, `/${t}/${p}`, { body, headers });
      expect([p, r.status, r.json()]).toEqual([p, status, json]);
    }
    expect(web.sent()).toBe("");
  });
});

describe("smc-console web: the command line", () => {
  it("without credentials, or with a port in use, it says so and serves nothing (exit 2, exit 8); no call is made", async () => {
    const { main } = await import("../host/console/cli");
    const run = async (argv: string[]) => {
      let err = "";
      let out = "";
      const code = await main(argv, { env: {}, stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t) }, open: async () => { throw new Error("dialled"); } });
      return { code, out, err };
    };
    expect(await run(["web", "tcp://127.0.0.1:7001"])).toEqual({ code: 2, out: "", err: "smc-console: web: no credentials: give --site FILE or --auth ID:USER\n" });
    expect(await run(["web", "--auth", "1:admin:pw", "--port", "x"])).toMatchObject({ code: 2, err: expect.stringContaining("smc-console: where is the site?") });
    expect(await run(["web", "7001", "--auth", "1:admin:pw", "--port", "70000"])).toMatchObject({ code: 2, err: expect.stringContaining("smc-console: --port 70000: a TCP port, 0..65535\n") });
    site = simSite("ring8");
    web = await startWeb(site, IDS);
    expect(await run(["web", "7001", "--auth", "1:admin:pw", "--port", String(web.port)])).toMatchObject({
      code: 8,
      err: expect.stringContaining(`smc-console: port ${web.port} on 127.0.0.1 is in use: choose another with --port, or leave it out for a free one\n`),
    });
  });
});

const INPUTS = [
  { name: "fanFail", value: "0", state: "ok" },
  { name: "intrusion", value: "0", state: "ok" },
];
const RANGES = INPUTS.map((i) => ({ ...i, range: "alarm at 1" }));
const SMC3 = { id: 3, outcome: "unreachable", code: 10, message: "ERR 10 unreachable: not found, and part of the site could not be searched (a dead SMC or cut cable)" };

describe("smc-console web: the state and the actions (exact JSON)", () => {
  it("before anything: the site, no call, nothing read", async () => {
    site = simSite("ring8");
    web = await startWeb(site, IDS, { ring: true });
    const r = await request(web.port, "GET", `/${web.token}/api/state`);
    expect(r.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(r.headers["cache-control"]).toBe("no-store");
    expect(r.json()).toEqual({
      site: { name: "sim", ids: IDS, ring: true },
      call: { phase: "idle", where: "tcp://127.0.0.1:7001", dialled: "5551234", connect: null, rate: null, lost: null, authenticated: [], hangup: [] },
      busy: null,
      status: null,
      map: null,
      log: null,
      last: null,
      login: "challenge-response AUTH",
    });
  });

  it("refresh: every SMC's status and the map in one call; SMC 3 (dead) accounted for; the state holds the CLI's cells and the inputs' ranges", async () => {
    site = simSite("ring8");
    web = await startWeb(site, IDS, { ring: true });
    const r = await api(web, "refresh");
    expect(r.status).toBe(200);
    const report = r.json() as { smcs: Array<Record<string, unknown>> };
    expect({ ...report, smcs: report.smcs.length }).toEqual({
      action: "refresh",
      outcome: "unreachable",
      text: "refresh: 7 of 8 ok; SMC 3 unreachable (ERR 10)",
      notes: ["SMC 3: unreachable: ERR 10 unreachable: not found, and part of the site could not be searched (a dead SMC or cut cable)"],
      smcs: 8,
      dropped: null,
    });
    expect(report.smcs[2]).toEqual(SMC3);
    expect(report.smcs[0]).toEqual({
      id: 1, outcome: "done", code: null, message: null, fw: "0.0.0-ts", board: "linux", power: "OFF", uptimeS: 10, tempC: 24.5, config: "stored",
      boots: 1, lastEnd: "first boot", inputs: INPUTS, links: { A: "up(2)", B: "up(8)" }, modem: "online 9600",
    });
    // One call: every AUTH and STATUS, then MAP. SMC 3's failed AUTH ended every permission of the
    // call, so SMCs 1 and 2 are authenticated again for the map; SMC 3's AUTH is not tried twice.
    expect(requests(web.sent())).toEqual([
      ...IDS.flatMap((id) => (id === 3 ? ["AUTH admin"] : ["AUTH admin", `@${id} STATUS`])),
      "AUTH admin",
      "AUTH admin",
      "MAP",
    ]);
    const st = (await request(web.port, "GET", `/${web.token}/api/state`)).json() as Record<string, any>;
    expect(st.call).toEqual({ phase: "connected", where: "tcp://127.0.0.1:7001", dialled: "5551234", connect: "CONNECT 9600", rate: 9600, lost: null, authenticated: [1, 2, 4, 5, 6, 7, 8], hangup: [] });
    expect(st.status.map((s: { cells: string[] }) => s.cells)).toEqual([
      ["1", "OFF", "10s", "24.5", "ok (2)", "A:up(2) B:up(8)", "1", "ok"],
      ["2", "OFF", "10s", "24.5", "ok (2)", "A:down B:up(1)", "1", "ok"],
      ["3", "-", "-", "-", "-", "-", "-", "unreachable (ERR 10)"],
      // After SMC 3's failed AUTH, 1 s later (its wait, t.failDelayMs).
      ["4", "OFF", "12s", "24.5", "ok (2)", "A:up(5) B:down", "1", "ok"],
      ["5", "OFF", "13s", "24.5", "ok (2)", "A:up(6) B:up(4)", "1", "ok"],
      ["6", "OFF", "14s", "24.5", "ok (2)", "A:up(7) B:up(5)", "1", "ok"],
      ["7", "OFF", "14s", "24.5", "ok (2)", "A:up(8) B:up(6)", "1", "ok"],
      ["8", "OFF", "15s", "24.5", "ok (2)", "A:up(1) B:up(7)", "1", "ok"],
    ]);
    expect(st.status[0].inputsWithRange).toEqual(RANGES);
    expect(st.status[2]).toEqual({ ...SMC3, cells: ["3", "-", "-", "-", "-", "-", "-", "unreachable (ERR 10)"], inputsWithRange: [] });
    expect(st.map).toEqual({
      head: 1,
      entries: [
        { id: 1, side: "self", hops: 0, links: { A: "up", B: "up" } },
        { id: 2, side: "A", hops: 1, links: { A: "down", B: "up" } },
        { id: 8, side: "B", hops: 1, links: { A: "up", B: "up" } },
        { id: 7, side: "B", hops: 2, links: { A: "up", B: "up" } },
        { id: 6, side: "B", hops: 3, links: { A: "up", B: "up" } },
        { id: 5, side: "B", hops: 4, links: { A: "up", B: "up" } },
        { id: 4, side: "B", hops: 5, links: { A: "up", B: "down" } },
      ],
      authenticated: [1, 2, 4, 5, 6, 7, 8],
      ring: false,
    });
  });

  it("log in: SMC 3's failed AUTH ended every permission of the call, so SMCs 1 and 2 are authenticated again; what the page marks is what the SMCs hold", async () => {
    site = simSite("ring8");
    web = await startWeb(site, IDS);
    const r = await api(web, "login");
    expect((r.json() as { text: string }).text).toBe("log in: 7 of 8 ok; SMC 3 unreachable (ERR 10)");
    expect(requests(web.sent())).toEqual([...IDS.map(() => "AUTH admin"), "AUTH admin", "AUTH admin"]);
    // Challenge-response: one CHAL before each AUTH, and no password on the line.
    expect(web.sent().match(/!\d+ CHAL\*/g)!.length).toBe(IDS.length + 2);
    expect(web.sent()).not.toMatch(/pw-\d/);
    const st = (await request(web.port, "GET", `/${web.token}/api/state`)).json() as { call: { authenticated: number[] } };
    expect(st.call.authenticated).toEqual([1, 2, 4, 5, 6, 7, 8]);
    // SMC 1 holds the flag: its command goes at once, no ERR 6 and no AUTH again.
    const before = requests(web.sent()).length;
    expect(((await api(web, "power", { id: 1, action: "state" })).json() as { text: string }).text).toBe("power state SMC 1: done, power OFF");
    expect(requests(web.sent()).slice(before)).toEqual(["@1 POWER STATE"]);
  });

  it("power cycle SMC 5: off, one press (0.3 s); on, one cycle (the button held 5 s, then pressed 0.3 s); the result in words, the table's power updated", async () => {
    site = simSite("ring8");
    web = await startWeb(site, IDS);
    await api(web, "refresh");
    const pin = site.units[4].hw.pinName("power");
    const r = await api(web, "power", { id: 5, action: "cycle", confirm: 5 });
    expect([r.status, r.json()]).toEqual([
      200,
      {
        action: "power cycle SMC 5",
        outcome: "done",
        text: "power cycle SMC 5: done, power ON",
        notes: [],
        smcs: [{ id: 5, outcome: "done", code: null, message: null, power: "ON" }],
        dropped: null,
      },
    ]);
    // The server was off: pressed on, not held (a hold would switch it on and force it off again).
    expect(site.units[4].hw.pins.pulses(pin).map(Math.round)).toEqual([300]);
    for (const k of [0, 1, 3, 5, 6, 7]) expect(site.units[k].hw.pins.pulses(site.units[k].hw.pinName("power"))).toEqual([]);
    expect(requests(web.sent()).slice(-1)).toEqual(["@5 POWER CYCLE"]);
    const st = (await request(web.port, "GET", `/${web.token}/api/state`)).json() as Record<string, any>;
    expect(st.status[4].cells.slice(0, 2)).toEqual(["5", "ON"]);
    // Now on: the cycle holds it off, then presses it on.
    const again = await api(web, "power", { id: 5, action: "cycle", confirm: 5 });
    expect((again.json() as { text: string }).text).toBe("power cycle SMC 5: done, power ON");
    expect(site.units[4].hw.pins.pulses(pin).map(Math.round)).toEqual([300, 5000, 300]);
    // Power on a server that is on: nothing pressed, the state said.
    const on = await api(web, "power", { id: 5, action: "on", confirm: 5 });
    expect((on.json() as { text: string }).text).toBe("power on SMC 5: done, power ON");
    expect(site.units[4].hw.pins.pulses(pin).map(Math.round)).toEqual([300, 5000, 300]);
  });

  it("an action while another runs is refused (409), not queued; the state says what runs", async () => {
    site = simSite("ring8");
    web = await startWeb(site, IDS);
    const first = api(web, "refresh");
    const busy = async () => ((await request(web!.port, "GET", `/${web!.token}/api/state`)).json() as { busy: string | null }).busy;
    // Wait (with a deadline) until the server has taken the refresh: two connections arrive in either order.
    for (let i = 0; i < 400 && (await busy()) !== "refresh"; i++) await new Promise((r) => setTimeout(r, 5));
    expect(await busy()).toBe("refresh");
    const second = await api(web, "log", { id: 1 });
    expect([second.status, second.json()]).toEqual([409, { error: "busy: refresh is running; one action at a time, as on the line" }]);
    expect((await first).status).toBe(200);
    expect(((await request(web.port, "GET", `/${web.token}/api/state`)).json() as { busy: unknown }).busy).toBe(null);
  });

  it("log: the newest records first, paged back with older, and followed as records arrive", async () => {
    site = simSite("ring8");
    web = await startWeb(site, IDS);
    const r = await api(web, "log", { id: 1, follow: true });
    expect(r.status).toBe(200);
    const rep = r.json() as { text: string };
    const st = () => request(web!.port, "GET", `/${web!.token}/api/state`).then((x) => (x.json() as { log: { records: Array<{ seq: number; code: string; text: string }>; following: boolean; older: boolean; total: number } }).log);
    let log = await st();
    const seqs = log.records.map((x) => x.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(rep.text).toBe(`log of SMC 1: done, ${seqs.length} records shown of ${log.total}`);
    expect(log.records.slice(0, 2).map((x) => `${x.code} ${x.text}`)).toEqual(["AUTH granted", "CALL connected at 9600"]);
    expect([log.following, log.older]).toEqual([true, seqs[seqs.length - 1] > 1]);
    const older = await api(web, "log", { id: 1, older: true });
    expect((older.json() as { text: string }).text).toMatch(/^older log records of SMC 1: done, \d+ records shown of \d+$/);
    log = await st();
    expect(log.records.map((x) => x.seq)).toEqual(Array.from({ length: log.records[0].seq }, (_, i) => log.records[0].seq - i));
    expect(log.older).toBe(false);
    // Following: a record written on SMC 1 shows within the next read (every 2 s of the site's time).
    const newest = log.records[0].seq;
    site.units[0].hw.setInput("fanFail", true);
    site.clock.advance(2000);
    for (let i = 0; i < 200 && (await st()).records[0].seq === newest; i++) await new Promise((x) => setTimeout(x, 5));
    log = await st();
    expect(log.records[0]).toMatchObject({ seq: newest + 1, code: "INPUT", text: "fanFail ALARM" });
  });

  it("carrier lost during refresh: what was done and what not, per SMC, and the call shown dropped; the next action dials again", async () => {
    site = simSite("ring8");
    const st = site;
    web = await startWeb(site, IDS, { tap: (b) => void (b.includes("@2 STATUS") && st.clock.setTimeout(() => st.consoleModem!.lineLost(), 30)) });
    const r = await api(web, "refresh");
    const rep = r.json() as Record<string, unknown> & { smcs: Array<{ id: number; outcome: string; message: string | null }> };
    expect(rep.text).toBe(
      "refresh: 1 of 8 ok; SMC 2 line lost, SMC 3 not done, SMC 4 not done, SMC 5 not done, SMC 6 not done, SMC 7 not done, SMC 8 not done; the call dropped: carrier lost (NO CARRIER)",
    );
    expect(rep.outcome).toBe("line-lost");
    expect(rep.dropped).toBe("carrier lost (NO CARRIER)");
    expect(rep.smcs.slice(1, 3)).toEqual([
      { id: 2, outcome: "line-lost", code: null, message: "carrier lost (NO CARRIER)" },
      { id: 3, outcome: "not-attempted", code: null, message: "the call dropped before this SMC's turn (carrier lost (NO CARRIER))" },
    ]);
    const state = (await request(web.port, "GET", `/${web.token}/api/state`)).json() as { call: unknown };
    expect(state.call).toEqual({ phase: "lost", where: "tcp://127.0.0.1:7001", dialled: "5551234", connect: "CONNECT 9600", rate: 9600, lost: "carrier lost (NO CARRIER)", authenticated: [], hangup: [] });
    const again = await api(web, "power", { id: 1, action: "state" });
    expect((again.json() as { text: string }).text).toBe("power state SMC 1: done, power OFF");
    expect(((await request(web.port, "GET", `/${web.token}/api/state`)).json() as { call: { phase: string } }).call.phase).toBe("connected");
  });

  it("server-sent events: the whole state at once, then on every change; a carrier loss arrives as the call's phase", async () => {
    site = simSite("ring8");
    web = await startWeb(site, IDS);
    await api(web, "login");
    const res = await fetch(`${web.url}api/events`);
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const reader = res.body!.getReader();
    let buf = "";
    const next = async (): Promise<{ call: { phase: string; lost: string | null }; last: { text: string } | null }> => {
      for (;;) {
        const end = buf.indexOf("\n\n");
        if (end >= 0) {
          const frame = buf.slice(0, end);
          buf = buf.slice(end + 2);
          const data = frame.split("\n").find((l) => l.startsWith("data: "));
          if (data && frame.includes("event: state")) return JSON.parse(data.slice(6));
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error("events ended");
        buf += new TextDecoder().decode(value);
      }
    };
    const first = await next();
    expect([first.call.phase, first.last?.text]).toEqual(["connected", "log in: 7 of 8 ok; SMC 3 unreachable (ERR 10)"]);
    site.consoleModem!.lineLost();
    site.clock.advance(1000);
    const lost = await next();
    expect([lost.call.phase, lost.call.lost]).toEqual(["lost", "carrier lost (NO CARRIER)"]);
    await reader.cancel();
  });

  it("hang up: BYE and closed; every SMC's flags cleared; Ctrl-C of smc-console web hangs up too", async () => {
    site = simSite("ring8");
    web = await startWeb(site, IDS);
    await api(web, "login");
    const h = await api(web, "hangup");
    expect(h.json()).toEqual({ action: "hang up", outcome: "done", text: "hang up: done (BYE, closed)", notes: [], smcs: [], dropped: null });
    expect(((await request(web.port, "GET", `/${web.token}/api/state`)).json() as { call: unknown }).call).toMatchObject({ phase: "hung-up", hangup: ["BYE", "closed"], authenticated: [] });
    expect(((await api(web, "hangup")).json() as { text: string }).text).toBe("hang up: no call");
    await api(web, "login");
    const w = web;
    web = undefined;
    expect(await w.stop()).toBe(0);
    expect(requests(w.sent()).filter((x) => x === "BYE")).toEqual(["BYE", "BYE"]);
  });
});
