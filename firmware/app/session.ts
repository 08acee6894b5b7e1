// The console's session on this SMC: the patent's permission flag, plus the
// guessing defence and the idle time-out that keep it from outliving a call.
import { Timings } from "../config";
import { Clock } from "../hal/types";
import { Role } from "../auth";
import { Err } from "../protocol";

/** Consecutive failed AUTHs that lock AUTH for Timings.lockoutMs. */
export const MAX_FAILURES = 3;

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
  private failures = 0;
  private lockedUntil = 0;
  private idleTimer = 0;

  constructor(private clock: Clock, private t: Timings, private onEnd: (why: string) => void) {}

  /** Err.LockedOut while AUTH is refused, else 0. */
  lockout(): number {
    return this.clock.now() < this.lockedUntil ? Err.LockedOut : 0;
  }

  /** Sets the permission flag for `call` (this SMC's credentials matched). */
  grant(call: number, role: Role): void {
    this.failures = 0;
    this.state = Permission.Granted;
    this.call = call;
    this.role = role;
    this.touch();
  }

  /** The console reached another SMC: its guesses so far do not count. */
  succeeded(): void {
    this.failures = 0;
  }

  /** Counts a failed AUTH of the console; returns the Err to report. */
  failed(): number {
    if (++this.failures >= MAX_FAILURES) {
      this.failures = 0;
      this.lockedUntil = this.clock.now() + this.t.lockoutMs;
      return Err.LockedOut;
    }
    return Err.AuthFailed;
  }

  /** Whether the permission flag is set for `call`. */
  permits(call: number): boolean {
    return this.state === Permission.Granted && this.call === call;
  }

  /** Restarts the idle time-out: called on every command while granted. */
  touch(): void {
    if (this.state !== Permission.Granted) return;
    if (this.idleTimer) this.clock.cancel(this.idleTimer);
    this.idleTimer = this.clock.after(() => {
      this.idleTimer = 0;
      this.end("idle");
    }, this.t.idleMs);
  }

  /** Clears the permission flag (logout, idle, failed AUTH). */
  end(why: string): void {
    if (this.idleTimer) this.clock.cancel(this.idleTimer);
    this.idleTimer = 0;
    if (this.state === Permission.None) return;
    this.state = Permission.None;
    this.onEnd(why);
  }
}
