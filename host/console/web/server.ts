// The page's HTTP server, on 127.0.0.1 only. Everything lives under
// /<token>/, so the page's relative URLs carry the token:
//   GET  /<token>/            the page (page/index.html, app.js, app.css)
//   GET  /<token>/api/state   the state document (types.ts WebState)
//   GET  /<token>/api/events  server-sent events: "state", the whole document, on every change
//   POST /<token>/api/<action> an action (controller.ts), JSON body; answers a Report
// Refusals are JSON { "error": "…" } with 403 (token, Host, Origin), 404,
// 405, 400 (body), 409 (an action runs), 413 (body too big).
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { ACTIONS, type WebConsole } from "./controller";
import { guard } from "./guard";

export interface ServeOptions {
  /** 0 (default): a free port. */
  port?: number;
  /** Tests give a fixed one; otherwise 128 random bits. */
  token?: string;
}

export interface Served {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const PAGE_DIR = path.join(import.meta.dirname, "page");
const FILES: Record<string, { file: string; type: string }> = {
  "": { file: "index.html", type: "text/html; charset=utf-8" },
  "app.js": { file: "app.js", type: "text/javascript; charset=utf-8" },
  "app.css": { file: "app.css", type: "text/css; charset=utf-8" },
  "site.js": { file: "site.js", type: "text/javascript; charset=utf-8" },
};
/** An action's body is a few fields. */
const MAX_BODY = 4096;

const HEADERS = {
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
  // The token is in the URL: never send it on as a Referer.
  "referrer-policy": "no-referrer",
  "content-security-policy": "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
};

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...HEADERS, "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

function readBody(req: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve) => {
    let got = "";
    let over = false;
    req.setEncoding("utf8");
    req.on("data", (c: string) => {
      if (over) return;
      got += c;
      if (got.length > MAX_BODY) over = true;
    });
    req.on("end", () => resolve(over ? null : got));
    req.on("error", () => resolve(null));
  });
}

export function serve(web: WebConsole, o: ServeOptions = {}): Promise<Served> {
  const token = o.token ?? randomBytes(16).toString("hex");
  const streams = new Set<http.ServerResponse>();
  const onState = (s: unknown) => {
    const frame = `event: state\ndata: ${JSON.stringify(s)}\n\n`;
    for (const res of streams) res.write(frame);
  };
  web.on("state", onState);
  let port = 0;
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const g = guard({ host: req.headers.host, origin: req.headers.origin, path: url.pathname }, port, token);
    if ("error" in g) return json(res, g.status, { error: g.error });
    const rest = g.rest;
    if (rest === "" && !url.pathname.endsWith("/")) {
      res.writeHead(301, { ...HEADERS, location: `/${token}/` });
      return res.end();
    }
    const file = FILES[rest];
    if (file) {
      if (req.method !== "GET") return json(res, 405, { error: `${req.method} ${rest || "/"}: only GET` });
      res.writeHead(200, { ...HEADERS, "content-type": file.type });
      return res.end(readFileSync(path.join(PAGE_DIR, file.file)));
    }
    if (rest === "api/state") {
      if (req.method !== "GET") return json(res, 405, { error: "api/state: only GET" });
      return json(res, 200, web.state());
    }
    if (rest === "api/events") {
      if (req.method !== "GET") return json(res, 405, { error: "api/events: only GET" });
      res.writeHead(200, { ...HEADERS, "content-type": "text/event-stream", connection: "keep-alive" });
      res.write(`retry: 1000\nevent: state\ndata: ${JSON.stringify(web.state())}\n\n`);
      streams.add(res);
      req.on("close", () => streams.delete(res));
      return;
    }
    const m = /^api\/([a-z]+)$/.exec(rest);
    if (!m || !(ACTIONS as readonly string[]).includes(m[1])) return json(res, 404, { error: `not found: ${rest}${m ? ` (the actions: ${ACTIONS.join(", ")})` : ""}` });
    if (req.method !== "POST") return json(res, 405, { error: `api/${m[1]}: only POST` });
    if (!/^application\/json\b/.test(req.headers["content-type"] ?? "")) return json(res, 415, { error: "the body is JSON (content-type: application/json)" });
    const text = await readBody(req);
    if (text === null) return json(res, 413, { error: `the body is at most ${MAX_BODY} bytes` });
    let body: unknown;
    try {
      body = text.trim() ? JSON.parse(text) : {};
    } catch {
      return json(res, 400, { error: "the body is not JSON" });
    }
    const a = await web.act(m[1], body as never);
    json(res, a.status, a.body);
  });
  // Server-sent events stay open; a comment now and then keeps proxies and browsers from timing them out.
  const keepAlive = setInterval(() => {
    for (const res of streams) res.write(": keep-alive\n\n");
  }, 15000);
  keepAlive.unref();
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port ?? 0, "127.0.0.1", () => {
      port = (server.address() as AddressInfo).port;
      resolve({
        url: `http://127.0.0.1:${port}/${token}/`,
        port,
        token,
        close: async () => {
          clearInterval(keepAlive);
          web.off("state", onState);
          for (const res of streams) res.end();
          streams.clear();
          const closed = new Promise<void>((r) => server.close(() => r()));
          server.closeAllConnections();
          await closed;
        },
      });
    });
  });
}
