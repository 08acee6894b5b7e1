// Unix seconds as ISO 8601 UTC ("2026-12-01T14:00:00Z"): how LOG and TIME
// show the wall clock (docs/protocol.md, "Wall-clock time"). Days to a civil
// date by H. Hinnant's algorithm (proleptic Gregorian, no tables); integer
// arithmetic only. Pure, and the one function of it on a board.

/** `s`: Unix seconds, at least 0. */
export function iso(s: number): string {
  const z = Math.floor(s / 86400) + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const m = mp < 10 ? mp + 3 : mp - 9;
  const t = s - Math.floor(s / 86400) * 86400;
  // Two digits each: 100 + n without its "1".
  return (
    (yoe + era * 400 + (m <= 2 ? 1 : 0)) +
    "-" + (100 + m + "").substr(1) +
    "-" + (101 + doy - Math.floor((153 * mp + 2) / 5) + "").substr(1) +
    "T" + (100 + Math.floor(t / 3600) + "").substr(1) +
    ":" + (100 + Math.floor((t % 3600) / 60) + "").substr(1) +
    ":" + (100 + (t % 60) + "").substr(1) + "Z"
  );
}
