// SHA-256 in plain JavaScript. Boards differ (NOTES.md): the Nucleo build
// has no crypto module and the Original only SHA1, so the firmware carries
// its own. It runs once per AUTH, never on the forwarding path.

/** SHA-256 of a binary string (one char per byte), as lower-case hex. */
export function sha256hex(msg: string): string {
  // The round constants are the first 32 bits of the fractional parts of
  // the cube roots of the first 64 primes; deriving them costs less flash
  // than a 64-entry literal table, and no function of their own. Derived per
  // hash, not kept: an AUTH is rare, and a kept table held ~25 variables
  // from the first AUTH on.
  const k = new Int32Array(64);
  let n = 0;
  for (let p = 2; n < 64; p++) {
    let prime = true;
    for (let d = 2; d * d <= p; d++) if (p % d === 0) prime = false;
    if (prime) {
      const c = Math.pow(p, 1 / 3);
      k[n++] = ((c - Math.floor(c)) * 4294967296) | 0;
    }
  }
  const len = msg.length;
  msg += "\x80";
  while (msg.length % 64 !== 56) msg += "\x00";
  // Bit length as 64-bit big-endian; lines are far below 2^29 bytes.
  msg += "\x00\x00\x00\x00";
  const bits = len * 8;
  msg += String.fromCharCode((bits >>> 24) & 255, (bits >>> 16) & 255, (bits >>> 8) & 255, bits & 255);
  // The initial hash value (a literal here holds no memory between calls).
  const h = new Int32Array(8);
  h[0] = 0x6a09e667;
  h[1] = 0xbb67ae85 | 0;
  h[2] = 0x3c6ef372;
  h[3] = 0xa54ff53a | 0;
  h[4] = 0x510e527f;
  h[5] = 0x9b05688c | 0;
  h[6] = 0x1f83d9ab;
  h[7] = 0x5be0cd19;
  const w = new Int32Array(64);
  for (let off = 0; off < msg.length; off += 64) {
    for (let t = 0; t < 16; t++) {
      const j = off + t * 4;
      w[t] =
        (msg.charCodeAt(j) << 24) | (msg.charCodeAt(j + 1) << 16) | (msg.charCodeAt(j + 2) << 8) | msg.charCodeAt(j + 3);
    }
    for (let t = 16; t < 64; t++) {
      const a = w[t - 15];
      const b = w[t - 2];
      // Rotations written out: a function for them costs a board variables.
      const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
      const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
      w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
    }
    let a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (let t = 0; t < 64; t++) {
      const t1 = (hh + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) + ((e & f) ^ (~e & g)) + k[t] + w[t]) | 0;
      const t2 = ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
  }
  let out = "";
  for (let i = 0; i < 8; i++) out += ("0000000" + (h[i] >>> 0).toString(16)).substr(-8);
  return out;
}
