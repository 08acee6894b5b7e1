// One call to a site: the stream, the local modem (when dialling), the
// framed client, which SMCs this call is authenticated to, and the hang-up.
// No printing and no process exit here: the CLI, the web page and the tests
// all drive it and listen to its events.
import { EventEmitter } from "node:events";
import { ConsoleClock, realClock, sleep } from "./clock";
import { dial, DialOptions, escapeAndHangUp, LineSource } from "./dialler";
import { DialError, LineLost, NoReply, SmcError } from "./errors";
import { FramedClient, FramedOptions, Reply } from "./framed";
import { LineSplitter } from "./lines";
import { deriveKey, parseChal, proofFor } from "./proof";
import type { ByteStream } from "./stream";

export interface CallOptions {
  clock?: ConsoleClock;
  /** Dial the site through a local modem; without it the stream is the SMC's modem port itself (null-modem cable, tcp:// to a bridge). */
  dial?: DialOptions & { retries?: number; retryWaitMs?: number };
  framed?: FramedOptions;
  /** Time allowed for one send of an AUTH (the head answers within t.requestMs, 30 s by default, plus a failure's wait). */
  authTimeoutMs?: number;
  /** true: AUTH sends the password itself (plain AUTH), not the challenge form's proof. */
  plainAuth?: boolean;
  /**
   * This machine's wall clock (Unix ms): given, the call sends `TIME <unix
   * seconds>` after its first AUTH, so the site's SMCs, which have no clock,
   * stamp their records with the time of day (docs/protocol.md, "Wall-clock
   * time"). smc-console gives Date.now; a scripted test, none.
   */
  wallTime?: () => number;
}

export interface CallEvents {
  /** Progress in words: dialling, connected, retries. */
  progress: [string];
  /** The call dropped by itself (carrier lost, stream closed). */
  lost: [string];
  /** A line that was not a frame (a modem result, a typed-mode answer). */
  unframed: [string];
  retry: [{ seq: number; body: string; why: string }];
}

export interface HangupReport {
  /** How the call was ended, in order: "BYE", "DTR", "+++ ATH0", "closed". */
  steps: string[];
  /** The call had already dropped. */
  wasLost: boolean;
}

export type CallState = "open" | "lost" | "closed";

export class Call extends EventEmitter<CallEvents> {
  readonly clock: ConsoleClock;
  readonly client: FramedClient;
  /** SMC IDs whose permission flag this call set, as far as the console knows. */
  readonly authenticated = new Set<number>();
  state: CallState = "open";
  lostWhy = "";
  /** The line was busy (another terminal on the simulator's port). */
  busy = false;
  connectLine = "";
  private splitter: LineSplitter;
  private taker?: (line: string) => void;
  private carrier = false;
  private hangingUp = false;
  /** TIME has gone to the site in this call (wallTime). */
  private timeSent = false;

  /** Whether the call is up and not being hung up: new requests may go. */
  get usable(): boolean {
    return this.state === "open" && !this.hangingUp;
  }
  private dropWaiters: Array<() => void> = [];

  private constructor(readonly stream: ByteStream, private o: CallOptions) {
    super();
    this.clock = o.clock ?? realClock;
    this.client = new FramedClient((b) => this.stream.write(b), this.clock, o.framed);
    this.client.on("retry", (r) => this.emit("retry", r));
    this.splitter = new LineSplitter((line) => this.onLine(line));
    stream.onData((b) => this.splitter.feed(b));
    stream.onClose((why) => this.drop(why));
  }

  /** Opens a call on an opened stream: dials when asked (with retries), then the line is the SMC's. */
  static async open(stream: ByteStream, o: CallOptions = {}): Promise<Call> {
    const call = new Call(stream, o);
    if (o.dial) {
      const src: LineSource = { write: (b) => stream.write(b), take: (h) => (call.taker = h) };
      const tries = 1 + (o.dial.retries ?? 0);
      for (let i = 1; ; i++) {
        try {
          call.connectLine = await dial(src, call.clock, o.dial, (w) => call.emit("progress", w));
          break;
        } catch (e) {
          const retryable = e instanceof DialError && (e.result === "BUSY" || e.result === "NO ANSWER" || e.result === "NO CARRIER");
          if (!retryable || i >= tries || call.state !== "open") {
            await stream.close();
            call.state = "closed";
            throw e;
          }
          call.emit("progress", `${(e as DialError).result}: retrying in ${Math.round((o.dial.retryWaitMs ?? 30000) / 1000)} s (${i} of ${tries - 1})`);
          await sleep(call.clock, o.dial.retryWaitMs ?? 30000);
        }
      }
      call.carrier = true;
      call.emit("progress", `connected: ${call.connectLine}`);
    }
    // A bare CR ends whatever a previous session left half-typed on a
    // directly wired port; an empty line is ignored by the SMC.
    stream.write("\r");
    return call;
  }

  private onLine(line: string): void {
    if (this.taker) return this.taker(line);
    if (this.client.line(line)) return;
    this.emit("unframed", line);
    // The local modem's word for a dropped call; the simulator's TCP bridge
    // answers a second terminal with BUSY and closes.
    if (/^NO CARRIER\b/.test(line.trim())) this.drop("carrier lost (NO CARRIER)");
    else if (!this.o.dial && /^(OK|ERROR)$/.test(line.trim())) {
      // An SMC answers framed requests framed; a bare OK or ERROR is a modem in command mode.
      this.drop(`a modem answered ${line.trim()} instead of an SMC: the stream is a modem in command mode (give --dial <number>)`);
    } else if (!/^(RING|BUSY)\b/.test(line.trim())) this.client.unframed(line.trim());
    else if (/^BUSY\b/.test(line.trim()) && !this.o.dial) {
      this.busy = true;
      this.drop(`the line is busy: ${line.trim()}`);
    }
  }

  private drop(why: string): void {
    if (this.state !== "open") return;
    this.state = "lost";
    if (!this.hangingUp) this.lostWhy = why;
    this.carrier = false;
    this.authenticated.clear();
    this.client.lineLost(why);
    for (const w of this.dropWaiters.splice(0)) w();
    // The drop that follows our own BYE is the hang-up, not a failure.
    if (!this.hangingUp) this.emit("lost", why);
  }

  /** Sends one command line as is (the caller adds `@id`). */
  request(line: string, timeoutMs?: number): Promise<Reply> {
    return this.client.request(line, timeoutMs);
  }

  /**
   * AUTH with one SMC's credentials; resolves with the ID that answered.
   * Throws SmcError (ERR 7, 8, 10...), LineLost or NoReply.
   */
  async auth(user: string, password: string): Promise<number> {
    // By default the challenge form: CHAL, then AUTH HMAC with the proof
    // for that challenge (docs/protocol.md); the password stays here.
    let line = `AUTH ${user} ${password}`;
    if (!this.o.plainAuth) {
      const c = await this.request("CHAL");
      const chal = c.code ? undefined : parseChal(c.lines.find((l) => l.startsWith("CHAL ")) ?? "");
      if (!chal) throw new SmcError(c.code, c.code ? c.final.replace(/^ERR \d+ /, "") : `CHAL answered without a challenge: ${c.lines.join(" | ")}`);
      line = `AUTH HMAC ${user} ${proofFor(deriveKey(chal.site, user, password), chal.nonce, user)}`;
    }
    // A failed AUTH is answered after its wait (up to 256 s at the
    // defaults, docs/protocol.md "Guessing"): the 4 sends of a framed
    // request cover it (the SMC answers a resend of a running command's
    // seq once, from its retry cache).
    const r = await this.request(line, this.o.authTimeoutMs ?? 80000);
    if (r.code) {
      // A failed AUTH ends every permission the call held, on every SMC
      // (firmware/app/authPolicy.ts, as LOGOUT does): the console is
      // authenticated nowhere now, and says so (the web page shows it).
      this.authenticated.clear();
      throw new SmcError(r.code, r.final.replace(/^ERR \d+ /, ""));
    }
    const id = Number(/^ID (\d+)$/.exec(r.lines.find((l) => l.startsWith("ID ")) ?? "")?.[1]);
    if (!Number.isInteger(id)) throw new SmcError(0, `AUTH answered without an ID: ${r.lines.join(" | ")}`);
    this.authenticated.add(id);
    if (this.o.wallTime && !this.timeSent) {
      this.timeSent = true;
      // The head's clock; it passes it on. An SMC that knows no TIME (older
      // firmware: ERR 1) just keeps its uptime: nothing to report.
      // No answer to it spoils nothing the caller asked for.
      try {
        await this.request(`TIME ${Math.floor(this.o.wallTime() / 1000)}`);
      } catch (e) {
        if (!(e instanceof NoReply)) throw e;
      }
    }
    return id;
  }

  /** `@id <line>`: every command names its SMC, never "the last one authenticated". */
  run(id: number, line: string, timeoutMs?: number): Promise<Reply> {
    return this.request(`@${id} ${line}`, timeoutMs);
  }

  /** LOGOUT: every flag of this call is cleared on every SMC; the call stays up. */
  async logout(): Promise<void> {
    await this.request("LOGOUT");
    this.authenticated.clear();
  }

  /**
   * Ends the call so that nothing is left authenticated: BYE (ends the call
   * on every SMC and hangs up the site's modem), then DTR dropped where the
   * stream has it, else "+++" and ATH0 when the local modem still holds a
   * call; then the stream is closed. Never throws.
   */
  hangup(): Promise<HangupReport> {
    if (!this.hanging) this.hanging = this.doHangup();
    return this.hanging;
  }

  private hanging?: Promise<HangupReport>;

  private async doHangup(): Promise<HangupReport> {
    const steps: string[] = [];
    const wasLost = this.state === "lost";
    if (this.state === "closed") return { steps, wasLost };
    this.hangingUp = true;
    // A request still waiting (Ctrl-C) is given up; the SMC finishes it, then runs the BYE.
    this.client.abort("interrupted: the call was hung up before the answer");
    if (this.state === "open") {
      try {
        await this.request("BYE", 3000);
        steps.push("BYE");
      } catch (e) {
        if (!(e instanceof LineLost || e instanceof NoReply)) throw e;
      }
      // The site's modem hangs up after BYE's OK; give the NO CARRIER a moment.
      if (this.o.dial) await this.waitLost(3000);
    }
    if (this.stream.hasDtr) {
      if (await this.stream.dropDtr(500)) steps.push("DTR");
    }
    if (this.o.dial && this.carrier && !steps.includes("DTR")) {
      const src: LineSource = { write: (b) => this.stream.write(b), take: (h) => (this.taker = h) };
      if (await escapeAndHangUp(src, this.clock)) steps.push("+++ ATH0");
    }
    this.state = "closed";
    this.authenticated.clear();
    this.client.lineLost("hung up");
    await this.stream.close();
    steps.push("closed");
    return { steps, wasLost };
  }

  private waitLost(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.state !== "open") return resolve();
      const t = this.clock.setTimeout(resolve, ms);
      this.dropWaiters.push(() => {
        this.clock.clearTimeout(t as never);
        resolve();
      });
    });
  }
}
