// What a tap on a site's cables reads (SiteDut.cables), line by line.
//
// Each direction of each cable is its own stream; the bytes of one line may
// come in several writes, and another cable's bytes may come between them
// (always on the real interpreters under load: a search's line crossed one
// cable in two pieces with the next cable's line in the middle, and a test
// looking for that line on each hop found it once). So a stream's bytes are
// held until the end of their line (CR or LF) and the line is recorded
// whole: the record is the cables' lines in the order they ended, each line
// as one direction carried it. The record only grows, so a test may take
// its length and read what comes after. Bytes with no line end yet are not
// in it: every line the firmware and the simulated modems write ends.

/** A record of lines from many streams, each kept whole. */
export interface CableTap {
  /** A stream's writer: give it every chunk one direction of one cable carries. */
  stream(): (chunk: string) => void;
  /** The lines recorded so far, in the order they ended. */
  text(): string;
}

export function cableTap(): CableTap {
  const lines: string[] = [];
  return {
    stream() {
      let held = "";
      return (chunk) => {
        held += chunk;
        const end = Math.max(held.lastIndexOf("\n"), held.lastIndexOf("\r"));
        if (end < 0) return;
        lines.push(held.slice(0, end + 1));
        held = held.slice(end + 1);
      };
    },
    text: () => lines.join(""),
  };
}
