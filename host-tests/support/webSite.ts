// `smc-console web` run in-process against a simulated site (sites/*.json),
// the site's virtual clock moved only while one of the page's actions runs
// (CliIo.pump), so figures are the same on every run; the page's HTTP
// server is real, on 127.0.0.1.
import { readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { main, CliIo } from "../../host/console/cli";
import type { ByteStream } from "../../host/console/stream";
import { consoleClock, drive, siteStream } from "../../host/console/virtual";
import { Site } from "../../host/sim/site";
import { readSiteFile, siteSpec } from "../../host/sim/siteFile";
import { board, siteFile } from "./consoleSite";

const root = path.resolve(import.meta.dirname, "../..");

/** sites/<name>.json on the TypeScript firmware, powered (its dead SMCs not), links settled. */
export function simSite(name: string): Site {
  const f = readSiteFile(path.join(root, "sites", `${name}.json`));
  const site = new Site({ ...siteSpec(f, board, ""), firmware: { kind: "ts" } });
  site.powerOn(f.dead.map((d) => d - 1));
  // Heartbeats up, dead neighbours found down (t.linkDownMs), modems initialised.
  site.clock.advance(5000);
  return site;
}

export interface WebRun {
  url: string;
  port: number;
  token: string;
  /** Everything the console sent on the line. */
  sent(): string;
  out(): string;
  err(): string;
  /** Ctrl-C: hangs up, stops the server; resolves with the exit code. */
  stop(): Promise<number>;
}

/** Starts `smc-console --site <file> web` against `site`; `tap` sees each write to the line. */
export async function startWeb(site: Site, ids: number[], o: { tap?: (bytes: string) => void; ring?: boolean; argv?: string[] } = {}): Promise<WebRun> {
  const s = siteFile({ ids });
  // The console's site file says how the SMCs are cabled, as a maintainer's would.
  if (o.ring !== undefined) writeFileSync(s.file, JSON.stringify({ ...JSON.parse(readFileSync(s.file, "utf8")), ring: o.ring }, null, 2));
  const tap = o.tap;
  const extra = o.argv ?? [];
  let out = "";
  let err = "";
  let sent = "";
  const abort = new AbortController();
  const open = async (): Promise<ByteStream> => {
    const st = siteStream(site);
    return {
      ...st,
      write: (b: string) => {
        sent += b;
        tap?.(b);
        st.write(b);
      },
    };
  };
  const io: CliIo = {
    env: s.env,
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
    open,
    clock: consoleClock(site.clock),
    // No TIME after AUTH (wallTime): these calls' exact requests and records
    // are the ones asserted; host-tests/time.test.ts runs the console with it.
    callOptions: { framed: { firstSeq: 0 }, wallTime: undefined },
    signal: abort.signal,
    pump: (p) => drive(site.clock, p),
  };
  const done = main(["--site", s.file, "web", ...extra], io);
  for (let i = 0; i < 1000 && !out.includes("\n"); i++) await new Promise((r) => setTimeout(r, 5));
  const url = out.trim();
  const m = /^http:\/\/127\.0\.0\.1:(\d+)\/([0-9a-f]{32})\/$/.exec(url);
  if (!m) throw new Error(`smc-console web printed no address: ${JSON.stringify({ out, err })}`);
  return {
    url,
    port: Number(m[1]),
    token: m[2],
    sent: () => sent,
    out: () => out,
    err: () => err,
    stop: async () => {
      abort.abort();
      return done;
    },
  };
}

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  json(): unknown;
}

/** One request with chosen headers (Host and Origin included, which fetch would not let a test set). */
export function request(port: number, method: string, pathName: string, o: { headers?: Record<string, string>; body?: unknown } = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const data = o.body === undefined ? undefined : typeof o.body === "string" ? o.body : JSON.stringify(o.body);
    const headers: Record<string, string> = { host: `127.0.0.1:${port}`, ...(data !== undefined ? { "content-type": "application/json" } : {}), ...o.headers };
    const req = http.request({ host: "127.0.0.1", port, method, path: pathName, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) }));
    });
    req.on("error", reject);
    if (data !== undefined) req.write(data);
    req.end();
  });
}
