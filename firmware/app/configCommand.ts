// CONFIG: the admin changes this SMC's stored configuration remotely. A
// change is written as a new version beside the old (config/slots.ts) and
// applies after CONFIG REBOOT. A change that could lock the caller out (the
// user name, the password) must be repeated with CONFIRM at the end.
import { hashPassword, Role } from "../auth";
import { parseConfig, readSlots, writeSlots } from "../config";
import { Err, hex, Reply } from "../protocol";
import { SmcContext } from "./context";

/** Delay before a CONFIG REBOOT, so its OK leaves first. */
const REBOOT_DELAY_MS = 500;

function currentDoc(ctx: SmcContext): any {
  const found = readSlots(ctx.hal.store, ctx.hal.sys.crc32);
  try {
    const doc = found ? JSON.parse(found.json) : undefined;
    if (doc && typeof doc === "object") return doc;
  } catch (e) {
    // An unreadable document is replaced by the running configuration below.
  }
  const c = ctx.config;
  return { v: 1, id: c.id, user: c.user, salt: c.salt, hash: c.hash };
}

function newSalt(ctx: SmcContext): string {
  return (hex((Math.random() * 0x7fffffff) ^ ctx.hal.clock.now(), 8) + hex(Math.random() * 0x7fffffff, 8)).toLowerCase();
}

export function configCommand(ctx: SmcContext, args: string[], reply: Reply): void {
  if (ctx.session.role !== Role.Admin) return reply.err(Err.AdminOnly);
  const what = args.length ? args[0].toUpperCase() : "SHOW";
  if ((what === "SHOW" || what === "REBOOT") && args.length > 1) return reply.err(Err.BadArguments);
  const doc = currentDoc(ctx);
  if (what === "SHOW") {
    const c = ctx.config;
    reply.line("CONFIG id " + c.id);
    reply.line("CONFIG user " + c.user);
    reply.line("CONFIG answerRings " + c.answerRings);
    reply.line("CONFIG modem " + c.modem + " wiring " + c.wiring);
    const keys = Object.keys(c.t);
    for (let i = 0; i < keys.length; i++) reply.line("CONFIG t." + keys[i] + " " + (c.t as any)[keys[i]]);
    // What SHOW lists is what runs; say so when a saved change still waits.
    const stored = readSlots(ctx.hal.store, ctx.hal.sys.crc32);
    if (stored && JSON.stringify(parseConfig(stored.json).config) !== JSON.stringify(c)) reply.line("CONFIG pending: saved changes apply after CONFIG REBOOT");
    return reply.ok();
  }
  if (what === "REBOOT") {
    reply.ok();
    ctx.log.add("CONFIG", "reboot by the admin");
    ctx.markCleanReboot();
    ctx.hal.clock.after(() => ctx.hal.sys.reboot(), REBOOT_DELAY_MS);
    return;
  }
  const confirmed = args.length > 0 && args[args.length - 1] === "CONFIRM";
  const value = args[1];
  if (what === "ID" && args.length === 2) doc.id = parseInt(value, 10);
  else if (what === "RINGS" && args.length === 2) doc.answerRings = parseInt(value, 10);
  else if (what === "TIME" && args.length === 3) {
    doc.t = doc.t || {};
    if (!(args[1] in ctx.config.t)) return reply.err(Err.BadArguments);
    doc.t[args[1]] = parseInt(args[2], 10);
  } else if ((what === "PASSWORD" || what === "USER") && args.length === (confirmed ? 3 : 2)) {
    if (!confirmed) return reply.err(Err.ConfirmNeeded);
    if (what === "USER") doc.user = value;
    else {
      doc.salt = newSalt(ctx);
      doc.hash = hashPassword(doc.salt, value);
    }
  } else return reply.err(Err.BadArguments);
  doc.v = 1;
  const text = JSON.stringify(doc);
  const check = parseConfig(text);
  if (check.problems.length) return reply.err(Err.BadArguments);
  if (!writeSlots(ctx.hal.store, ctx.hal.sys.crc32, text)) {
    ctx.log.add("CONFIG", "write failed, the previous version stays");
    return reply.err(Err.NotSaved);
  }
  ctx.log.add("CONFIG", what.toLowerCase() + " changed");
  reply.line("CONFIG saved; applies after CONFIG REBOOT");
  reply.ok();
}
