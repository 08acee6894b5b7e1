// Reads and validates the stored configuration. A missing or unreadable
// document, or an invalid field, falls back to the safe default and says why.
//
// Rare work (boot, a CONFIG change, a login with an older document): one
// function, parseConfig (loadConfig is the same one, given the store), whose
// helpers, default document and tables are inner functions and literals,
// made when a call runs and gone after it; only the one function object
// stays on a board (code stays in flash). A login and CONFIG SHOW scan the
// packed accounts with scanUsers instead: parseConfig's JSON.parse and its
// ~46 locals were their worst moment (docs/bench.md, "True peak").
import { parseId } from "../protocol";
import { UNKNOWN_ID } from "./defaults";
import { readSlots, SlotStore, SLOTS } from "./slots";
import { LoadedConfig, SmcConfig, Timings } from "./types";
import { Account, ROLE_NAMES } from "../auth";

/**
 * The accounts of the packed "users" string in a document's text: the one
 * of that user name (a login, app/unit.ts creds), or every one (ALL_USERS:
 * CONFIG SHOW's list, without salt and hash); undefined when the document
 * has no "users" (the list form, or an older one: parseConfig reads it).
 * A scan with indexOf, parsing nothing: JSON.parse of the whole document
 * held ~300 variables of a board at the worst moment of a login, and a
 * function of its own, with few locals, holds less than parseConfig's ~46
 * while it runs (docs/bench.md, "True peak"). Each field is checked as the
 * full parse checks it; an entry that fails is skipped, as that parse
 * drops it (the 9th and later are never read, as there).
 */
export function scanUsers(text: string, user: string): Account[] | undefined {
  const at = text.indexOf('"users":"') + 9;
  if (at < 9) return undefined;
  const end = text.indexOf('"', at);
  const out: Account[] = [];
  const all = user === ALL_USERS;
  for (let p = at, n = 0; p < end && n < 8; n++) {
    let q = text.indexOf(",", p);
    if (q < 0 || q > end) q = end;
    const f = text.substring(p, q).split(" ");
    p = q + 1;
    if (!all && f[0] !== user) continue;
    const role = ROLE_NAMES.split(" ").indexOf(f[1]);
    const k = f[4] === "-" ? "" : f[4] || "x";
    // Lower-case hex: salt 8..64 digits ("-": the hash is the site-salted
    // verifier), hash and key 64. A backslash in a name would be a JSON
    // escape the full parse decodes: invalid there too.
    const h = (f[2] === "-" ? "" : f[2]) + f[3] + k;
    let ok = f.length === 5 && role > 0 && f[0].length > 0 && f[0].length <= 32 && f[0].indexOf("\\") < 0 && (f[2] === "-" || (f[2].length >= 8 && f[2].length <= 64)) && f[3].length === 64 && (k.length === 0 || k.length === 64);
    for (let i = 0; ok && i < h.length; i++) ok = (h.charCodeAt(i) >= 48 && h.charCodeAt(i) <= 57) || (h.charCodeAt(i) >= 97 && h.charCodeAt(i) <= 102);
    // The name printable (33..126), as the full parse asks.
    for (let i = 0; ok && i < f[0].length; i++) ok = f[0].charCodeAt(i) > 32 && f[0].charCodeAt(i) < 127;
    for (let i = 0; ok && i < out.length; i++) ok = out[i].user !== f[0];
    if (!ok) continue;
    // The key as its 32 bytes (see parseConfig's bin); SHOW's list needs only whether there is one.
    let b = "";
    for (let i = 0; !all && i < k.length; i += 2) b += String.fromCharCode(parseInt(k.substr(i, 2), 16));
    out.push({ user: f[0], role: role, salt: all ? "" : f[2], hash: all ? "" : f[3], key: !k ? undefined : all ? "set" : b });
    // One user name: its first valid entry is the one (a second of that name is dropped, as in the full parse).
    if (!all) break;
  }
  return out;
}

/** The configuration of a unit with no stored one (host tools and tests; the firmware's is parseConfig(undefined)). */
/** parseConfig's `accounts` for every account and nothing else (CONFIG SHOW's list; never a user name: names are printable). */
export const ALL_USERS = "\n";

/**
 * The document's packed accounts, "users" (host tools: the flash tool,
 * host/sim/provision.ts; CONFIG builds the same string itself): each
 * "<user> <role> <salt> <hash> <key or ->" (salt "-": hash is the
 * site-salted verifier), separated by ",". Not in a
 * board's bundle (nothing there calls it).
 */
export function packUsers(list: Array<{ user: string; role: string; salt: string; hash: string; key?: string }>): string {
  return list.map((a) => [a.user, a.role, a.salt, a.hash, a.key || "-"].join(" ")).join(",");
}

export function defaultConfig(): SmcConfig {
  return parseConfig(undefined).config;
}

/**
 * Parses and validates a configuration text (CONFIG SET, CONFIG SHOW's
 * pending check; `undefined`: none, the defaults), or, given the store and
 * its CRC, the newest whole stored one (boot: loadConfig is this function).
 * The accounts are validated always (a bad one is named in `problems`) but
 * returned only when asked (config.accounts), never in the running
 * configuration: `accounts` true, with the rest of the configuration
 * (CONFIG's); a user name, only the account of that name and nothing else
 * (a login's check, app/unit.ts creds: no default document is built, a
 * board's memory holds less during the check).
 */
export function parseConfig(text: string | undefined, crc?: undefined, accounts?: boolean | string): LoadedConfig;
export function parseConfig(store: SlotStore, crc: (s: string) => number, accounts?: boolean | string): LoadedConfig;
export function parseConfig(src: string | undefined | SlotStore, crc?: (s: string) => number, accounts?: boolean | string): LoadedConfig {
  const only = typeof accounts === "string";
  // No accounts: an unprovisioned board refuses every AUTH rather than
  // accept a well-known default password (flash a config to provision it).
  const config: SmcConfig = only ? ({} as SmcConfig) : {
    id: UNKNOWN_ID,
    modem: "hayes",
    wiring: "links",
    passNext: false,
    passFirst: true,
    answerRings: 2,
    primaryId: 0,
    authTries: 5,
    // Reset, no echo, verbal results, DCD follows carrier, DTR drop hangs up,
    // no auto-answer (the SMC decides), no "+++" escape (S2 > 127: nothing a
    // caller sends can reach command mode), and saved so a dead SMC's modem
    // never answers by itself after a power cut.
    modemInit: ["ATZ", "ATE0", "ATV1", "AT&C1", "AT&D2", "ATS0=0", "ATS2=128", "AT&W"],
    modemBaud: 9600,
    linkBaud: 115200,
    t: {
      resetMs: 200,
      pressMs: 300,
      holdMs: 5000,
      cycleGapMs: 3000,
      powerGoodMs: 5000,
      idleMs: 600000,
      unauthMs: 120000,
      lockoutMs: 30000,
      failDelayMs: 1000,
      heartbeatMs: 1000,
      linkDownMs: 3500,
      requestMs: 30000,
      modemCmdMs: 2000,
      carrierWaitMs: 50000,
      guardMs: 1000,
      ringMergeMs: 1000,
      ringSilenceMs: 8000,
      healthMs: 60000,
      inputPollMs: 5000,
    },
  };
  let text = src as string | undefined;
  let why = "defaults: no stored config";
  if (src && typeof src === "object") {
    const found = readSlots(src, crc!);
    text = found ? found.json : undefined;
    // Stored, but no copy passes its check (a flipped bit, a half write of the
    // only copy): the defaults hold no credentials and no ID, so the unit
    // refuses every login and passes for no SMC, and says so (log, STATUS).
    for (let i = 0; !found && i < SLOTS.length; i++) if (src.read(SLOTS[i]) !== undefined) why = "defaults: stored config fails its check";
  }
  if (only || accounts) config.accounts = [];
  if (text === undefined) return { config: config, source: why, problems: [] };
  // A login's or CONFIG SHOW's: the packed accounts, scanned (scanUsers).
  const scanned = only ? scanUsers(text, accounts as string) : undefined;
  if (scanned) {
    config.accounts = scanned;
    return { config: config, source: "stored", problems: [] };
  }
  // One day: no timing the firmware uses is longer, and it keeps a typo from
  // turning into an SMC that never times out.
  const MAX_MS = 86400000;
  // Printable ASCII, `min` to `max` characters (`space`: a space allowed).
  const printable = (s: any, min: number, max: number, space: boolean): boolean => {
    if (typeof s !== "string" || s.length < min || s.length > max) return false;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < (space ? 32 : 33) || c > 126) return false;
    }
    return true;
  };
  // Lower-case hex, `min` to `max` digits.
  const isHex = (s: any, min: number, max: number): boolean => {
    if (typeof s !== "string" || s.length < min || s.length > max) return false;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
    }
    return true;
  };
  let doc: any;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { config: config, source: "defaults: stored config is not JSON", problems: [] };
  }
  if (!doc || typeof doc !== "object" || doc.v !== 1) {
    return { config: config, source: "defaults: stored config has no version 1", problems: [] };
  }
  const problems: string[] = [];
  if (doc.id !== undefined) {
    const id = parseId(String(doc.id));
    if (id && id === doc.id) config.id = id;
    else problems.push("id");
  }
  // A key is kept as its 32 bytes (one char each), not its 64 hex digits:
  // half the string while a login is checked.
  const bin = (s: string): string => {
    let b = "";
    for (let i = 0; i < s.length; i += 2) b += String.fromCharCode(parseInt(s.substr(i, 2), 16));
    return b;
  };
  // The accounts (docs/protocol.md, "Roles"): `accounts`, a list of
  // {user, role, salt, hash, key} (salt "-": hash is the site-salted
  // verifier, docs/protocol.md "Plain AUTH"). A document from before it (an admin's
  // user, salt, hash and key at the top, an `operator` beside them) reads
  // as those two accounts. Each invalid one is dropped and named ("accounts";
  // an old document's "credentials" or "operator"); at most 8 (a login
  // parses them all, in the memory of a call).
  // The packed form (below) first: "users", one string, each account
  // "<user> <role> <salt> <hash> <key or ->", accounts separated by ",".
  const packed = typeof doc.users === "string" && doc.users ? doc.users.split(",") : [];
  for (let i = 0; i < packed.length; i++) {
    const f = packed[i].split(" ");
    packed[i] = f.length === 5 ? { user: f[0], role: f[1], salt: f[2], hash: f[3], key: f[4] === "-" ? undefined : f[4] } : 0;
  }
  const legacy = doc.users === undefined && doc.accounts === undefined;
  const list: any[] = doc.users !== undefined ? (typeof doc.users === "string" ? packed : [0]) : legacy ? [] : doc.accounts instanceof Array ? doc.accounts : [0];
  if (legacy && (doc.user !== undefined || doc.hash !== undefined)) list.push({ user: doc.user, role: "admin", salt: doc.salt, hash: doc.hash, key: doc.key, p: "credentials" });
  if (legacy && doc.operator !== undefined) {
    const o = doc.operator || {};
    list.push({ user: o.user, role: "operator", salt: o.salt, hash: o.hash, key: o.key, p: "operator" });
  }
  const kept: Account[] = [];
  for (let i = 0; i < list.length; i++) {
    const a = list[i] || {};
    const role = ROLE_NAMES.split(" ").indexOf(a.role);
    let dup = false;
    for (let j = 0; j < kept.length; j++) if (kept[j].user === a.user) dup = true;
    if (only && accounts !== ALL_USERS && a.user !== accounts) continue;
    // No "," (it separates packed accounts), no quote or backslash (JSON would escape them, which the login's scan does not decode).
    const odd = typeof a.user !== "string" || a.user.indexOf(",") >= 0 || a.user.indexOf('"') >= 0 || a.user.indexOf("\\") >= 0;
    if (i < 8 && role > 0 && !dup && !odd && printable(a.user, 1, 32, false) && (a.salt === "-" || isHex(a.salt, 8, 64)) && isHex(a.hash, 64, 64) && (a.key === undefined || isHex(a.key, 64, 64))) {
      kept.push({ user: a.user, role: role, salt: a.salt, hash: a.hash, key: a.key === undefined || !accounts ? undefined : bin(a.key) });
    } else if (problems.indexOf(a.p || "accounts") < 0) problems.push(a.p || "accounts");
  }
  if (only || accounts) config.accounts = kept;
  if (only) return { config: config, source: "stored", problems: problems };
  // The site salt the challenge-response keys are derived with, and whether
  // plain AUTH is allowed (CONFIG PLAIN).
  if (doc.site !== undefined) {
    if (isHex(doc.site, 0, 32)) config.site = doc.site;
    else problems.push("site");
  }
  if (doc.plain !== undefined) {
    if (typeof doc.plain === "boolean") config.plain = doc.plain;
    else problems.push("plain");
  }
  if (doc.cabled !== undefined) {
    if (["", "A", "B", "AB"].indexOf(doc.cabled) >= 0) config.cabled = doc.cabled;
    else problems.push("cabled");
  }
  const bauds: Array<"modemBaud" | "linkBaud"> = ["modemBaud", "linkBaud"];
  for (let i = 0; i < bauds.length; i++) {
    const v = doc[bauds[i]];
    if (v === undefined) continue;
    if ([1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200].indexOf(v) >= 0) config[bauds[i]] = v;
    else problems.push(bauds[i]);
  }
  if (doc.modem !== undefined) {
    if (doc.modem === "hayes" || doc.modem === "direct") config.modem = doc.modem;
    else problems.push("modem");
  }
  if (doc.wiring !== undefined) {
    if (doc.wiring === "links" || doc.wiring === "passthrough") config.wiring = doc.wiring;
    else problems.push("wiring");
  }
  if (doc.passNext !== undefined) {
    if (typeof doc.passNext === "boolean") config.passNext = doc.passNext;
    else problems.push("passNext");
  }
  if (doc.passFirst !== undefined) {
    if (typeof doc.passFirst === "boolean") config.passFirst = doc.passFirst;
    else problems.push("passFirst");
  }
  const counts: Array<"answerRings" | "primaryId" | "authTries"> = ["answerRings", "primaryId", "authTries"];
  for (let i = 0; i < counts.length; i++) {
    const v = doc[counts[i]];
    if (v === undefined) continue;
    if (typeof v === "number" && v >= 0 && v <= 250 && Math.floor(v) === v && (v > 0 || counts[i] === "primaryId")) config[counts[i]] = v;
    else problems.push(counts[i]);
  }
  if (doc.modemInit !== undefined) {
    const init = doc.modemInit;
    let ok = init instanceof Array && init.length <= 16;
    for (let i = 0; ok && i < init.length; i++) ok = typeof init[i] === "string" && init[i].substr(0, 2).toUpperCase() === "AT" && printable(init[i], 2, 40, true);
    if (ok) config.modemInit = init;
    else problems.push("modemInit");
  }
  const t = doc.t || {};
  const keys = Object.keys(config.t) as Array<keyof Timings>;
  for (let i = 0; i < keys.length; i++) {
    const v = t[keys[i]];
    if (v === undefined) continue;
    if (typeof v === "number" && v >= 1 && v <= MAX_MS && Math.floor(v) === v) config.t[keys[i]] = v;
    else problems.push("t." + keys[i]);
  }
  return { config: config, source: "stored", problems: problems };
}

/** Loads the stored configuration: the newest whole slot, parsed (the same function as parseConfig, given the store). */
export const loadConfig: (store: SlotStore, crc: (s: string) => number) => LoadedConfig = parseConfig;
