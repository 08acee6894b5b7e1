// Whether a proof that opened an account may open it again: a proof
// crossing a cable between SMCs (a search's, or pass-through's AUTH line)
// is good for the challenge it answers, and a device on that cable could
// send it again in a call of its own. The SMC whose account it opens keeps
// the challenges it granted (docs/protocol.md, "Replays on the links"):
//
//   challenge  16 hex: the head's boot count (4), how many challenges it
//              drew in that boot (6), 24 random bits (6); see Session.draw
//   record     "<src 2 hex><challenge>:<call>," newest first: the latest
//              grant of each head's boot, at most KEPT of them
//
// A challenge is a replay when it was granted before in another call, or
// when one of the same head's boot with as high a count was granted: so
// every earlier proof of a head's boot is refused however long ago, while
// that boot is among the KEPT latest ones heard (a head is heard in its
// latest boot; KEPT heads' boots fit). The same challenge in the same call,
// while that call is still up here (`again`), is the search asked again
// (the other way round a ring after a time-out): not a replay. A grant is
// kept with its call even when that call was not up here before its search
// (the usual first search of a call), so the search asked again is known.
// `call` 0 (pass-through's lines), or a call that is over here: every
// repeat is a replay.
// A head that boots with a lower count (a new board, Storage erased) is not
// refused: its boot part differs.

/** Grants kept: a proof of an earlier boot of its head is refused while it is among them. */
const KEPT = 8;

/**
 * The record after granting `challenge` from `src` in `call` (0: none), or
 * undefined when that is a replay (refuse it, the record unchanged);
 * `again`: `call` was up here before this search came. Pure: the caller
 * keeps the record.
 */
export function granted(record: string, src: number, challenge: string, call: number, again?: boolean): string | undefined {
  const who = (src < 16 ? "0" : "") + src.toString(16) + challenge;
  const key = who + ":" + call + ",";
  if (again && call && record.indexOf(key) >= 0) return record;
  if (record.indexOf(who + ":") >= 0) return undefined;
  // The same head's boot (src and the boot part): a count not above one granted is a replay.
  const boot = who.substr(0, 6);
  const count = who.substr(6, 6);
  for (let at = 0; at < record.length; at = record.indexOf(",", at) + 1) {
    if (record.substr(at, 6) === boot && record.substr(at + 6, 6) >= count) return undefined;
  }
  // This grant stands for the head's boot: its earlier grants of that boot go.
  let out = key;
  let n = 1;
  for (let at = 0; at < record.length && n < KEPT; ) {
    const end = record.indexOf(",", at) + 1;
    if (record.substr(at, 6) !== boot) {
      out += record.substr(at, end - at);
      n++;
    }
    at = end;
  }
  return out;
}
