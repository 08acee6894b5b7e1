// The head's AUTH policy: the local credential check, the lockout, the
// `ID n` line, and what a failed AUTH costs. The router only searches the
// chain and says how the search ended; every way an AUTH can fail (no SMC
// has the credentials, part of the site could not be asked, locked out)
// counts the same here, so a dead SMC, a cut cable or the backup modem (whose
// calls always have a link down) make guessing no faster. See
// docs/protocol.md, "Sessions and the permission flag".
import { roleOf } from "../auth";
import { Searched } from "../chain";
import { Err } from "../protocol";
import { SmcContext } from "./context";
import { Reply } from "./reply";

/** Failed AUTHs, of any account, after which AUTH is locked for t.lockoutMs. */
export const LOCK_AFTER = 3;
/** How long failure records the log's rate limit held back wait before one record counts them. */
export const HELD_MS = 5000;
/** searched()'s outcome for an AUTH refused by the lockout (beside Searched's). */
const REFUSED = -2;

export class AuthPolicy {
  /**
   * Failures toward the next lockout. Kept for the SMC, not the call or the
   * account: no redial and no other account's login forgives one; they are
   * forgotten t.lockoutMs after the last (guessing that slowly is no faster
   * than the lockout allows anyway).
   */
  private fails = 0;
  private lastFail = 0;
  private lockedUntil = 0;
  /** Failed AUTHs of this phone call (the call's end sets it to 0): at config.authTries it is hung up. */
  inCall = 0;
  /** Failure records the log's rate limit did not write, still to be counted in one record. */
  private held = 0;
  private heldTimer = 0;
  /** The user name of the AUTH in flight (the console runs one command at a time). */
  private user = "";
  /** Pass-through: what the next SMC has said since this SMC passed an AUTH on, while its answer is awaited. */
  private answer: string | undefined;

  constructor(private ctx: SmcContext) {}

  /** Whether AUTH is refused now (lockout, or this phone call's failures used up). */
  locked(): boolean {
    const ctx = this.ctx;
    return ctx.hal.clock.now() < this.lockedUntil || (!!ctx.modem && this.inCall >= ctx.config.authTries);
  }

  auth(user: string, password: string, reply: Reply): void {
    const ctx = this.ctx;
    this.user = user;
    if (this.locked()) return this.searched(reply, REFUSED, "");
    const role = roleOf(ctx.config, ctx.config.operator, user, password);
    if (!role) return ctx.router.find(user, password, reply);
    ctx.session.grant(ctx.router.ensureCall(), role);
    ctx.router.current = ctx.config.id;
    ctx.log.add("AUTH", "granted");
    reply.line("ID " + ctx.config.id);
    reply.ok();
  }

  /**
   * Pass-through: the Reply to give the relay for an AUTH this SMC hands to
   * the next one. A refusal the relay answers here (no SMC wired next, or it
   * is dead) counts as a failure here; what the next SMC answers itself it
   * counts there.
   */
  passing(user: string, reply?: Reply): Reply | undefined {
    this.user = user;
    this.answer = "";
    if (!reply) return undefined;
    return {
      line: reply.line,
      ok: reply.ok,
      handOff: reply.handOff,
      err: (code: number) => {
        this.answer = undefined;
        this.searched(reply, code === Err.Unreachable ? Searched.NotAll : Searched.NoOne, "");
      },
    };
  }

  /**
   * Pass-through: bytes from the next SMC on their way to the caller (seen
   * first, so the count is there before the caller can send again). The
   * final line answering an AUTH this SMC passed on is a failure here too
   * when it is ERR 7, 8 or 10: every SMC on the way counts what the ones
   * after it refused, so the first SMC's lockout covers every AUTH of the
   * call and a failure ends the permissions every SMC on the way holds.
   */
  heard(bytes: string): void {
    if (this.answer === undefined) return;
    let rest = this.answer + bytes;
    let nl = rest.indexOf("\n");
    while (nl >= 0) {
      let l = rest.substr(0, rest.charAt(nl - 1) === "\r" ? nl - 1 : nl);
      rest = rest.substr(nl + 1);
      nl = rest.indexOf("\n");
      // A framed answer "!<seq> <body>*<crc>": its body.
      if (l.charAt(0) === "!") l = l.substring(l.indexOf(" ") + 1, l.lastIndexOf("*") < 0 ? l.length : l.lastIndexOf("*"));
      if (l === "OK") return (this.answer = undefined);
      if (l.substr(0, 4) === "ERR ") {
        this.answer = undefined;
        const c = parseInt(l.substr(4), 10);
        if (c === Err.AuthFailed || c === Err.Unreachable || c === Err.LockedOut) this.searched(undefined, c === Err.LockedOut ? REFUSED : c === Err.Unreachable ? Searched.NotAll : Searched.NoOne, "");
        return;
      }
    }
    // The echo, ID lines and the final line are short: anything longer is not an answer.
    this.answer = rest.length > 200 ? undefined : rest;
  }

  /**
   * How an AUTH ended: approved by `outcome` (an ID) over link `via`, or
   * Searched.NoOne / Searched.NotAll (the router's search, or the relay), or
   * refused by the lockout.
   */
  searched(reply: Reply | undefined, outcome: number, via: string): void {
    const ctx = this.ctx;
    if (outcome > 0) {
      ctx.log.add("AUTH", "granted by " + outcome + " via " + via);
      reply!.line("ID " + outcome);
      return reply!.ok();
    }
    const now = ctx.hal.clock.now();
    const code = outcome === REFUSED ? Err.LockedOut : outcome === Searched.NotAll ? Err.Unreachable : Err.AuthFailed;
    let why = code === Err.LockedOut ? "refused, locked out" : code === Err.Unreachable ? "not found, part of the chain unreachable" : "no SMC has these credentials";
    if (code !== Err.LockedOut) {
      if (now - this.lastFail > ctx.config.t.lockoutMs) this.fails = 0;
      this.lastFail = now;
      // The LOCK_AFTER-th failure still gets its own answer; the lockout
      // refuses the AUTHs after it.
      if (++this.fails >= LOCK_AFTER) {
        this.fails = 0;
        this.lockedUntil = now + ctx.config.t.lockoutMs;
        why += ", AUTH locked";
      }
    }
    // A phone call is hung up after its authTries-th failure; a terminal
    // wired directly has no call to end.
    const tries = ctx.config.authTries;
    const last = ++this.inCall === tries && !!ctx.modem;
    this.note(why + " (" + this.user.substr(0, 16) + ")" + (last ? ", " + tries + " in this call: hanging up" : ""));
    // A failed AUTH ends every permission the call held, here and along
    // the chain, as LOGOUT does: a wrong guess never leaves access behind.
    // Without a grant in the call (no `current`) only a search that could
    // not ask everyone may have left one (an approval that came too late).
    if (ctx.router.current || code === Err.Unreachable) ctx.router.endCall("auth failed");
    ctx.session.end("auth failed");
    // Without a reply: a later SMC answered the caller (pass-through).
    if (reply) reply.err(code);
    // Hang up once the answer has left (about 40 bytes at the modem's rate).
    if (last) ctx.hal.clock.after(() => ctx.hangup("auth failures"), Math.ceil(400000 / ctx.config.modemBaud) + 100);
  }

  /**
   * Writes the AUTHFAIL record `text`; without one, the record that counts
   * those the log's rate limit held back (retried until the log has room).
   */
  private note(text?: string): void {
    const count = text === undefined;
    if (count) this.heldTimer = 0;
    if (this.ctx.log.add("AUTHFAIL", count ? this.held + " more failed AUTHs, not written one by one (rate limit)" : text!)) {
      if (count) this.held = 0;
      return;
    }
    if (!count) this.held++;
    if (!this.heldTimer) this.heldTimer = this.ctx.hal.clock.after(() => this.note(), HELD_MS);
  }
}
