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

export class AuthPolicy implements Reply {
  /**
   * Failures toward the next lockout. Kept for the SMC, not the call or the
   * account: no redial and no other account's login forgives one; they are
   * forgotten t.lockoutMs after the last (guessing that slowly is no faster
   * than the lockout allows anyway).
   */
  private fails = 0;
  private lastFail = 0;
  private lockedUntil = 0;
  /** Failed AUTHs of this call: at config.authTries a phone call is hung up. */
  private inCall = 0;
  /** Failure records the log's rate limit did not write, still to be counted in one record. */
  private held = 0;
  private heldTimer = 0;
  /** The user name of the search in flight (the console runs one command at a time). */
  private user = "";
  /** Pass-through: the console's Reply for an AUTH handed to the relay. */
  private out: Reply | undefined;

  constructor(private ctx: SmcContext) {}

  /** Whether AUTH is refused now (lockout, or this call's failures used up). */
  locked(): boolean {
    return this.ctx.hal.clock.now() < this.lockedUntil || this.inCall >= this.tries();
  }

  /** Failed AUTHs a call may make: a phone call is hung up after them; a terminal wired directly has no call to end. */
  private tries(): number {
    return this.ctx.modem ? this.ctx.config.authTries : 1e9;
  }

  auth(user: string, password: string, reply: Reply): void {
    const ctx = this.ctx;
    this.user = user;
    if (this.locked()) return this.failed(Err.LockedOut, "refused, locked out", reply);
    const role = roleOf(ctx.config, ctx.config.operator, user, password);
    if (!role) return ctx.router.find(user, password, reply);
    ctx.session.grant(ctx.router.ensureCall(), role);
    ctx.router.current = ctx.config.id;
    ctx.log.add("AUTH", "granted");
    reply.line("ID " + ctx.config.id);
    reply.ok();
  }

  /** The router's search ended: approved by `outcome` (an ID) over link `via`, or Searched.NoOne / Searched.NotAll. */
  searched(reply: Reply, outcome: number, via: string): void {
    if (outcome > 0) {
      this.ctx.log.add("AUTH", "granted by " + outcome + " via " + via);
      reply.line("ID " + outcome);
      return reply.ok();
    }
    if (outcome === Searched.NotAll) this.failed(Err.Unreachable, "not found, part of the chain unreachable", reply);
    else this.failed(Err.AuthFailed, "no SMC has these credentials", reply);
  }

  /**
   * Pass-through: an AUTH this SMC hands to the next one. The policy stands
   * in as its Reply, so that a refusal the relay answers here (no SMC wired
   * next, or it is dead) counts as a failure here; what the next SMC
   * answers itself it counts there.
   */
  passing(user: string, reply: Reply): Reply {
    this.user = user;
    this.out = reply;
    return this;
  }

  line(text: string): void {
    this.out!.line(text);
  }

  ok(): void {
    this.out!.ok();
  }

  err(code: number): void {
    this.failed(code, code === Err.Unreachable ? "next SMC unreachable" : "no SMC has these credentials", this.out!);
  }

  handOff(): void {
    const r = this.out!;
    if (r.handOff) r.handOff();
  }

  /** The call ended: its count of failures goes with it (the lockout stays). */
  ended(): void {
    this.inCall = 0;
  }

  private failed(code: number, why: string, reply: Reply): void {
    const ctx = this.ctx;
    const now = ctx.hal.clock.now();
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
    const tries = this.tries();
    const last = ++this.inCall === tries;
    this.note(why + " (" + this.user.substr(0, 16) + ")" + (last ? ", " + tries + " in this call: hanging up" : ""));
    // A failed AUTH ends every permission the call held, here and along
    // the chain, as LOGOUT does: a wrong guess never leaves access behind.
    // Without a grant in the call (no `current`) only a search that could
    // not ask everyone may have left one (an approval that came too late).
    if (ctx.router.current || code === Err.Unreachable) ctx.router.endCall("auth failed");
    ctx.session.end("auth failed");
    reply.err(code);
    // Hang up once the answer has left (about 40 bytes at the modem's rate).
    if (last) ctx.hal.clock.after(() => ctx.hangup("auth failures"), Math.ceil(400000 / ctx.config.modemBaud) + 100);
  }

  /** Writes an AUTHFAIL record; what the log's rate limit holds back is counted in one record later. */
  private note(text: string): void {
    if (this.ctx.log.add("AUTHFAIL", text)) return;
    this.held++;
    if (!this.heldTimer) this.heldTimer = this.ctx.hal.clock.after(() => this.flush(), HELD_MS);
  }

  private flush(): void {
    this.heldTimer = 0;
    if (this.ctx.log.add("AUTHFAIL", this.held + " more failed AUTHs, not written one by one (rate limit)")) this.held = 0;
    else this.heldTimer = this.ctx.hal.clock.after(() => this.flush(), HELD_MS);
  }
}
