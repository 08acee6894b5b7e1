// The soak: calls to a site of SMCs with random faults between them, several
// commands queued at once, long calls (more chain operations than an 8-bit
// number counts), the backup modem answering while the primary SMC is dead,
// and the line dropped between queued lines. It counts what must never
// happen: a command run twice, an answer that is not what happened, access
// that outlives its call, a guess the lockout did not count, a call or
// command never answered.
//
// Commands go framed (docs/protocol.md, "Framed mode"), as a program sends
// them: replies are told apart by seq, and several can be queued at once.
import { frame, parseFramed } from "../../firmware/protocol";
import { rng } from "../sim/wire";
import { SITE_NUMBER, siteUser, sitePassword } from "../sim/site";
import type { SoakOptions, SoakReport, SoakSite } from "./types";

/**
 * Failed AUTHs that lock AUTH, at the SMC holding the call, whatever the
 * search found and whoever logs in between (docs/protocol.md, "Guessing").
 */
const LOCK_AFTER = 3;
/** Wrong guesses typed in a guessing call: past the lock, short of a hang-up for failures. */
const GUESSES_PER_CALL = 4;
/** A pulse this long after the line dropped was not already under way. */
const DROP_MARGIN_MS = 1500;
const DIAL_DEADLINE_MS = 120000;
const FINDINGS_KEPT = 12;
/** The unit whose variables are reported: the backup modem's, which the faults spare. */
const MEASURED_UNIT = 1;

interface Answer {
  lines: string[];
  final: string;
}

export const DEFAULT_SOAK: SoakOptions = { seed: 1, calls: 24, commandsPerCall: 8, longCallEvery: 6, longCallOps: 300, settleMs: 8000, afterDropMs: 15000 };

export async function soak(site: SoakSite, options: Partial<SoakOptions> = {}): Promise<SoakReport> {
  const o = { ...DEFAULT_SOAK, ...options };
  const random = rng(o.seed);
  const int = (n: number) => Math.floor(random() * n);
  const n = site.ids.length;
  const r: SoakReport = {
    backend: site.backend,
    calls: 0,
    callsAnswered: 0,
    faults: 0,
    commands: 0,
    queuedBursts: 0,
    carrierLosses: 0,
    guesses: 0,
    executedTwice: 0,
    wrongAnswers: 0,
    outlivedPermissions: 0,
    uncountedGuesses: 0,
    hung: 0,
    findings: [],
  };
  /** Where each unit's console stood when the call was dialled (site.consoles): a finding shows what the units logged since. */
  let marks: number[] = [];
  const find = (what: string) => {
    if (r.findings.length < FINDINGS_KEPT) r.findings.push(`call ${r.calls}: ${what}${logged()}`);
  };
  /**
   * What the units' own logs say of the call so far, where the site has
   * consoles: the records that explain an ERR 6 or ERR 10 nobody injected
   * (a link that went down, flags cleared, a permission ended, the call's end).
   */
  const logged = (): string => {
    if (!site.consoles) return "";
    const seen = site.consoles().map((c, u) => {
      const lines = c.slice(marks[u] ?? 0).split("\n");
      const kept = lines.filter((l) => / (LINK \w+ down|CALL |LOGOUT |AUTHFAIL )/.test(l)).map((l) => l.replace(/^[>\s]*|\s+$/g, "").slice(0, 90));
      return kept.length ? `unit ${u}: ${kept.slice(-6).join("; ")}` : "";
    });
    const said = seen.filter((x) => x).join(" | ");
    return said ? ` [logged since the dial: ${said}]` : "";
  };
  /**
   * The phone line is down in this call: a NO CARRIER was seen (every
   * burst clears the text, so it is looked for before each clear). What
   * is still to send in the call is not sent: the console's modem would
   * answer it ERROR in command mode, and each burst wait its deadline.
   */
  let lineDown = false;
  const sawNoCarrier = () => (lineDown = lineDown || site.text().includes("NO CARRIER"));
  const dead = new Set<number>();
  const cuts = new Set<number>(); // wire k joins unit k and k+1 (mod n in a ring)
  const wires = site.ring ? n : n - 1;
  const wireEnds = (k: number): [number, number] => [k, (k + 1) % n];
  // The lockout as the docs promise it, per SMC holding the call.
  const fails = new Map<number, number>();
  const lockedUntil = new Map<number, number>();
  const lastFail = new Map<number, number>();
  let seq = 0;
  /** The SMC a queued AUTH named when the line last dropped: the next call must not inherit it. */
  let lastVictim = -1;

  /** Units the head can reach over live SMCs and uncut cables. */
  const reachable = (head: number): Set<number> => {
    const seen = new Set([head]);
    const todo = [head];
    while (todo.length) {
      const u = todo.pop()!;
      for (let k = 0; k < wires; k++) {
        if (cuts.has(k)) continue;
        const [a, b] = wireEnds(k);
        const v = a === u ? b : b === u ? a : -1;
        if (v >= 0 && !dead.has(v) && !seen.has(v)) {
          seen.add(v);
          todo.push(v);
        }
      }
    }
    return seen;
  };

  /** Sends framed commands at once; resolves with each one's answer (undefined: none before the line dropped). */
  const burst = async (cmds: string[], dropAfterMs = -1): Promise<Array<Answer | undefined>> => {
    const seqs = cmds.map(() => String((seq = (seq % 9999) + 1)));
    if (sawNoCarrier()) return seqs.map(() => undefined);
    site.clear();
    site.send(cmds.map((c, i) => frame(seqs[i], c).replace("\r\n", "\r")).join(""));
    r.commands += cmds.length;
    const answers = () => {
      const got = new Map<string, Answer>();
      // Lines end "\r\n", but what was read before the last clear may have
      // ended between the two (a wait that matched before its line ended,
      // a chunk cut there): a line is what lies between "\n"s, CRs dropped.
      for (const raw of site.text().split("\n")) {
        const line = raw.replace(/\r/g, "");
        const f = line.charAt(0) === "!" ? parseFramed(line) : undefined;
        if (!f) continue;
        const a = got.get(f.seq) ?? { lines: [], final: "" };
        if (/^(OK$|ERR \d+)/.test(f.body)) a.final = f.body;
        else a.lines.push(f.body);
        got.set(f.seq, a);
      }
      return got;
    };
    const complete = (t: string) => t.includes("NO CARRIER") || seqs.every((s) => answers().get(s)?.final);
    if (dropAfterMs >= 0) {
      await site.pause(dropAfterMs);
      site.dropLine();
      r.carrierLosses++;
      await site.waitText((t) => t.includes("NO CARRIER"), 10000);
    } else if (!(await site.waitText(complete, 3 * site.requestMs))) {
      r.hung++;
      find(`no answer to ${JSON.stringify(cmds)}: ${JSON.stringify(site.text().slice(-200))}`);
    }
    sawNoCarrier();
    const got = answers();
    return seqs.map((s) => (got.get(s)?.final ? got.get(s) : undefined));
  };

  const resetsSince = (unit: number, t: number) => site.resetTimes(unit).filter((x) => x >= t).length;

  const faults = async () => {
    const kinds = int(4);
    if (kinds === 0 && dead.size < 1) {
      // Any SMC but the backup's, so a call always has a modem to reach.
      const u = [0, ...Array.from({ length: n - 2 }, (_, i) => i + 2)][int(n - 1)];
      dead.add(u);
      await site.kill(u);
      r.faults++;
    } else if (kinds === 1 && dead.size) {
      const u = [...dead][0];
      dead.delete(u);
      await site.revive(u);
      r.faults++;
    } else if (kinds === 2 && cuts.size < 1) {
      const k = int(wires);
      cuts.add(k);
      site.cut(...wireEnds(k));
      r.faults++;
    } else if (kinds === 3 && cuts.size) {
      const k = [...cuts][0];
      cuts.delete(k);
      site.mend(...wireEnds(k));
      r.faults++;
    }
    await site.pause(o.settleMs);
  };

  const dial = async (): Promise<boolean> => {
    lineDown = false;
    marks = site.consoles ? site.consoles().map((c) => c.length) : [];
    site.clear();
    site.send(`ATDT${SITE_NUMBER}\r`);
    // The whole result line: the first burst's text must not start with the rest of it.
    const ok = await site.waitText((t) => /(CONNECT|NO CARRIER|NO ANSWER|BUSY)[^\n]*\n/.test(t), DIAL_DEADLINE_MS);
    return ok && site.text().includes("CONNECT");
  };

  /** AUTH as the model of the lockout expects; returns the answer. */
  const auth = async (head: number, password: string, wrong: boolean): Promise<Answer | undefined> => {
    const [a] = await burst([`AUTH ${siteUser} ${password}`]);
    if (!a) return a;
    const now = site.now();
    const locked = now < (lockedUntil.get(head) ?? 0);
    if (wrong) {
      r.guesses++;
      if (locked && !a.final.startsWith("ERR 8")) {
        r.uncountedGuesses++;
        find(`guess answered ${a.final} during the lockout`);
      }
      if (!locked && !a.final.startsWith("ERR 8")) {
        // Failures are forgotten t.lockoutMs after the last one.
        const f = (now - (lastFail.get(head) ?? -Infinity) > site.lockoutMs ? 0 : (fails.get(head) ?? 0)) + 1;
        lastFail.set(head, now);
        fails.set(head, f);
        if (f >= LOCK_AFTER) {
          fails.set(head, 0);
          lockedUntil.set(head, now + site.lockoutMs);
        }
      }
      if (a.final === "OK") {
        r.wrongAnswers++;
        find("a wrong password was accepted");
      }
    }
    return a;
  };

  // Memory of SMC 2, the backup modem's: never killed by the faults, the head of some calls, a relay in the rest.
  r.variablesStart = await site.variables(MEASURED_UNIT);
  for (let c = 0; c < o.calls; c++) {
    r.calls++;
    await faults();
    const head = dead.has(0) ? 1 : 0;
    if (!(await dial())) {
      r.hung++;
      find(`the site did not answer (${JSON.stringify(site.text().slice(-80))})`);
      continue;
    }
    r.callsAnswered++;
    const reach = reachable(head);
    const idsReached = [...reach].filter((u) => u !== head);

    // Nothing of an earlier call may serve this one before an AUTH.
    const probe = idsReached.length ? site.ids[idsReached[int(idsReached.length)]] : site.ids[head];
    const probes = ["STATUS", `@${probe} STATUS`];
    if (lastVictim >= 0 && reach.has(lastVictim)) probes.push(`@${site.ids[lastVictim]} STATUS`);
    lastVictim = -1;
    const leftover = await burst(probes);
    leftover.forEach((a, k) => {
      if (!a || a.final.startsWith("ERR 6")) return;
      // It ran: the access came from an earlier call. Any other answer is wrong too.
      if (a.final === "OK") r.outlivedPermissions++;
      else r.wrongAnswers++;
      find(`before AUTH, ${probes[k]} answered ${a.final}`);
    });

    // Guessing, with the lockout counted even though part of the site may be down.
    if (c % 3 === 1) {
      for (let g = 0; g < GUESSES_PER_CALL; g++) await auth(head, `guess-${c}-${g}`, true);
      if (sawNoCarrier()) {
        find(`the site hung up during ${GUESSES_PER_CALL} guesses, fewer than its AUTH tries`);
        continue;
      }
      // Wait the lockout out, as a patient attacker would, before the real AUTHs.
      const until = lockedUntil.get(head) ?? 0;
      if (site.now() < until) await site.pause(until - site.now() + 500);
    }

    // AUTH to a few SMCs this head can reach.
    const authed: number[] = [];
    const long = c % o.longCallEvery === o.longCallEvery - 1;
    const targets = [head, ...idsReached].sort(() => random() - 0.5).slice(0, (long ? 2 : 1) + int(3));
    for (const u of targets) {
      const id = site.ids[u];
      const a = await auth(head, sitePassword(id), false);
      if (!a) continue;
      if (a.final === "OK") {
        if (!a.lines.includes(`ID ${id}`)) {
          r.wrongAnswers++;
          find(`AUTH for SMC ${id} answered ${a.lines.join("|")}`);
        } else authed.push(u);
      } else {
        find(`AUTH for reachable SMC ${id} answered ${a.final} (head unit ${head}, dead ${[...dead]}, cut wires ${[...cuts]})`);
        // A failed AUTH ends every permission of the call, on every SMC
        // (docs/protocol.md, "Sessions and the permission flag"): the
        // ones granted before it answer ERR 6 now, as they should.
        authed.length = 0;
      }
    }
    if (lineDown) {
      find(`the site hung up during the AUTHs: ${JSON.stringify(site.text().slice(-80))}`);
      continue;
    }
    if (!authed.length) {
      site.send(frame(String((seq = (seq % 9999) + 1)), "BYE").replace("\r\n", "\r"));
      await site.waitText((t) => t.includes("NO CARRIER"), 20000);
      continue;
    }
    const callStart = site.now();

    // Commands, some queued together. RESETs are accounted per unit.
    const resetOk = new Map<number, number>();
    const resetErr = new Map<number, number>();
    const account = (u: number, a: Answer | undefined) => {
      if (!a) return;
      const m = a.final === "OK" ? resetOk : resetErr;
      m.set(u, (m.get(u) ?? 0) + 1);
    };
    const plan: Array<{ cmd: string; u: number; kind: "reset" | "status" | "state" }> = [];
    const pick = () => authed[int(authed.length)];
    const step = (kind: "reset" | "status" | "state", u: number) => {
      const id = site.ids[u];
      plan.push({ kind, u, cmd: kind === "reset" ? `@${id} RESET` : kind === "status" ? `@${id} STATUS` : `@${id} POWER STATE` });
    };
    if (long) {
      // One request number's worth of operations between two RESETs of one SMC, and more.
      const x = pick();
      const y = authed.length > 1 ? authed.find((u) => u !== x)! : x;
      // Request numbers were 8 bits: the 255th request after a RESET had its number.
      step("reset", x);
      for (let i = 0; i < 254; i++) step("state", y);
      step("reset", x);
      for (let i = 254; i < o.longCallOps; i++) step("state", y);
    } else {
      for (let i = 0; i < o.commandsPerCall; i++) step(["reset", "status", "state"][int(3)] as "reset", pick());
    }
    for (let i = 0; i < plan.length; ) {
      const size = random() < 0.3 ? 2 + int(3) : 1;
      const group = plan.slice(i, i + size);
      i += group.length;
      if (group.length > 1) r.queuedBursts++;
      const answers = await burst(group.map((p) => p.cmd));
      group.forEach((p, k) => {
        const a = answers[k];
        if (p.kind === "reset") account(p.u, a);
        // An SMC this call holds a permission for (its AUTH answered OK,
        // no failed AUTH since, no fault in the call) must not have lost it.
        if (a && a.final.startsWith("ERR 6")) {
          r.wrongAnswers++;
          find(`${p.cmd} answered ${a.final}, its permission granted in this call`);
        }
        if (p.kind === "status" && a && a.final === "OK" && !a.lines.includes(`ID ${site.ids[p.u]}`)) {
          r.wrongAnswers++;
          find(`${p.cmd} answered as ${a.lines.find((l) => l.startsWith("ID ")) ?? "no ID"}`);
        }
      });
      // What answered before is accounted above; what is left is not sent.
      if (lineDown) {
        find(`the site hung up mid-call, ${plan.length - i} of ${plan.length} commands not sent: ${JSON.stringify(site.text().slice(-80))}`);
        break;
      }
    }
    // Let the last pulse end, then compare pulses with answers.
    await site.pause(1000);
    for (const u of authed) {
      const pulses = resetsSince(u, callStart);
      const ok = resetOk.get(u) ?? 0;
      const err = resetErr.get(u) ?? 0;
      if (pulses < ok) {
        r.wrongAnswers += ok - pulses;
        find(`SMC ${site.ids[u]}: ${ok} RESETs answered OK, ${pulses} pulses`);
      } else if (pulses > ok) {
        const ranDespiteErr = Math.min(pulses - ok, err);
        r.wrongAnswers += ranDespiteErr;
        r.executedTwice += pulses - ok - ranDespiteErr;
        find(`SMC ${site.ids[u]}: ${pulses} pulses for ${ok} OK and ${err} ERR answers`);
      }
    }

    // The end of the call: a plain BYE, or the line lost behind queued lines.
    if (random() < 0.5) {
      const slow = site.ids[authed[0]];
      const victim = authed[authed.length - 1];
      lastVictim = victim;
      const ms = int(500);
      const t0 = site.now() + ms;
      await burst([`@${slow} POWER CYCLE`, `AUTH ${siteUser} ${sitePassword(site.ids[victim])}`, `@${site.ids[victim]} RESET`], ms);
      await site.pause(o.afterDropMs);
      for (let u = 0; u < n; u++) {
        const late = site.resetTimes(u).filter((x) => x > t0 + DROP_MARGIN_MS).length;
        if (late) {
          r.outlivedPermissions += late;
          find(`SMC ${site.ids[u]} reset ${late}x after the line dropped`);
        }
      }
    } else {
      await burst(["BYE"]);
      await site.waitText((t) => t.includes("NO CARRIER"), 20000);
      await site.pause(2000);
    }
  }
  r.variablesEnd = await site.variables(MEASURED_UNIT);
  return r;
}
