// `npm start`'s answers to a wrong command line (host/sim/start.ts,
// host/sim/startChecks.ts): a clear message naming what exists and exit
// code 2, never a stack trace; a board the firmware does not fit is named
// as `npm run build` names it; a terminal that closes hangs up.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import net from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { waitFor } from "../host/real";
import { columns, loadStartBoard, loadStartSite, UsageError } from "../host/sim/startChecks";

const root = path.resolve(import.meta.dirname, "..");
const tsx = path.join(root, "node_modules/.bin/tsx");
const start = (...args: string[]) => spawnSync(tsx, ["host/sim/start.ts", ...args], { cwd: root, encoding: "utf8", timeout: 30000 });

describe("npm start's command line", () => {
  it("names the boards for an unknown --board", () => {
    expect(() => loadStartBoard(root, "nosuch")).toThrow(new UsageError('no board "nosuch": the boards are esp32, linux, nucleo-f401re, original, pico (boards/<name>.json).'));
  });

  it("names the site files for a missing one", () => {
    expect(() => loadStartSite(root, "sites/nosuch.json")).toThrow(
      new UsageError("no site file sites/nosuch.json: the sites are sites/default.json, sites/passthrough4.json, sites/ring8.json (or a file of your own: host/sim/siteFile.ts lists its fields)."),
    );
  });

  it("lines up the banner's second column", () => {
    expect(columns([["a", "one"], ["longer", "two"], ["quit", ""]])).toEqual(["  a        one", "  longer   two", "  quit"]);
  });

  it("exits with code 2 and one line, no stack trace, for --board nosuch, a missing site and a wrong port", () => {
    for (const args of [["--board", "nosuch"], ["sites/nosuch.json"], ["--port", "seven"]]) {
      const r = start("--port", "0", "--pty", "", ...args);
      expect(r.status).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toContain(args[0] === "--board" ? "the boards are esp32, linux" : args[0] === "--port" ? '--port takes a TCP port number (0 picks a free one), not "seven".' : "the sites are sites/default.json");
    }
  });

  it("runs the Espruino Original's bundle with no fit warning: it fits its 2,756 variables", async () => {
    const p = spawn(tsx, ["host/sim/start.ts", "--board", "original", "--port", "0", "--pty", ""], { cwd: root, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (err += d));
    try {
      await waitFor(() => out.includes("Here you can type:"), 30000, () => `the banner; stdout ${JSON.stringify(out)}, stderr ${JSON.stringify(err)}`);
      expect(out).toContain("original");
      expect(err).not.toContain("does not fit");
    } finally {
      p.stdin.end("quit\n");
      await new Promise((resolve) => p.on("exit", resolve));
    }
  });

  it("hangs up when the terminal closes: the next terminal finds the modem in command mode, not the last call", async () => {
    const p = spawn(tsx, ["host/sim/start.ts", "--port", "0", "--pty", ""], { cwd: root, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    const terminal = async (port: number) => {
      const t = { got: "", socket: net.connect(port, "127.0.0.1") };
      t.socket.on("data", (d) => (t.got += d.toString("latin1")));
      await new Promise((resolve) => t.socket.once("connect", resolve));
      return t;
    };
    try {
      await waitFor(() => /npm run console -- (\d+)/.test(out) && out.includes("MODEM ready"), 30000, () => `the banner and MODEM ready: ${out}`);
      const port = Number(/npm run console -- (\d+)/.exec(out)![1]);
      const first = await terminal(port);
      first.socket.write("ATDT5551234\r");
      await waitFor(() => first.got.includes("CONNECT 9600\r\n"), 30000, () => `CONNECT: ${JSON.stringify(first.got)}`);
      first.socket.write("AUTH admin pw-3\r");
      await waitFor(() => first.got.includes("ID 3\r\nOK\r\n"), 10000, () => `AUTH's answer: ${JSON.stringify(first.got)}`);
      first.socket.destroy();
      await waitFor(() => out.includes("terminal disconnected"), 10000, "the disconnection");
      const next = await terminal(port);
      next.socket.write("AT\r");
      await waitFor(() => next.got.includes("\r\n"), 10000, () => `an answer to AT: ${JSON.stringify(next.got)}`);
      await waitFor(() => next.got.endsWith("\r\n") && next.got.length >= "AT\r\r\nOK\r\n".length, 10000, () => `the whole answer: ${JSON.stringify(next.got)}`);
      expect(next.got).toBe("AT\r\r\nOK\r\n");
      next.socket.destroy();
    } finally {
      p.stdin.end("quit\n");
      await new Promise((resolve) => p.on("exit", resolve));
    }
  });

  it.skipIf(spawnSync("sh", ["-c", "command -v socat"]).status !== 0)("takes its socat and pseudo-terminal link along when it is killed (SIGTERM)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "smc-start-"));
    const link = path.join(dir, "modem");
    const p = spawn(tsx, ["host/sim/start.ts", "--port", "0", "--pty", link], { cwd: root, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    const socats = () => spawnSync("pgrep", ["-f", `link=${link}`], { encoding: "utf8" }).stdout.trim();
    try {
      await waitFor(() => out.includes("Here you can type:") && existsSync(link), 30000, () => `the banner and the link: ${out}`);
      expect(socats()).not.toBe("");
      p.kill("SIGTERM");
      await new Promise((resolve) => p.on("exit", resolve));
      await waitFor(() => socats() === "" && !existsSync(link), 5000, () => `socat gone (left: ${socats()}) and the link removed`);
    } finally {
      p.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
