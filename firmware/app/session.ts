// The permission flag on this SMC (the patent's), with the idle time-out
// that keeps it from outliving a call. The guessing defence is the head's
// AUTH policy (authPolicy.ts).
import { Timings } from "../config";
import { Clock } from "../hal";
import { Role } from "../auth";

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

  constructor(private clock: Clock, private t: Timings, private onEnd: (why: string) => void) {}

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
