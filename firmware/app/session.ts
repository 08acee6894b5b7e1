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
//   a link down) make guessing no faster. A failure's answer waits (longer
//   for each failure in a row) and AUTH is locked meanwhile; the lock and
//   the run go to every SMC in L frames (searched's Shared case), so no
//   redial, other SMC or modem gets round them. The states of the lock:
//   open -> failure -> locked until its wait (the third: t.lockoutMs) ends
//   -> open; a heard lock only ever moves its end later. See
//   docs/protocol.md, "Sessions and the permission flag" and "Guessing".
//
// One object (ctx.session, also ctx.auth): one constructor and one
// prototype on the board, not two.
import { granted, hmac, Role, sha256hex } from "../auth";
import { Op, Searched } from "../chain";
import { Err, hex, K, Reply } from "../protocol";
import { SmcContext } from "./context";

/**
 * The session's numbers, as a const enum: written where they are used, no
 * global holds them on a board (a top-level const is one there).
 */
const enum S {
  /** Failed AUTHs, of any account, after which AUTH is locked for t.lockoutMs. */
  LockAfter = 3,
  /** How long failure records the log's rate limit held back wait before one record counts them. */
  HeldMs = 5000,
  /** searched()'s outcome for an AUTH refused by the lockout (beside Searched's). */
  Refused = -2,
  /** searched()'s outcome when the held-back failure records are to be counted in one record. */
  Held = -3,
}
/**
 * Failures in a row wait t.failDelayMs, twice that, four times ... up to
 * Wait.Cap times it (256 s by default), and the run is forgotten
 * Wait.ForgetMs after its last failure (docs/protocol.md, "Guessing"). A
 * const enum: the numbers are written where they are used, no variable
 * holds them on a board.
 */
export const enum Wait {
  Shift = 8,
  /** 2^Shift: a failure's longest wait, in t.failDelayMs (the pass-through relay waits as long for an AUTH's answer). */
  Cap = 256,
  ForgetMs = 3600000,
  /** Most failures in a row counted, and a lockout heard from another SMC may claim. */
  MaxRun = 64,
}

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
  /** Until when AUTH is locked (passOn reads it too). */
  lockedUntil = 0;
  /**
   * Failures in a row, site-wide (shared with the lockout): the n-th waits
   * t.failDelayMs * 2^(n-1), up to the cap. No login forgives one; they are
   * forgotten Wait.ForgetMs after the last.
   */
  private run = 0;
  /** The timer holding a failure's answer (0: none); the call's end cancels it (Unit.hangup). */
  wait = 0;
  /** Phone calls since boot (Unit counts them): the AUTHFAIL records name the call. */
  dial = 0;
  /** Failed AUTHs of this phone call (the call's end sets it to 0): at config.authTries it is hung up. */
  inCall = 0;
  /** Failure records the log's rate limit did not write, still to be counted in one record. */
  private held = 0;
  private heldTimer = 0;
  /** The user name of the AUTH in flight (the console runs one command at a time; passOn sets it for an AUTH it hands on). */
  user = "";
  /**
   * The challenge CHAL gave this call, lower-case hex ("": none). One AUTH
   * HMAC uses it up, whatever its outcome, and the call's end drops it: a
   * captured proof answers no later challenge.
   */
  nonce = "";
  /** Challenges drawn since boot (draw). */
  private drawn = 0;
  /** The challenges of pass-through AUTHs granted here (auth/replay.ts). */
  private seen = "";

  constructor(private ctx: SmcContext) {}

  /**
   * A fresh challenge (CHAL's, and a plain AUTH's proof's): this SMC's boot
   * count (4 hex), how many it drew in this boot (6), then 24 random bits,
   * so an SMC a proof opens can tell an old one sent again (auth/replay.ts;
   * docs/protocol.md, "Replays on the links").
   */
  draw(): string {
    const ctx = this.ctx;
    return (hex(ctx.boots & 0xffff, 4) + hex(++this.drawn & 0xffffff, 6) + hex((Math.random() * 0xffffff) ^ ctx.hal.clock.now(), 6)).toLowerCase();
  }

  /** Sets the permission flag for `call`: account `user` of this SMC, of `role`, matched. */
  grant(call: number, role: Role, user: string): void {
    this.state = Permission.Granted;
    this.call = call;
    this.role = role;
    this.who = user;
    this.touch();
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
    this.ctx.log.add("LOGOUT", why);
  }

  /**
   * AUTH: `secret` is the password, "challenge proof" (AUTH HMAC) or
   * "challenge proof P" (AUTH PLAIN, pass-through's). The search carries
   * "user challenge proof" or, for a password, "user challenge proof P":
   * a proof keyed by the password's verifier over a fresh challenge, never
   * the password (docs/protocol.md, "Plain AUTH").
   */
  auth(user: string, secret: string, reply: Reply): void {
    const ctx = this.ctx;
    const c = ctx.config;
    this.user = user;
    // An AUTH started from inside the end of a call (the answer of what it
    // cut short) must not open access in a call that is over.
    if (ctx.router.ending) return reply.err(Err.Unreachable);
    // Plain AUTH switched off (CONFIG PLAIN OFF): nothing is checked, so nothing is guessed.
    if ((secret.charAt(16) !== " " || secret.length === 83) && c.plain === false) return reply.err(Err.AuthFailed, "plain AUTH off, use CHAL");
    // Refused now: the lockout, or this phone call's failures used up
    // (inline here and in passOn, not a method: one costs a board ~8
    // variables for good).
    if (ctx.hal.clock.now() < this.lockedUntil || (!!ctx.modem && this.inCall >= c.authTries)) return this.searched(reply, S.Refused, "");
    let role = ctx.creds(user, secret);
    // Pass-through: the challenge came from the SMC before, with its proof,
    // over a cable: a proof granted before, in another call, is refused.
    if (role && c.passFirst === false && secret.charAt(16) === " ") {
      const rec = granted(this.seen, 0, secret.substr(0, 16), 0);
      if (rec === undefined) {
        ctx.log.add("AUTH", "refused a proof granted before (a replay) from the SMC before");
        role = Role.None;
      } else this.seen = rec;
    }
    if (!role) {
      if (secret.charAt(16) === " ") return ctx.router.ask(Op.Search, reply, user + " " + secret);
      // A password: the proof of it for a challenge drawn here (as CHAL's).
      // None when no link is up: the search then ends inside the call, at
      // once and as it would anyway, and its 90 bytes would be held there
      // through the AUTHFAIL record's write (+22 variables at the
      // Original's true peak, docs/bench.md).
      const links = ctx.router.links;
      let n = "";
      for (let i = 0; i < links.length; i++) if (!n && links[i].usable()) n = this.draw();
      return ctx.router.ask(Op.Search, reply, user + " " + (n ? n + " " + hmac(sha256hex((c.site || "") + ":" + user + ":" + secret), n + ":" + user) + " P" : "-"));
    }
    this.grant(ctx.router.ensureCall(), role, user);
    ctx.router.current = ctx.config.id;
    ctx.log.add("AUTH", "granted");
    reply.line("ID " + ctx.config.id);
    reply.ok();
  }

  /**
   * How an AUTH ended: approved by `outcome` (an ID) over link `via`, or
   * Searched.NoOne / Searched.NotAll (the router's search, or the relay;
   * `via`: what was heard of the way, shown after ERR 10), or refused by
   * the lockout; or S.Held: the timer for the failure records the
   * log's rate limit held back; or Passed.Further - code (see Passed); or
   * Searched.Shared: another SMC's lockout (`via`: its L frame's payload).
   *
   * A failure locks AUTH, here and, over the links, on every SMC, for its
   * wait (the n-th in a row: t.failDelayMs * 2^(n-1), up to the cap; the
   * S.LockAfter-th at least t.lockoutMs), and its answer waits as long: the
   * console runs nothing else meanwhile, and no other call, modem or SMC
   * gets a guess in.
   */
  searched(reply: Reply | undefined, outcome: number, via: string): void {
    const ctx = this.ctx;
    const t = ctx.config.t;
    // Pass-through: the SMC that answered waited already; this one counts.
    const passed = outcome <= Passed.Further;
    if (passed) {
      const e = Passed.Further - outcome;
      if (e !== Err.AuthFailed && e !== Err.Unreachable && e !== Err.LockedOut) return;
      outcome = e === Err.LockedOut ? S.Refused : e === Err.Unreachable ? Searched.NotAll : Searched.NoOne;
    }
    if (outcome > 0) {
      ctx.log.add("AUTH", "granted by " + outcome + " via " + via);
      reply!.line("ID " + outcome);
      return reply!.ok();
    }
    const clock = ctx.hal.clock;
    const now = clock.now();
    // The longest lock a failure sets, and a lockout heard may claim.
    const cap = Math.max(t.lockoutMs, t.failDelayMs * Wait.Cap);
    let text = "";
    let last = false;
    let code = 0;
    let hold = 0;
    let lock = 0;
    // The one link an L frame goes to ("": every link up).
    let only = "";
    // The run as it stands: forgotten Wait.ForgetMs after its last failure.
    const run = now - this.lastFail > Wait.ForgetMs ? 0 : this.run;
    if (outcome === Searched.Rejoin) {
      // A link came up: its neighbour booted, or was dead or cut off when
      // a lockout started. It hears this SMC's lockout and run, none
      // included, and one that knows more answers with its own (below):
      // so a neighbour that rebooted too quickly for this side to see the
      // link go down learns it from its own link coming up.
      only = via;
    } else if (outcome === Searched.Shared) {
      // "ms n A": locked ms more, n failures in a row, over link A. Kept,
      // and passed on, only when it is news: it then ends round a ring (or
      // at a chain's ends) where it is not. No news from a neighbour that
      // knows less: it hears what this one knows, on that link.
      const sp = via.indexOf(" ");
      const ms = Math.min(+via.substr(0, sp), cap);
      const n = Math.min(parseInt(via.substr(sp + 1), 10) || 0, Wait.MaxRun);
      if (!(ms >= 0)) return;
      if ((ms <= 0 || now + ms <= this.lockedUntil + 1000) && n <= run) {
        if (this.lockedUntil <= now + ms + 1000 && run <= n) return;
        only = via.charAt(via.length - 1);
      } else {
        if (now + ms > this.lockedUntil) this.lockedUntil = now + ms;
        this.run = n > run ? n : run;
        this.lastFail = now;
        ctx.log.add("AUTH", "lockout heard: " + ms + " ms, " + n + " failures in a row");
      }
    } else if (outcome === S.Held) {
      this.heldTimer = 0;
      text = this.held + " more failed AUTHs, not written one by one (rate limit)";
    } else {
      code = outcome === S.Refused ? Err.LockedOut : outcome === Searched.NotAll ? Err.Unreachable : Err.AuthFailed;
      text = code === Err.LockedOut ? "refused, locked out" : code === Err.Unreachable ? "not found, part of the chain unreachable" : "no SMC has these credentials";
      if (code !== Err.LockedOut) {
        if (now - this.lastFail > Wait.ForgetMs) this.run = 0;
        if (now - this.lastFail > t.lockoutMs) this.fails = 0;
        this.lastFail = now;
        if (this.run < Wait.MaxRun) this.run++;
        if (!passed) hold = t.failDelayMs * (1 << Math.min(this.run - 1, Wait.Shift));
        // The S.LockAfter-th failure still gets its own answer (after its
        // wait); the lockout refuses the AUTHs after it.
        lock = hold;
        if (++this.fails >= S.LockAfter) {
          this.fails = 0;
          lock = Math.max(hold, t.lockoutMs);
          text += ", AUTH locked";
        }
        if (now + lock > this.lockedUntil) this.lockedUntil = now + lock;
      }
      // A phone call is hung up after its authTries-th failure; a terminal
      // wired directly has no call to end.
      const tries = ctx.config.authTries;
      last = ++this.inCall === tries && !!ctx.modem;
      text += " (" + this.user.substr(0, 16) + ") call " + this.dial + (hold ? ", wait " + hold + " ms" : "") + (last ? ", " + tries + " in this call: hanging up" : "");
    }
    // The AUTHFAIL record, or the one counting those held back; what the
    // log's rate limit refuses is counted and retried until it has room.
    if (!text) {
      // A lockout heard: its AUTH record above.
    } else if (ctx.log.add("AUTHFAIL", text)) {
      if (outcome === S.Held) this.held = 0;
    } else {
      if (outcome !== S.Held) this.held++;
      if (!this.heldTimer) this.heldTimer = clock.after(() => this.searched(undefined, S.Held, ""), S.HeldMs);
    }
    if (outcome === S.Held) return;
    // Every SMC learns the lockout: what is left of it (relative: clocks
    // differ) and the run, so a redial, the backup modem's SMC or the one
    // further on refuses the next guess as this one does.
    if (outcome === Searched.Shared || outcome === Searched.Rejoin || lock) {
      const links = ctx.router.links;
      const f = "" + Math.max(0, this.lockedUntil - now) + " " + (now - this.lastFail > Wait.ForgetMs ? 0 : this.run);
      for (let i = 0; i < links.length; i++) {
        if (links[i].usable() && (!only || links[i].name === only)) links[i].send({ kind: K.Lock, seq: 0, hops: 0, call: 0, src: ctx.config.id, dst: 0, req: 0, payload: f });
      }
    }
    if (outcome === Searched.Shared || outcome === Searched.Rejoin) return;
    // A failed AUTH ends every permission the call held, here and along
    // the chain, as LOGOUT does: a wrong guess never leaves access behind.
    // Without a grant in the call (no `current`) only a search that could
    // not ask everyone may have left one (an approval that came too late).
    if (ctx.router.current || code === Err.Unreachable) ctx.router.endCall("auth failed");
    this.end("auth failed");
    // The answer after the wait (a later SMC answered the caller, without
    // a reply here: pass-through); the hang-up once the answer has left
    // (about 40 bytes at the modem's rate).
    const go = () => {
      this.wait = 0;
      if (reply) reply.err(code, via);
      if (last) clock.after(() => ctx.hangup("auth failures"), Math.ceil(400000 / ctx.config.modemBaud) + 100);
    };
    if (hold && (reply || last)) this.wait = clock.after(go, hold);
    else go();
  }
}
