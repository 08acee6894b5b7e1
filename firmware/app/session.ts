// The session on this SMC, one machine with two jobs:
//
// - The permission flag (the patent's), with the idle time-out that keeps it
//   from outliving a call. States: None -> grant -> Granted -> end (logout,
//   idle, failed AUTH, the call's end) -> None. While Granted one timer
//   runs; a command only notes its time (touch), so no timer is cancelled
//   and armed per command: when the timer fires early (a command came since
//   it was armed) it is armed again for the rest of the idle time.
// - On the SMC holding the console, the AUTH policy: the local credential
//   check, the lockout, the `ID n` line, and what a failed AUTH costs. The
//   router only searches the chain and says how the search ended
//   (searched); every way an AUTH can fail (no SMC has the credentials,
//   part of the site could not be asked, locked out) counts the same here,
//   so a dead SMC, a cut cable or the backup modem (whose calls always have
//   a link down) make guessing no faster. See docs/protocol.md, "Sessions
//   and the permission flag".
//
// One object (ctx.session, also ctx.auth): one constructor and one
// prototype on the board, not two.
import { Role } from "../auth";
import { Op, Searched } from "../chain";
import { Err, Reply } from "../protocol";
import { SmcContext } from "./context";

/** Failed AUTHs, of any account, after which AUTH is locked for t.lockoutMs. */
const LOCK_AFTER = 3;
/** How long failure records the log's rate limit held back wait before one record counts them. */
const HELD_MS = 5000;
/** searched()'s outcome for an AUTH refused by the lockout (beside Searched's). */
const REFUSED = -2;
/** searched()'s outcome when the held-back failure records are to be counted in one record. */
const HELD = -3;

/**
 * searched()'s outcome Further - code (pass-through): the final line of an
 * AUTH passed on was ERR `code`. Every SMC on the way counts what the ones
 * after it refused, so the first SMC's lockout covers every AUTH of the
 * call, and a failure ends the permissions every SMC on the way holds. The
 * caller has its answer already. One case of searched(), not a method of
 * its own (a method costs a board ~8 variables for good).
 */
export const enum Passed {
  Further = -10,
}

export const enum Permission {
  None,
  Granted,
}

export class Session {
  state = Permission.None;
  /** The call the flag belongs to. */
  call = 0;
  /** The role and the user name of the account that set it (docs/protocol.md, "Roles"). */
  role = Role.None;
  who = "";
  private idleTimer = 0;
  /** When the last command ran (touch). */
  private last = 0;

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
  /**
   * The challenge CHAL gave this call, lower-case hex ("": none). One AUTH
   * HMAC uses it up, whatever its outcome, and the call's end drops it: a
   * captured proof answers no later challenge.
   */
  nonce = "";

  constructor(private ctx: SmcContext) {}

  /** Sets the permission flag for `call`: account `user` of this SMC, of `role`, matched. */
  grant(call: number, role: Role, user: string): void {
    this.state = Permission.Granted;
    this.call = call;
    this.role = role;
    this.who = user;
    this.touch();
  }

  /** Whether the permission flag is set for `call`. */
  permits(call: number): boolean {
    return this.state === Permission.Granted && this.call === call;
  }

  /**
   * Restarts the idle time-out: called on every command while granted.
   * `fired`: the idle timer ran out; it ends the flag, or is armed again
   * for the rest of the idle time when a command came since.
   */
  touch(fired?: boolean): void {
    const clock = this.ctx.hal.clock;
    let ms = this.ctx.config.t.idleMs;
    if (fired) {
      this.idleTimer = 0;
      ms += this.last - clock.now();
      if (ms <= 0) return this.end("idle");
    } else {
      if (this.state !== Permission.Granted) return;
      this.last = clock.now();
    }
    if (!this.idleTimer) this.idleTimer = clock.after(() => this.touch(true), ms);
  }

  /** Clears the permission flag (logout, idle, failed AUTH). */
  end(why: string): void {
    const ctx = this.ctx;
    // A Chassis Identify (app/ipmi.ts) lasts no longer than the session that asked for it.
    if (ctx.idT) {
      if (ctx.idT > 0) ctx.hal.clock.cancel(ctx.idT);
      ctx.idT = 0;
      ctx.hal.pins.write("identify", false);
    }
    if (this.idleTimer) this.ctx.hal.clock.cancel(this.idleTimer);
    this.idleTimer = 0;
    if (this.state === Permission.None) return;
    this.state = Permission.None;
    this.role = Role.None;
    this.ctx.log("LOGOUT", why);
  }

  /** Whether AUTH is refused now (lockout, or this phone call's failures used up). */
  locked(): boolean {
    const ctx = this.ctx;
    return ctx.hal.clock.now() < this.lockedUntil || (!!ctx.modem && this.inCall >= ctx.config.authTries);
  }

  /**
   * AUTH: `secret` is the password, or "challenge proof" (AUTH HMAC; the
   * search then carries "user challenge proof", never the password).
   */
  auth(user: string, secret: string, reply: Reply): void {
    const ctx = this.ctx;
    this.user = user;
    // An AUTH started from inside the end of a call (the answer of what it
    // cut short) must not open access in a call that is over.
    if (ctx.router.ending) return reply.err(Err.Unreachable);
    // Plain AUTH switched off (CONFIG PLAIN OFF): nothing is checked, so nothing is guessed.
    if (secret.charAt(16) !== " " && ctx.config.plain === false) return reply.err(Err.AuthFailed, "plain AUTH off, use CHAL");
    if (this.locked()) return this.searched(reply, REFUSED, "");
    const role = ctx.creds(user, secret);
    if (!role) return ctx.router.ask(Op.Search, reply, user + " " + secret);
    this.grant(ctx.router.ensureCall(), role, user);
    ctx.router.current = ctx.config.id;
    ctx.log("AUTH", "granted");
    reply.line("ID " + ctx.config.id);
    reply.ok();
  }

  /**
   * Pass-through: the Reply to give the relay for an AUTH this SMC hands to
   * the next one. A refusal the relay answers here (no SMC wired next, or it
   * is dead, or silent) counts as a failure here; what the SMCs further on
   * answered, the relay reports through failedFurther.
   */
  passing(user: string, reply: Reply): Reply {
    this.user = user;
    // `reply` with err replaced (its methods are prototype methods: they
    // cannot be copied off it).
    const r: Reply = Object.create(reply);
    r.err = (code: number) => this.searched(reply, code === Err.Unreachable ? Searched.NotAll : Searched.NoOne, "");
    return r;
  }

  /**
   * How an AUTH ended: approved by `outcome` (an ID) over link `via`, or
   * Searched.NoOne / Searched.NotAll (the router's search, or the relay;
   * `via`: what was heard of the way, shown after ERR 10), or refused by
   * the lockout; or HELD: the timer for the failure records the
   * log's rate limit held back; or Passed.Further - code (see Passed).
   */
  searched(reply: Reply | undefined, outcome: number, via: string): void {
    const ctx = this.ctx;
    if (outcome <= Passed.Further) {
      const e = Passed.Further - outcome;
      if (e !== Err.AuthFailed && e !== Err.Unreachable && e !== Err.LockedOut) return;
      outcome = e === Err.LockedOut ? REFUSED : e === Err.Unreachable ? Searched.NotAll : Searched.NoOne;
    }
    if (outcome > 0) {
      ctx.log("AUTH", "granted by " + outcome + " via " + via);
      reply!.line("ID " + outcome);
      return reply!.ok();
    }
    const now = ctx.hal.clock.now();
    let text: string;
    let last = false;
    let code = 0;
    if (outcome === HELD) {
      this.heldTimer = 0;
      text = this.held + " more failed AUTHs, not written one by one (rate limit)";
    } else {
      code = outcome === REFUSED ? Err.LockedOut : outcome === Searched.NotAll ? Err.Unreachable : Err.AuthFailed;
      text = code === Err.LockedOut ? "refused, locked out" : code === Err.Unreachable ? "not found, part of the chain unreachable" : "no SMC has these credentials";
      if (code !== Err.LockedOut) {
        if (now - this.lastFail > ctx.config.t.lockoutMs) this.fails = 0;
        this.lastFail = now;
        // The LOCK_AFTER-th failure still gets its own answer; the lockout
        // refuses the AUTHs after it.
        if (++this.fails >= LOCK_AFTER) {
          this.fails = 0;
          this.lockedUntil = now + ctx.config.t.lockoutMs;
          text += ", AUTH locked";
        }
      }
      // A phone call is hung up after its authTries-th failure; a terminal
      // wired directly has no call to end.
      const tries = ctx.config.authTries;
      last = ++this.inCall === tries && !!ctx.modem;
      text += " (" + this.user.substr(0, 16) + ")" + (last ? ", " + tries + " in this call: hanging up" : "");
    }
    // The AUTHFAIL record, or the one counting those held back; what the
    // log's rate limit refuses is counted and retried until it has room.
    if (ctx.log("AUTHFAIL", text)) {
      if (outcome === HELD) this.held = 0;
    } else {
      if (outcome !== HELD) this.held++;
      if (!this.heldTimer) this.heldTimer = ctx.hal.clock.after(() => this.searched(undefined, HELD, ""), HELD_MS);
    }
    if (outcome === HELD) return;
    // A failed AUTH ends every permission the call held, here and along
    // the chain, as LOGOUT does: a wrong guess never leaves access behind.
    // Without a grant in the call (no `current`) only a search that could
    // not ask everyone may have left one (an approval that came too late).
    if (ctx.router.current || code === Err.Unreachable) ctx.router.endCall("auth failed");
    this.end("auth failed");
    // Without a reply: a later SMC answered the caller (pass-through).
    if (reply) reply.err(code, via);
    // Hang up once the answer has left (about 40 bytes at the modem's rate).
    if (last) ctx.hal.clock.after(() => ctx.hangup("auth failures"), Math.ceil(400000 / ctx.config.modemBaud) + 100);
  }
}
