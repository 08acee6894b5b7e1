// The permission flag on this SMC (the patent's), with the idle time-out
// that keeps it from outliving a call. The guessing defence is the head's
// AUTH policy (authPolicy.ts).
//
// States: None -> grant -> Granted -> end (logout, idle, failed AUTH, the
// call's end) -> None. While Granted one timer runs; a command only notes
// its time (touch), so no timer is cancelled and armed per command: when the
// timer fires early (a command came since it was armed) it is armed again
// for the rest of the idle time.
import { Role } from "../auth";
import { SmcContext } from "./context";

export const enum Permission {
  None,
  Granted,
}

export class Session {
  state = Permission.None;
  /** The call the flag belongs to. */
  call = 0;
  /** Which account opened it. */
  role = Role.None;
  private idleTimer = 0;
  /** When the last command ran (touch). */
  private last = 0;

  constructor(private ctx: SmcContext) {}

  /** Sets the permission flag for `call` (this SMC's credentials matched). */
  grant(call: number, role: Role): void {
    this.state = Permission.Granted;
    this.call = call;
    this.role = role;
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
    if (this.idleTimer) this.ctx.hal.clock.cancel(this.idleTimer);
    this.idleTimer = 0;
    if (this.state === Permission.None) return;
    this.state = Permission.None;
    this.ctx.log("LOGOUT", why);
  }
}
