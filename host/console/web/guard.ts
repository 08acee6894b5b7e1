// Who may drive the console through the page: only a request to
// 127.0.0.1 (or localhost) on our port, whose path starts with the token
// printed by `smc-console web`, and that comes from no other origin. The
// token keeps another local user (and any web page they open) from
// powering servers off; the Host check stops DNS rebinding; the Origin
// check stops another page that guessed nothing but the port.
import { timingSafeEqual } from "node:crypto";

export interface Refusal {
  status: number;
  error: string;
}

export interface GuardInput {
  host?: string;
  origin?: string;
  /** The URL's path, e.g. /3f9c…/api/state. */
  path: string;
}

/** Our own origins, for the port the server listens on. */
export function origins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

/**
 * The refusal of a request, or the path under the token ("" for the page
 * itself, "api/state", …).
 */
export function guard(req: GuardInput, port: number, token: string): Refusal | { rest: string } {
  const ours = origins(port);
  if (!req.host || !ours.includes(`http://${req.host.toLowerCase()}`)) return { status: 403, error: `refused: Host ${req.host ?? "(none)"} is not this console (127.0.0.1:${port})` };
  if (req.origin !== undefined && !ours.includes(req.origin.toLowerCase())) return { status: 403, error: `refused: a request from another origin (${req.origin}) may not drive the console` };
  const m = /^\/([^/?#]*)(?:\/(.*))?$/.exec(req.path);
  const given = Buffer.from(m?.[1] ?? "");
  const want = Buffer.from(token);
  if (!m || !m[1] || given.length !== want.length || !timingSafeEqual(given, want))
    return { status: 403, error: "refused: no valid token in the URL; open the address smc-console web printed" };
  return { rest: m[2] ?? "" };
}
