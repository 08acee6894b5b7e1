// The web page in a real browser (Debian's chromium or firefox-esr,
// headless, driven by puppeteer-core: no browser download), against
// sites/ring8.json (SMC 3 dead) simulated in virtual time. The browser runs
// in wall time, so every wait is for an expected DOM state with a deadline,
// never a fixed sleep. One browser launch per suite. Screenshots of each
// state go to .tmp/screenshots/<browser>/ (not committed);
// docs/console-web.png is a copy of chromium's ring8.png.
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Site } from "../../host/sim/site";
import { runConsole, siteFile } from "./consoleSite";
import { skipWithout } from "./tools";
import { simSite, startWeb, WebRun } from "./webSite";

const IDS = [1, 2, 3, 4, 5, 6, 7, 8];
const ROOT = path.resolve(import.meta.dirname, "../..");
/** Wall-time deadline for the page to show what the console program knows. */
const DEADLINE_MS = 10000;

export interface BrowserKind {
  name: "chromium" | "firefox";
  /** The command, and the Debian package that brings it. */
  command: string;
  pkg: string;
}

const exe = (k: BrowserKind) => [process.env[k.name.toUpperCase()], `/usr/bin/${k.command}`].find((p) => p && existsSync(p)) ?? k.command;

/** The suite in one browser; without it, skipped with one line saying so (a failure under CI=true, where .ci/run installs it). */
export function browserSuite(k: BrowserKind): void {
  const skip = process.env[k.name.toUpperCase()] ? false : skipWithout(`BROWSER SUITE (${k.name})`, { [k.command]: k.pkg });
  const SHOTS = path.join(ROOT, ".tmp/screenshots", k.name);
  let browser: Browser;
  let page: Page;
  let site: Site;
  let web: WebRun;
  let cliRows: string[][];
  const pageErrors: string[] = [];

  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  const text = (sel: string) => page.$eval(sel, (e) => e.textContent ?? "");

  describe.skipIf(skip)(`the web page in ${k.name}, on the simulated ring of 8 with SMC 3 dead`, () => {
    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      site = simSite("ring8");
      // `status all` of the CLI first (its own call, hung up), to hold the page's table against.
      const s = siteFile({ ids: IDS });
      const cli = await runConsole(site, ["--site", s.file, "status", "all"], s.env);
      cliRows = cli.out.trimEnd().split("\n").slice(1).map((l) => l.trim().split(/\s{2,}/));
      web = await startWeb(site, IDS, { ring: true });
      browser = await puppeteer.launch({
        browser: k.name === "chromium" ? "chrome" : "firefox",
        executablePath: exe(k),
        headless: true,
        args: k.name === "chromium" ? ["--no-sandbox", "--disable-gpu"] : [],
        defaultViewport: { width: 1280, height: 1000 },
      });
      page = await browser.newPage();
      // A script error on the page fails the suite (it would leave the page showing stale state).
      page.on("pageerror", (e) => pageErrors.push((e as Error).message));
      // The desktop's light scheme (Firefox's BiDi has no such emulation; headless it is light).
      if (k.name === "chromium") await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "light" }]);
      await page.goto(web.url);
      await page.waitForSelector("body[data-ready]", { timeout: DEADLINE_MS });
    }, 60000);

    afterAll(async () => {
      expect(pageErrors).toEqual([]);
      await browser?.close();
      await web?.stop();
      for (const u of site?.units ?? []) u.powerOff();
    });

    it("refresh draws the ring with SMC 3 dead and its two cables marked, and the table's rows are status all's", async () => {
      expect(await text("#call")).toBe("no call");
      await page.click("#refresh");
      await page.waitForFunction('document.getElementById("report").textContent.startsWith("refresh:")', { timeout: DEADLINE_MS });
      expect(await text("#report")).toBe("refresh: 7 of 8 ok; SMC 3 unreachable (ERR 10)");
      expect(await text("#call")).toBe("connected at 9600 bit/s (CONNECT 9600)");
      const svg = await page.$eval("#site", (s) => ({
        kind: s.getAttribute("data-kind"),
        smcs: [...s.querySelectorAll("g.smc")].map((g) => `${g.getAttribute("data-id")}:${g.getAttribute("class")}`),
        links: [...s.querySelectorAll("g.link")].map((g) => `${g.getAttribute("data-link")}:${g.getAttribute("class")}`),
      }));
      expect(svg).toEqual({
        kind: "broken ring",
        smcs: ["4:smc reached auth off", "5:smc reached auth off", "6:smc reached auth off", "7:smc reached auth off", "8:smc reached auth off", "1:smc reached auth off", "2:smc reached auth off", "3:smc dead"],
        links: ["4-5:link up", "5-6:link up", "6-7:link up", "7-8:link up", "8-1:link up", "1-2:link up", "2-3:link dead", "3-4:link dead"],
      });
      expect(await text("#site-words")).toBe("broken ring of 8 seen from SMC 1; not reached: SMC 3");
      const rows = await page.$$eval("#servers tbody tr", (trs) =>
        trs.map((tr) => {
          const td = [...tr.querySelectorAll("td")];
          const cell = (i: number) => (i === 4 ? td[4].querySelector(".sum")!.textContent! : td[i].textContent!);
          return { row: [0, 1, 2, 3, 4, 5, 6, 8].map(cell), inputs: [...td[4].querySelectorAll("li")].map((li) => li.textContent), last: td[7].textContent };
        }),
      );
      // The same words as `smc-console status all`; only the uptime moved on (the CLI's call came first).
      expect(cliRows.length).toBe(8);
      expect(rows.map((r) => r.row.filter((_, i) => i !== 2))).toEqual(cliRows.map((r) => r.filter((_, i) => i !== 2)));
      for (const [k, r] of rows.entries()) {
        if (cliRows[k][7] !== "ok") {
          expect([k, r.row[2], r.inputs, r.last]).toEqual([2, "-", [], "-"]);
          continue;
        }
        const secs = (t: string) => [...t.matchAll(/(\d+)([dhms])/g)].reduce((n, [, v, u]) => n + Number(v) * { d: 86400, h: 3600, m: 60, s: 1 }[u as "d"], 0);
        expect(secs(r.row[2])).toBeGreaterThanOrEqual(secs(cliRows[k][2]));
        expect(r.inputs).toEqual(["fanFail 0 ok (alarm at 1)", "intrusion 0 ok (alarm at 1)"]);
        expect(r.last).toBe("first boot");
      }
      await shot("ring8");
    });

    it("choosing SMC 5 from the keyboard shows its log, newest first", async () => {
      // An SVG element: focused as the Tab key would (puppeteer's focus() takes HTML elements only).
      await page.$eval('#site g.smc[data-id="5"]', (g) => (g as unknown as { focus(): void }).focus());
      await page.keyboard.press("Enter");
      await page.waitForFunction('document.querySelectorAll("#log tbody tr").length > 0', { timeout: DEADLINE_MS });
      expect(await text("#smc-h")).toBe("SMC 5");
      const seqs = await page.$$eval("#log tbody tr", (trs) => trs.map((tr) => Number(tr.getAttribute("data-seq"))));
      expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
      expect(await page.$eval("#site g.smc[data-id='5']", (g) => g.getAttribute("class"))).toContain("selected");
    });

    it("power cycle from the page asks, naming the server, then pulses the power pin once (a press: the server was off, a hold would switch it on and off) and says so; the log follows", async () => {
      const pin = site.units[4].hw.pinName("power");
      await page.focus('[data-power="cycle"]');
      await page.keyboard.press("Enter");
      await page.waitForSelector("#confirm[open]", { timeout: DEADLINE_MS });
      expect(await text("#confirm-q")).toBe("Power cycle the server behind SMC 5?");
      await shot("confirm");
      // Cancel has the focus: Enter on it does nothing to the server.
      await page.keyboard.press("Enter");
      await page.waitForSelector("#confirm:not([open])", { timeout: DEADLINE_MS });
      expect(site.units[4].hw.pins.pulses(pin)).toEqual([]);
      await page.click('[data-power="cycle"]');
      await page.waitForSelector("#confirm[open]", { timeout: DEADLINE_MS });
      await page.click("#confirm-yes");
      await page.waitForFunction('document.getElementById("report").textContent.startsWith("power cycle SMC 5")', { timeout: DEADLINE_MS });
      expect(await text("#report")).toBe("power cycle SMC 5: done, power ON");
      // Rounded: virtual times are fractional (a byte at 9600 baud takes
      // 1.04 ms), so a pulse's length, their difference, carries float error.
      expect(site.units[4].hw.pins.pulses(pin).map((ms) => Math.round(ms * 1000) / 1000)).toEqual([300]);
      expect(await page.$eval('#servers tr[data-id="5"] td:nth-child(2)', (t) => t.textContent)).toBe("ON");
      // Following: the next read (2 s of the site's time later) brings the cycle's records to the top.
      site.clock.advance(2000);
      await page.waitForFunction('/POWER/.test(document.querySelector("#log tbody tr td:nth-child(3)").textContent)', { timeout: DEADLINE_MS });
      const top = await page.$$eval("#log tbody tr", (trs) => trs.slice(0, 3).map((tr) => [...tr.querySelectorAll("td")].slice(2).map((t) => t.textContent).join(" ")));
      expect(top).toContain("POWER CYCLE commanded");
      await shot("power-cycle");
    });

    it("a carrier loss shows on the page within a second, in words", async () => {
      site.consoleModem!.lineLost();
      // The site's time for NO CARRIER to reach the console; then the page has one second of wall time.
      site.clock.advance(200);
      const t0 = Date.now();
      await page.waitForSelector('#call[data-phase="lost"]', { timeout: 1000 });
      expect(Date.now() - t0).toBeLessThan(1000);
      expect(await text("#call")).toBe("the call dropped: carrier lost (NO CARRIER)");
      // Following read on the call that dropped; the page says it no longer follows.
      await page.waitForSelector("#follow:not(:checked)", { timeout: DEADLINE_MS });
      expect(await page.$eval("#hangup", (b) => (b as unknown as { disabled: boolean }).disabled)).toBe(true);
      await shot("carrier-lost");
    });

    it("dark theme, for 3 a.m.", async () => {
      await page.click("#theme");
      expect(await page.$eval("html", (h) => h.getAttribute("data-theme"))).toBe("dark");
      const bg = await page.evaluate("getComputedStyle(document.body).backgroundColor");
      expect(bg).toBe("rgb(16, 18, 20)");
      await shot("dark");
    });
  });
}
