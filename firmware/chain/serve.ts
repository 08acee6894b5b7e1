// Serving a request that reached its target: the permission check, the
// retry cache (a request asked again with the same number is answered from
// what it answered, never run twice), and the packing of the reply's lines
// into reply frames (C parts, then one R with the final line).
import { errLine, Fr, K, LINE_SEP, LinkFrame, Reply, Err } from "../protocol";
import { Link } from "./link";
import type { Router } from "./router";

/** Runs request `f` (for this SMC, of the call it takes part in) that came over `link`. */
export function serve(r: Router, link: Link, f: LinkFrame): void {
  const pf = r.port.session;
  if (!(pf.state && pf.call === f.call)) return link.back(f, K.Error, errLine(Err.NotAuthenticated).substr(4));
  const last = r.last;
  if (last && f.req === last.f.req && f.payload === last.f.payload) {
    // A retry of what already ran here: answer again, never run it twice
    // (and while it still runs, its answer is on the way).
    const p = last.sent;
    if (last.done) for (let i = 0; i < p.length; i++) link.back(f, i < p.length - 1 ? K.ReplyPart : K.Reply, p[i]);
    return;
  }
  const s = new Served(link, f);
  r.last = s;
  r.port.run(f.payload, s);
}

/** The Reply of one served request: packs its lines into frames back to the head and keeps them for a retry. */
export class Served implements Reply {
  /** Payloads sent so far; `done` once the final one (R) went. */
  sent: string[] = [];
  done = false;
  /** Lines not sent yet. */
  private part = "";

  constructor(
    private link: Link,
    readonly f: LinkFrame,
  ) {}

  /** A reply line; `final`: the last (OK or ERR), which closes the reply. */
  line(text: string, final?: boolean): void {
    if (this.done) return;
    if (this.part && this.part.length + text.length + 1 > Fr.MaxPayload) {
      this.sent.push(this.part);
      this.link.back(this.f, K.ReplyPart, this.part);
      this.part = "";
    }
    this.part = this.part ? this.part + LINE_SEP + text : text;
    if (!final) return;
    this.done = true;
    this.sent.push(this.part);
    this.link.back(this.f, K.Reply, this.part);
  }

  ok(): void {
    this.line("OK", true);
  }

  err(code: number, why?: string): void {
    this.line(errLine(code, why), true);
  }
}
