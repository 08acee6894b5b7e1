// The site file: each SMC's ID and user, and where its password comes from
// (an environment variable, a prompt without echo, a file of mode 0600, or,
// with a warning, the file itself). Passwords are read when needed and
// never printed, logged or put in JSON output.
import { readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export type PasswordSource = { env: string } | { file: string } | { prompt: true } | { value: string };

export interface SmcCredentials {
  id: number;
  user: string;
  password: PasswordSource;
}

export interface SiteCredentials {
  /** The site's name, for messages. */
  name: string;
  /** Where to reach it, unless the command line says otherwise: tcp://… or a serial device. */
  where?: string;
  /** The number to dial, unless --dial says otherwise; absent: no modem (null-modem cable). */
  dial?: string;
  baud?: number;
  /** The SMCs are cabled in a ring (the web page then draws a ring broken by a dead SMC as a ring); absent: as the map shows. */
  ring?: boolean;
  smcs: SmcCredentials[];
}

export class SiteFileError extends Error {}

/** `~/.config/smc-console/<site>.json` for a bare name, else the path itself. */
export function siteFilePath(site: string, home = os.homedir()): string {
  if (site.includes("/") || site.endsWith(".json")) return site.replace(/^~(?=\/)/, home);
  return path.join(process.env.XDG_CONFIG_HOME || path.join(home, ".config"), "smc-console", `${site}.json`);
}

export function parseSiteFile(text: string, file: string): SiteCredentials {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new SiteFileError(`${file}: not JSON (${(e as Error).message})`);
  }
  const d = doc as Partial<SiteCredentials> & { smcs?: unknown };
  const problems: string[] = [];
  if (!Array.isArray(d.smcs) || d.smcs.length === 0) problems.push('"smcs" must list the SMCs');
  const smcs: SmcCredentials[] = [];
  for (const [i, s] of (Array.isArray(d.smcs) ? d.smcs : []).entries()) {
    const e = s as Partial<SmcCredentials>;
    const where = `smcs[${i}]`;
    if (!(Number.isInteger(e.id) && e.id! >= 1 && e.id! <= 250)) problems.push(`${where}.id must be 1..250`);
    if (typeof e.user !== "string" || !/^\S+$/.test(e.user)) problems.push(`${where}.user must be one word`);
    const p = e.password as Record<string, unknown> | undefined;
    const ok =
      p &&
      ((typeof p.env === "string" && p.env) || (typeof p.file === "string" && p.file) || p.prompt === true || (typeof p.value === "string" && p.value));
    if (!ok) problems.push(`${where}.password must be {"env": NAME}, {"file": PATH}, {"prompt": true} or {"value": "..."}`);
    if (smcs.some((x) => x.id === e.id)) problems.push(`${where}: ID ${e.id} listed twice`);
    smcs.push(e as SmcCredentials);
  }
  if (d.where !== undefined && typeof d.where !== "string") problems.push('"where" must be a string');
  if (d.dial !== undefined && typeof d.dial !== "string") problems.push('"dial" must be a string');
  if (d.ring !== undefined && typeof d.ring !== "boolean") problems.push('"ring" must be true or false');
  if (problems.length) throw new SiteFileError(`${file}: ${problems.join("; ")}`);
  return { name: d.name ?? path.basename(file, ".json"), where: d.where, dial: d.dial, baud: d.baud, ...(d.ring !== undefined ? { ring: d.ring } : {}), smcs };
}

export function readSiteCredentials(file: string): SiteCredentials {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new SiteFileError(`cannot read the site file ${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`);
  }
  return parseSiteFile(text, file);
}

export interface PasswordIo {
  env: NodeJS.ProcessEnv;
  /** Asks for a password without echo; absent where there is no terminal. */
  prompt?: (question: string) => Promise<string>;
  warn: (text: string) => void;
}

/** Reads one SMC's password from its source; throws SiteFileError saying why not. */
export async function readPassword(c: SmcCredentials, io: PasswordIo): Promise<string> {
  const p = c.password;
  if ("env" in p) {
    const v = io.env[p.env];
    if (!v) throw new SiteFileError(`SMC ${c.id}: the environment variable ${p.env} holding its password is not set`);
    return v;
  }
  if ("file" in p) {
    const f = p.file.replace(/^~(?=\/)/, os.homedir());
    let st;
    try {
      st = statSync(f);
    } catch {
      throw new SiteFileError(`SMC ${c.id}: password file ${f} does not exist`);
    }
    if ((st.mode & 0o077) !== 0)
      throw new SiteFileError(`SMC ${c.id}: password file ${f} is mode ${(st.mode & 0o777).toString(8).padStart(4, "0")}; it must be 0600 (readable by you alone): chmod 600 ${f}`);
    return readFileSync(f, "utf8").replace(/\r?\n$/, "");
  }
  if ("prompt" in p) {
    if (!io.prompt) throw new SiteFileError(`SMC ${c.id}: its password is to be typed, and there is no terminal to ask on`);
    return io.prompt(`password for ${c.user} on SMC ${c.id}: `);
  }
  io.warn(`SMC ${c.id}: the site file holds its password in clear; prefer {"env": …} or a 0600 file`);
  return p.value;
}
