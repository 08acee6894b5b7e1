// SHA-256 in plain JavaScript. Boards differ (NOTES.md): the Nucleo build
// has no crypto module and the Original only SHA1, so the firmware carries
// its own. It runs once per AUTH, never on the forwarding path.

let K: Int32Array | undefined;

// The round constants are the first 32 bits of the fractional parts of the
// cube roots of the first 64 primes; deriving them costs less flash than a
// 64-entry literal table.
function roundConstants(): Int32Array {
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
  return k;
}

const H0 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

function rotr(x: number, n: number): number {
  return (x >>> n) | (x << (32 - n));
}

/** SHA-256 of a binary string (one char per byte), as lower-case hex. */
export function sha256hex(msg: string): string {
  if (!K) K = roundConstants();
  const k = K;
  const len = msg.length;
  msg += "\x80";
  while (msg.length % 64 !== 56) msg += "\x00";
  // Bit length as 64-bit big-endian; lines are far below 2^29 bytes.
  msg += "\x00\x00\x00\x00";
  const bits = len * 8;
  msg += String.fromCharCode((bits >>> 24) & 255, (bits >>> 16) & 255, (bits >>> 8) & 255, bits & 255);
  const h = new Int32Array(8);
  for (let i = 0; i < 8; i++) h[i] = H0[i] | 0;
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
      const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
      const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
      w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
    }
    let a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (let t = 0; t < 64; t++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + k[t] + w[t]) | 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
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
