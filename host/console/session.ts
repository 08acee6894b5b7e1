// A call with the site's credentials: authenticates to each SMC it needs
// (once per call, again on ERR 6), runs one command per SMC with `@id`,
// and accounts for every SMC: done, refused, or why not.
import { EventEmitter } from "node:events";
import type { Call } from "./call";
import { LineLost, NoReply, Outcome, SmcError } from "./errors";
import type { Reply } from "./framed";

export interface Credential {
  user: string;
  /** Read lazily: an environment variable, a file, a prompt. */
  password: () => Promise<string>;
}

export interface SmcResult<T = undefined> {
  id: number;
  outcome: Outcome;
  /** The SMC's ERR code, where it answered one. */
  code?: number;
  /** Why, in words, when not done. */
  message?: string;
  data?: T;
}

export interface SessionOptions {
  /**
   * Failed AUTHs after which the console stops trying others in this call.
   * Every failed search counts toward the SMC's lockout (3 failures lock
   * AUTH for t.lockoutMs), so the console never makes the third itself.
   */
  maxAuthFailures?: number;
}

export interface ProgressEvent {
  done: number;
  total: number;
  id: number;
  what: string;
}

export interface SessionEvents {
  progress: [ProgressEvent];
}

/** Thrown inside a step to end that SMC with an outcome. */
class Stop extends Error {
  constructor(readonly result: Omit<SmcResult<never>, "id">) {
    super(result.message);
  }
}

export class Session extends EventEmitter<SessionEvents> {
  private failures = 0;
  private lockedOut = false;
  private owner = new Map<number, number>();

  constructor(readonly call: Call, readonly creds: Map<number, Credential>, private o: SessionOptions = {}) {
    super();
  }

  /** IDs the console holds credentials for, in site-file order: what `all` means. */
  get ids(): number[] {
    return [...this.creds.keys()];
  }

  private lineResult(): Omit<SmcResult<never>, "id"> {
    const why = this.call.lostWhy;
    return { outcome: "not-attempted", message: why ? `the call dropped before this SMC's turn (${why})` : "the call was hung up before this SMC's turn" };
  }

  /** Authenticates to `id` unless this call already is; throws Stop with the reason when it cannot. */
  private async ensureAuth(id: number): Promise<void> {
    if (!this.call.usable) throw new Stop(this.lineResult());
    if (this.call.authenticated.has(id)) return;
    const c = this.creds.get(id);
    if (!c) throw new Stop({ outcome: "bad-credentials", message: `no credentials for SMC ${id} in the site file` });
    if (this.lockedOut) throw new Stop({ outcome: "locked-out", message: "not tried: the site locked AUTH out earlier in this call (ERR 8); wait t.lockoutMs (30 s by default)" });
    const max = this.o.maxAuthFailures ?? 2;
    if (this.failures >= max) throw new Stop({ outcome: "not-attempted", message: `not tried: ${this.failures} AUTHs failed in this call, and one more would lock the site out` });
    let got: number;
    try {
      got = await this.call.auth(c.user, await c.password());
    } catch (e) {
      if (e instanceof SmcError) {
        if (e.code === 8) {
          this.lockedOut = true;
          throw new Stop({ outcome: "locked-out", code: 8, message: "ERR 8 locked out: too many failed AUTHs; wait t.lockoutMs (30 s by default) and call again" });
        }
        this.failures++;
        if (e.code === 7) throw new Stop({ outcome: "bad-credentials", code: 7, message: `ERR 7 authentication failed: no SMC holds the credentials of ${c.user} for SMC ${id}` });
        if (e.code === 10) throw new Stop({ outcome: "unreachable", code: 10, message: "ERR 10 unreachable: not found, and part of the site could not be searched (a dead SMC or cut cable)" });
        throw new Stop({ outcome: "refused", code: e.code, message: `AUTH: ERR ${e.code} ${e.text}` });
      }
      throw e;
    }
    if (got !== id) {
      this.owner.set(id, got);
      throw new Stop({ outcome: "bad-credentials", message: `the credentials listed for SMC ${id} are SMC ${got}'s (it answered the AUTH): fix the site file` });
    }
  }

  /** Runs `line` on SMC `id` (authenticating first); an SMC that forgot us (ERR 6) is authenticated again once. */
  async run(id: number, line: string, timeoutMs?: number): Promise<Reply> {
    await this.ensureAuth(id);
    let r = await this.call.run(id, line, timeoutMs);
    if (r.code === 6) {
      this.call.authenticated.delete(id);
      await this.ensureAuth(id);
      r = await this.call.run(id, line, timeoutMs);
    }
    if (r.code === 10) throw new Stop({ outcome: "unreachable", code: 10, message: `ERR 10 unreachable: SMC ${id} cannot be reached now (dead, or a cable cut on the way)` });
    if (r.code === 6) throw new Stop({ outcome: "refused", code: 6, message: "ERR 6 not authenticated (twice)" });
    return r;
  }

  /**
   * Runs `step` for each ID in turn, in one call, and accounts for each:
   * a refused SMC does not stop the others; a dropped call ends the rest
   * as not attempted. Never throws for an SMC's sake.
   */
  async each<T>(ids: number[], what: string, step: (id: number) => Promise<T | SmcResult<T>>, sideEffect = false): Promise<SmcResult<T>[]> {
    const out: SmcResult<T>[] = [];
    for (const [k, id] of ids.entries()) {
      this.emit("progress", { done: k, total: ids.length, id, what });
      out.push(await this.one(id, step, sideEffect));
    }
    if (ids.length) this.emit("progress", { done: ids.length, total: ids.length, id: ids[ids.length - 1], what });
    return out;
  }

  private async one<T>(id: number, step: (id: number) => Promise<T | SmcResult<T>>, sideEffect: boolean): Promise<SmcResult<T>> {
    let sent = false;
    try {
      await this.ensureAuth(id);
      sent = true;
      const v = await step(id);
      if (v && typeof v === "object" && "outcome" in (v as object) && "id" in (v as object)) return v as SmcResult<T>;
      return { id, outcome: "done", data: v as T };
    } catch (e) {
      if (e instanceof Stop) return { id, ...e.result };
      if (e instanceof LineLost || e instanceof NoReply) {
        const maybe = sent && sideEffect ? "; the command was on its way and may or may not have run: check with status" : "";
        return { id, outcome: "line-lost", message: `${e.message}${maybe}` };
      }
      if (e instanceof SmcError) return { id, outcome: "refused", code: e.code, message: e.message };
      throw e;
    }
  }

  /** Turns a reply into a result: OK → data, ERR → refused with the code. */
  static refusal<T>(id: number, r: Reply, data?: T): SmcResult<T> {
    if (!r.code) return { id, outcome: "done", data };
    return { id, outcome: "refused", code: r.code, message: r.final, data };
  }
}
