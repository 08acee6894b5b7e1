// Splicing (docs/protocol.md, "Splicing"): an SMC cutting through a call
// hands its two links to the interpreter's native forwarding for a lease
// of one or two heartbeat periods (each port's data event bound to the
// other port's own write, Uart.splice in hal/espruino.ts), so no
// JavaScript of its own runs for the bytes of the call's through frames.
// Cut-through in JavaScript (link.ts) costs a relay ~3× the CPU of native
// forwarding per frame on this PC, whatever is left out of it
// (docs/bench.md, "Where issue 14 stands"): what reads a line costs more
// than what only moves it.
//
// A spliced SMC reads nothing and writes nothing of its own, so its two
// neighbours (the ends) see each other's bytes: each end first promises to
// send nothing but through frames and its heartbeats on that link until
// the SMC between is back (it says so with Y, Link.sp), and takes that
// SMC's heartbeat as the sign. The head's heartbeats so reach the far end
// natively, and keep the call there as they always do.
// The splice starts only once both ends said Y, so every hop-by-hop frame
// either sent before reached the SMC between while it still read them.
//
// The SMC between (Router.sx):
//   Free      reads its links (cuts through in link.ts, or not at all)
//   Offering  sent S on both links, waits for a Y on each
//   Spliced   both links forward natively
// Its events (Sp):
//   Pass   it passed a through line on: Free -> Offering at the
//          Sl.Burst-th of one heartbeat period (a bulk answer such as a
//          long LOG: the frames of a few commands are cheap in JavaScript,
//          and a splice would make the hop-by-hop frames after them, the
//          next AUTH or MAP, wait out its lease), when both links are
//          up, nothing of its own waits on them, no neighbour is spliced
//          toward it, no line of the last splice is still on its way, and
//          none of the call's requests or answers went hop by hop through
//          here (Router.sm: a route with an SMC between that serves the
//          call itself, whose hop-by-hop frames a splice would hold up)
//   Offer  an S came: see below (an SMC offering itself answers the lower ID)
//   Yes    a Y came: Offering -> Spliced once both came; what the links
//          read after their Y goes on first (the start of a through line)
//   Tick   every t.heartbeatMs (the router's timer): Offering -> Free, no
//          offer till the next (its heartbeats, written next, release an
//          end that said Y); Spliced -> Free at the second (the lease), the
//          call kept at the first, as the heartbeats it cannot hear would;
//          Free: a line of the last splice not ended in a heartbeat period
//          is ended ("\n": the end that reads it counts it damaged)
//   Own    it has a frame of its own to send, its call's flags clear, or a
//          link went down: Offering or Spliced -> Free at once
// Back to Free from Spliced, each link's first line (Link.d) is passed on
// unread, whole or the rest of one whose start went natively, and nothing
// of this SMC's own is written on either link before both those lines
// ended: then its heartbeats, which release the ends. (Released earlier,
// an end could send a frame for this SMC while the line from it is still
// passed on unread: the far end would count it damaged.)
//
// An end (Offer on link l): Y back, l.sp set, when it takes part in the
// call, the S came from its neighbour on l and no hop-by-hop frame of its
// own waits on l (its acknowledgement would come natively). While
// l.sp: only through frames and heartbeats go out on l (link.ts, send); a
// heartbeat of the neighbour ends it, one of the far end keeps the call as
// ever (and nothing else); anything else that comes is counted damaged;
// l is down when the neighbour is not back 2 * t.heartbeatMs +
// t.linkDownMs after its S (a dead SMC between: failover as hop by hop).
import { encodeFrame, hex, LinkFrame } from "../protocol";
import { join } from "./flags";
import { LinkDo, LinkState } from "./link";
import type { Link } from "./link";
import type { Router } from "./router";

export const enum Sx {
  Free,
  Offering,
  Spliced,
}

/** Through lines a relay passes in one heartbeat period before it offers a splice (Router.sc). */
const enum Sl {
  Burst = 16,
}

export const enum Sp {
  Pass,
  Offer,
  Yes,
  Tick,
  Own,
}

/**
 * The splice's state machine (see the header); `l`, `f`: the link and the
 * S or Y it read. Router.sn: Spliced, the heartbeats since it started;
 * Free, 1 after an offer failed. One function, no helpers: each function
 * object costs a board ~8 variables (../shared/espruino/NOTES.md).
 */
export function splice(r: Router, e: Sp, l?: Link, f?: LinkFrame): void {
  const a = r.links[0];
  const b = r.links[1];
  const me = r.port.config.id;
  // A splice's second heartbeat ends its lease: as Own.
  if (e === Sp.Tick && r.sx === Sx.Spliced && r.sn++) e = Sp.Own;
  switch (e) {
    case Sp.Pass: {
      if (++r.sc < Sl.Burst || r.sx || r.sn || r.sm || !b || a.state !== LinkState.Up || b.state !== LinkState.Up || a.timer || b.timer || a.queue.length || b.queue.length || a.sp || b.sp || a.d || b.d || a.peer === me || b.peer === me) return;
      r.sx = Sx.Offering;
      r.sy = 0;
      const s = encodeFrame({ kind: "S", seq: 0, hops: 0, call: r.call, src: me, dst: 0, req: 0, payload: "" }, r.port.crc);
      a.uart.write(s);
      b.uart.write(s);
      return;
    }
    case Sp.Offer:
      if (f!.src === me || f!.src !== l!.peer || !f!.call || f!.call !== r.call || l!.state !== LinkState.Up) return;
      if (r.sx === Sx.Offering) {
        // Two neighbours offering at once: the lower ID splices.
        if (f!.src > me) return;
        r.sx = Sx.Free;
        a.on(LinkDo.Tick);
        b.on(LinkDo.Tick);
      }
      // A frame of its own in flight here would be acknowledged natively:
      // none may be; through frames go on (their k are through frames).
      if (r.sx || (l!.queue.length && l!.queue[0].kind < "a")) return;
      l!.sp = r.port.clock.now() || 1;
      l!.uart.write(encodeFrame({ kind: "Y", seq: 0, hops: 0, call: r.call, src: me, dst: f!.src, req: 0, payload: "" }, r.port.crc));
      return;
    case Sp.Yes: {
      if (r.sx !== Sx.Offering || f!.dst !== me || f!.src !== l!.peer || hex(f!.call, 8) !== r.xc) return;
      r.sy |= l === a ? 1 : 2;
      if (r.sy !== 3) return;
      // The other link's bytes since its Y start a through line (link.ts's
      // take passes on the rest of the chunk that held this Y).
      const o = l === a ? b : a;
      if (o.rx) o.o.write(o.rx);
      o.rx = "";
      r.sx = Sx.Spliced;
      r.sn = 0;
      a.uart.splice!(b.uart);
      b.uart.splice!(a.uart);
      return;
    }
    case Sp.Tick:
      r.sc = 0;
      if (r.sx === Sx.Offering) {
        // No Y from both ends: no offer before the next heartbeat.
        r.sx = Sx.Free;
        r.sn = 1;
        return;
      }
      if (r.sx !== Sx.Spliced) {
        r.sn = 0;
        for (let i = 0; b && i < 2; i++) {
          const k = r.links[i];
          if (k.rx && k.d) k.o.write("\n");
          if (k.d) k.rx = "";
          k.d = 0;
        }
        return;
      }
      // Spliced, its first heartbeat: the call lives on while the head's heartbeats pass unheard.
      if (r.call && r.call !== r.headCall) join(r, r.call, undefined);
      return;
    case Sp.Own:
      r.sc = 0;
      if (r.sx === Sx.Spliced) {
        // Each link's own receiver again; its first line is passed on unread (link.ts).
        const now = r.port.clock.now();
        r.sn = 0;
        for (let i = 0; i < 2; i++) {
          const k = r.links[i];
          k.uart.splice!();
          k.d = 1;
          k.lastHeard = now;
        }
      }
      r.sx = Sx.Free;
  }
}
