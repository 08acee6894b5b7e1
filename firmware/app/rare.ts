// The console's rare commands: HELP (with its texts), DIAG, LOG reading,
// CONFIG (showing and changing the stored configuration), MAP and TIME. One
// function with a switch on the verb: on a board its code stays in flash
// and only this one function object is resident (docs/boards.md, "Memory":
// the lead's decision is a resident function, not a module loaded from
// Storage per use, which costs the same RAM and adds a file that can go
// missing). Nothing here is built at boot: HELP's texts are a literal inside
// the function, read when HELP runs.
//
// CONFIG: the admin changes this SMC's stored configuration remotely. A
// change is written as a new version beside the old (config/slots.ts) and
// applies after CONFIG REBOOT. A change that could lock the caller out (the
// user name, the password) must be repeated with CONFIRM at the end.
import { ROLE_NAMES, sha256hex } from "../auth";
import { linkWord, Op } from "../chain";
import { ALL_USERS, parseConfig, readSlots, scanUsers } from "../config";
import { iso, LOG_FILE } from "../log";
import { Err, hex, Reply } from "../protocol";
import { SmcContext } from "./context";

/** The rare commands' constants, as a const enum: written where used, no global on a board. */
export const enum Rare {
  /** Most records one LOG answers; larger pages would hold a board's memory. */
  MaxLogPage = 20,
  /** Delay before a CONFIG REBOOT, so its OK leaves first. */
  RebootDelayMs = 500,
  /** How many times this SMC has booted, and whether the last run ended in a commanded reboot (smc.ts). */
  BootFile = "smc.boot",
}

/** Runs HELP, DIAG, LOG, CONFIG, MAP or TIME; runLocal has checked the permission flag. */
export function rareCommand(ctx: SmcContext, verb: string, args: string[], reply: Reply): void {
  const hal = ctx.hal;
  const c = ctx.config;
  const links = ctx.router.links;
  switch (verb) {
    case "HELP": {
      // One usage per command ("|" is part of the usages). A literal here,
      // not a constant: on a board it stays in flash until HELP runs.
      // Walked line by line with indexOf: split() held every line at once
      // (~60 variables of a board at the call's worst moment, docs/bench.md).
      const text = (
        "HELP\nAUTH <user> <password>\nCHAL | AUTH HMAC <user> <proof>\n[@id] STATUS\n[@id] RESET\n[@id] POWER ON|OFF|CYCLE|STATE\n[@id] READ <input>|POWER\n[@id] DIAG" +
        "\n[@id] LOG [from] [count] | LOG CLEAR CONFIRM\n[@id] CONFIG SHOW|ID <n>|RINGS <n>|CABLED <links>|TIME <name> <ms>|USER <name> <role> <password> [<key>]|USER <name> DELETE CONFIRM|USER <name> CONFIRM|PASSWORD <new> CONFIRM|KEY <hex> CONFIRM|PLAIN ON|PLAIN OFF|REBOOT" +
        "\nMAP\nTIME [<unix seconds>]\nLOGOUT\nBYE\n"
      );
      for (let i = 0, j = text.indexOf("\n"); j > 0; i = j + 1, j = text.indexOf("\n", i)) reply.line(text.substring(i, j));
      return reply.ok();
    }
    case "DIAG": {
      // The SMC tests itself; OK when every part passed.
      let failed = 0;
      const check = (what: string, ok: boolean, detail: string) => {
        if (!ok) failed++;
        reply.line("DIAG " + what + " " + (ok ? "ok" : "FAIL") + (detail ? " " + detail : ""));
      };
      const store = hal.store;
      const probe = "diag" + (hal.clock.now() % 1000);
      const wrote = store.write("smc.diag", probe);
      check("STORAGE", wrote && store.read("smc.diag") === probe, "write, read back, erase");
      store.erase("smc.diag");
      for (let i = 0; i < links.length; i++) {
        const k = links[i];
        const w = linkWord(k, c.id);
        const clash = w === "conflict";
        check("LINK " + k.name, w !== "down" && !clash, (clash ? "up, neighbour has this SMC's ID " + k.peer : w) + ", " + k.bad + " bad frames, " + k.overflows + " overflows, " + k.lost + " lost" + (k.circled ? ", " + k.circled + " searches back round" : ""));
      }
      const modem = ctx.modem;
      if (modem) check("MODEM", modem.word !== "fault", modem.word + ", " + modem.garbage + " stray lines");
      // The Linux build accepts the watchdog and does nothing: its systemd unit
      // restarts an SMC whose process ends (docs/boards.md), not one that hangs.
      if (ctx.board.watchdog === false) reply.line("DIAG WATCHDOG none on this build; the supervisor restarts an ended SMC");
      else check("WATCHDOG", ctx.watchdog, ctx.watchdog ? "armed" : "off");
      const mem = hal.sys.memory();
      const free = mem.free;
      const used = mem.usage;
      // Less than a tenth free leaves no room for a long reply or a burst of
      // frames; a board whose memory grows as needed (Linux) cannot run short so.
      // A simulation's HAL answers -1: it has no interpreter's memory to count.
      // How often the interpreter stopped a handler midway (app/unit.ts, the tick), once it has.
      const ran = ctx.ooms ? ", interrupted since boot: " + ctx.ooms : "";
      if (used < 0) check("MEMORY", true, "not measured in the simulation" + ran);
      else if (!ctx.board.variables) check("MEMORY", true, used + " variables in use, grows as needed" + ran);
      else check("MEMORY", free >= (free + used) / 10, free + " of " + (free + used) + " variables free" + ran);
      if (hal.pins.has("diag")) {
        hal.pins.pulse("diag", true, c.t.resetMs);
        reply.line("DIAG SERVER trigger pulsed");
      }
      if (failed) return reply.err(Err.SelfTestFailed);
      return reply.ok();
    }
    case "LOG": {
      // LOG [from] [count]: a page of the event log, oldest first; re-reading a page is free.
      const log = ctx.log;
      // LOG CLEAR CONFIRM: destructive, so repeated with CONFIRM as CONFIG's changes are.
      if (args.length && args[0].toUpperCase() === "CLEAR") {
        if (args[1] !== "CONFIRM") return reply.err(args.length > 1 ? Err.BadArguments : Err.ConfirmNeeded);
        log.clear();
        return reply.ok();
      }
      const newest = log.seq;
      const count = args.length > 1 ? parseInt(args[1], 10) : 10;
      // Record numbers start at 1; by default the newest `count`.
      const from = args.length > 0 ? parseInt(args[0], 10) : Math.max(1, newest - count + 1);
      if (!(from >= 1) || !(count >= 1 && count <= Rare.MaxLogPage)) return reply.err(Err.BadArguments);
      const records = hal.store.records(LOG_FILE, from - 1, count);
      for (let i = 0; i < records.length; i++) {
        // "<n> <ms>@<unix s> ...": the time shown as ISO 8601 UTC instead of
        // the uptime (docs/protocol.md, "The event log"); "<n> <ms> ..." as it is.
        const rec = records[i];
        const a = rec.indexOf(" ") + 1;
        const b = rec.indexOf(" ", a);
        const at = rec.indexOf("@", a);
        reply.line("LOG " + (at > a && at < b ? rec.substr(0, a) + iso(parseInt(rec.substring(at + 1, b), 10)) + rec.substr(b) : rec));
      }
      // <next>: the record after this page (each record starts with its number),
      // so pages walked by <next> meet every kept record once, across a wrap too;
      // after the newest, the one to be written next.
      const next = records.length ? parseInt(records[records.length - 1], 10) + 1 || newest + 1 : newest + 1;
      // <kept>: the records the flash holds, the oldest kept to the newest.
      // (The oldest kept record's number starts its text.)
      reply.line("LOG " + next + " of " + (newest ? newest + 1 - (parseInt(hal.store.records(LOG_FILE, 0, 1)[0], 10) || 1) : 0));
      return reply.ok();
    }
    case "MAP":
      // Its argument is the pass-through relay's (app/passOn.ts), never a link's.
      if (args.length) return reply.err(Err.BadArguments);
      if (!ctx.router.current) return reply.err(Err.NotAuthenticated);
      return ctx.router.ask(Op.Map, reply);
    case "TIME": {
      // TIME: the wall clock; TIME <unix seconds>: set it (docs/protocol.md,
      // "Wall-clock time"). The head's, a command of the call (no @id): its
      // heartbeats carry it to every SMC. Any account of the call sets it
      // (smc-console sends it after AUTH); a setting that moves the clock is
      // logged, with the step, so a changed clock shows in the log.
      if (!ctx.router.current) return reply.err(Err.NotAuthenticated);
      const log = ctx.log;
      if (args.length) {
        // Digits only, at most ten (the parser bounds the line): 2^32 - 1 is 2106.
        const v = args[0];
        let digits = v.length <= 10;
        for (let i = 0; i < v.length; i++) if (v.charCodeAt(i) < 48 || v.charCodeAt(i) > 57) digits = false;
        const s = digits ? parseInt(v, 10) : 0;
        // From IPMI's 0x20000000 (1987-01-05): below it a timestamp counts from boot.
        if (!(s >= 0x20000000 && s <= 0xffffffff)) return reply.err(Err.BadArguments, "Unix seconds from 536870912 to 4294967295");
        // A step of a second or less is a console's routine setting (smc-console
        // sends one each call): the same generation, no record, nothing for
        // the other SMCs to take again (log/eventLog.ts).
        log.time(s, 0, "set by the console");
      }
      const now = log.time();
      reply.line(now ? "TIME " + now + " " + iso(now) : "TIME unknown");
      return reply.ok();
    }
  }
  // CONFIG, the only verb left (the parser knows no other; runLocal checked the admin role).
  const what = args.length ? args[0].toUpperCase() : "SHOW";
  if ((what === "SHOW" || what === "REBOOT") && args.length > 1) return reply.err(Err.BadArguments);
  const store = hal.store;
  const crc = hal.sys.crc32;
  const names = ROLE_NAMES.split(" ");
  if (what === "SHOW") {
    // What runs, from the running configuration; the accounts as a login
    // reads them (app/unit.ts, creds: a scan of the stored text, no parse
    // of the document: docs/bench.md, "True peak").
    const f = readSlots(store, crc);
    const list = (f && scanUsers(f.json, ALL_USERS)) || parseConfig(f ? f.json : undefined, undefined, ALL_USERS).config.accounts!;
    reply.line("CONFIG id " + c.id);
    for (let i = 0; i < list.length; i++) reply.line("CONFIG user " + list[i].user + " " + names[list[i].role] + " key " + (list[i].key ? "set" : "none"));
    reply.line("CONFIG answerRings " + c.answerRings);
    reply.line("CONFIG modem " + c.modem + " wiring " + c.wiring + " cabled " + (c.cabled === undefined ? "?" : c.cabled || "-"));
    reply.line("CONFIG site " + (c.site || "-") + " plain " + (c.plain === false ? "off" : "on"));
    // for-in, not Object.keys: no array of the 18 names held while the lines go out.
    for (const k in c.t) reply.line("CONFIG t." + k + " " + (c.t as any)[k]);
    // What SHOW lists is what runs; say so when a change saved since the
    // boot still waits (ctx.pend, set below: no comparison with the parsed
    // stored document, which held a board's memory at the worst moment).
    if (ctx.pend) reply.line("CONFIG pending: saved changes apply after CONFIG REBOOT");
    return reply.ok();
  }
  if (what === "REBOOT") {
    reply.ok();
    ctx.log.add("CONFIG", "reboot by the admin");
    // Marks the coming reboot as commanded (smc.ts counts the boots).
    store.write(Rare.BootFile, JSON.stringify({ n: ctx.boots, clean: true }));
    hal.clock.after(() => hal.sys.reboot(), Rare.RebootDelayMs);
    return;
  }
  const stored = readSlots(store, crc);
  // The accounts as a login reads them: an old document's admin and operator are two of them.
  const list: any[] = parseConfig(stored ? stored.json : undefined, undefined, true).config.accounts!;
  // The document to change: the stored one, or, when it is unreadable, the
  // running configuration's identity.
  let doc: any;
  try {
    doc = stored ? JSON.parse(stored.json) : undefined;
  } catch (e) {
    doc = undefined;
  }
  if (!doc || typeof doc !== "object") doc = { v: 1, id: c.id };
  const confirmed = args.length > 0 && args[args.length - 1] === "CONFIRM";
  const n = args.length - (confirmed ? 1 : 0);
  const value = args[1];
  // The accounts go back packed ("users", below), keys in hex again,
  // whatever changes: an older document is so rewritten in the new form. `me`: the caller's own
  // account; `at`: the one CONFIG USER names.
  let me = -1;
  let at = -1;
  for (let i = 0; i < list.length; i++) {
    const a = list[i];
    let k = "";
    for (let j = 0; a.key && j < a.key.length; j++) k += hex(a.key.charCodeAt(j), 2);
    a.key = a.key ? k.toLowerCase() : undefined;
    a.role = names[a.role];
    if (a.user === ctx.session.who) me = i;
    if (a.user === value) at = i;
  }
  // A new password is stored as its site-salted verifier (salt "-"), which a
  // plain AUTH typed at another SMC can be checked against (docs/protocol.md, "Plain AUTH").
  const site = (c.site || "") + ":";
  const role = n > 2 ? names.indexOf(args[2].toLowerCase()) : -1;
  const acct = what === "PASSWORD" || what === "KEY" || what === "USER";
  if (what === "ID" && args.length === 2) doc.id = parseInt(value, 10);
  else if (what === "PLAIN" && args.length === 2 && (value === "ON" || value === "OFF")) doc.plain = value === "ON";
  else if (what === "RINGS" && args.length === 2) doc.answerRings = parseInt(value, 10);
  else if (what === "CABLED" && args.length === 2 && (value === "A" || value === "B" || value === "AB" || value === "NONE")) doc.cabled = value === "NONE" ? "" : value;
  else if (what === "TIME" && args.length === 3) {
    doc.t = doc.t || {};
    if (!(args[1] in c.t)) return reply.err(Err.BadArguments);
    doc.t[args[1]] = parseInt(args[2], 10);
  } else if (what === "USER" && (n === 4 || n === 5) && role > 0) {
    // USER <name> <role> <password> [<key>]: a new account, or a new role
    // and password for one (docs/protocol.md, "Roles"); the key is the one
    // the host derived from the password, else none (plain AUTH only).
    if (at < 0) at = list.push({ user: value }) - 1;
    list[at] = { user: value, role: names[role], salt: "-", hash: sha256hex(site + value + ":" + args[3]), key: n > 4 ? args[4] : undefined };
  } else if (what === "USER" && n === 3 && args[2].toUpperCase() === "DELETE") {
    if (!confirmed) return reply.err(Err.ConfirmNeeded);
    if (at < 0) return reply.err(Err.BadArguments, "no account " + value.substr(0, 16));
    list.splice(at, 1);
  } else if (acct && n === 2) {
    // The caller's own account: USER <new name>, PASSWORD <new>, KEY <hex>.
    // The key is derived from the user name and the password: a change of
    // either drops it (the old key must not open), until CONFIG KEY sets the
    // one the host derived (docs/protocol.md: a board takes minutes for it).
    if (!confirmed) return reply.err(Err.ConfirmNeeded);
    if (me < 0) return reply.err(Err.BadArguments, "no account " + ctx.session.who.substr(0, 16));
    if (what === "USER" && at >= 0) return reply.err(Err.BadArguments, "exists");
    const a = list[me];
    // The verifier is derived from the name too: a new name needs the
    // password (CONFIG USER <name> <role> <password>, then the old one DELETE).
    if (what === "USER" && a.salt === "-") return reply.err(Err.BadArguments, "give the password: USER <name> <role> <password>");
    a.key = what === "KEY" ? value : undefined;
    if (what === "USER") a.user = value;
    else if (what === "PASSWORD") {
      a.salt = "-";
      a.hash = sha256hex(site + a.user + ":" + value);
    }
  } else return reply.err(Err.BadArguments);
  // The last admin account is neither deleted nor demoted: the SMC would
  // be configured by nobody again until reflashed.
  let admins = 0;
  for (let i = 0; i < list.length; i++) if (list[i].role === "admin") admins++;
  if (acct && !admins) return reply.err(Err.BadArguments, "the last admin account stays");
  delete doc.user;
  delete doc.salt;
  delete doc.hash;
  delete doc.key;
  delete doc.operator;
  delete doc.accounts;
  // Packed (config/load.ts): a login scans it with indexOf instead of parsing the document.
  let users = "";
  for (let i = 0; i < list.length; i++) users += (i ? "," : "") + list[i].user + " " + list[i].role + " " + list[i].salt + " " + list[i].hash + " " + (list[i].key || "-");
  doc.users = users;
  doc.v = 1;
  const text = JSON.stringify(doc);
  if (parseConfig(text).problems.length) return reply.err(Err.BadArguments);
  if (!readSlots(store, crc, text)) {
    ctx.log.add("CONFIG", "write failed, the previous version stays");
    return reply.err(Err.NotSaved);
  }
  if (!acct) ctx.pend = true;
  // Accounts are read at each login: theirs is in force at once.
  // (A user name, never a password or a key.)
  ctx.log.add("CONFIG", what.toLowerCase() + (what === "USER" ? " " + value.substr(0, 16) : "") + " changed");
  reply.line(acct ? "CONFIG saved; in force from the next login" : "CONFIG saved; applies after CONFIG REBOOT");
  reply.ok();
}
