// SHA-256 in plain JavaScript. Boards differ (NOTES.md): the Nucleo build
// has no crypto module and the Original only SHA1, so the firmware carries
// its own. It runs once per AUTH, never on the forwarding path.

/** SHA-256 of a binary string (one char per byte), as lower-case hex. */
export function sha256hex(msg: string): string {
  // The round constants (the cube roots of the first 64 primes): big-endian
  // bytes of a string literal, read in each round (~22 variables even
  // where the literal is copied into RAM).
  // Not an array literal made into an Int32Array: that built 64 elements,
  // most of them floats (above 2^31), ~130 variables of a board at the worst
  // moment of a login, and the Int32Array itself held ~33 through the
  // rounds (docs/bench.md, "True peak"); reading four bytes a round costs no
  // more time than the decoding did (5.1 -> 5.0 ms a hash on espruino-pico).
  // Deriving them per hash instead tripled the hash's time (5.7 -> 18 ms
  // on espruino-pico; on a board ~1 s of a search's hop, near the 2.5 s a
  // hop may stall before its links go down: docs/bench.md, searchHops).
  const ks =
    "\x42\x8a\x2f\x98\x71\x37\x44\x91\xb5\xc0\xfb\xcf\xe9\xb5\xdb\xa5\x39\x56\xc2\x5b\x59\xf1\x11\xf1\x92\x3f\x82\xa4\xab\x1c\x5e\xd5" +
    "\xd8\x07\xaa\x98\x12\x83\x5b\x01\x24\x31\x85\xbe\x55\x0c\x7d\xc3\x72\xbe\x5d\x74\x80\xde\xb1\xfe\x9b\xdc\x06\xa7\xc1\x9b\xf1\x74" +
    "\xe4\x9b\x69\xc1\xef\xbe\x47\x86\x0f\xc1\x9d\xc6\x24\x0c\xa1\xcc\x2d\xe9\x2c\x6f\x4a\x74\x84\xaa\x5c\xb0\xa9\xdc\x76\xf9\x88\xda" +
    "\x98\x3e\x51\x52\xa8\x31\xc6\x6d\xb0\x03\x27\xc8\xbf\x59\x7f\xc7\xc6\xe0\x0b\xf3\xd5\xa7\x91\x47\x06\xca\x63\x51\x14\x29\x29\x67" +
    "\x27\xb7\x0a\x85\x2e\x1b\x21\x38\x4d\x2c\x6d\xfc\x53\x38\x0d\x13\x65\x0a\x73\x54\x76\x6a\x0a\xbb\x81\xc2\xc9\x2e\x92\x72\x2c\x85" +
    "\xa2\xbf\xe8\xa1\xa8\x1a\x66\x4b\xc2\x4b\x8b\x70\xc7\x6c\x51\xa3\xd1\x92\xe8\x19\xd6\x99\x06\x24\xf4\x0e\x35\x85\x10\x6a\xa0\x70" +
    "\x19\xa4\xc1\x16\x1e\x37\x6c\x08\x27\x48\x77\x4c\x34\xb0\xbc\xb5\x39\x1c\x0c\xb3\x4e\xd8\xaa\x4a\x5b\x9c\xca\x4f\x68\x2e\x6f\xf3" +
    "\x74\x8f\x82\xee\x78\xa5\x63\x6f\x84\xc8\x78\x14\x8c\xc7\x02\x08\x90\xbe\xff\xfa\xa4\x50\x6c\xeb\xbe\xf9\xa3\xf7\xc6\x71\x78\xf2";
  const bits = msg.length * 8;
  msg += "\x80";
  while (msg.length % 64 !== 56) msg += "\x00";
  // Bit length as 64-bit big-endian; lines are far below 2^29 bytes.
  msg += "\x00\x00\x00\x00" + String.fromCharCode((bits >>> 24) & 255, (bits >>> 16) & 255, (bits >>> 8) & 255, bits & 255);
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
  // The message schedule as 16 words, the next 16 made in place before each
  // 16 rounds: 64 bytes instead of 256 (~15 variables), and two scratch
  // locals (x, y) stand for the seven the rounds and the schedule had (a
  // local is a variable per call; fewer also make each name's lookup
  // shorter: 14.8 -> 10.1 ms a hash on espruino-pico in file mode, on this
  // loaded machine; 128 -> 104 variables at the hash's worst moment).
  const w = new Int32Array(16);
  let x: number, y: number;
  for (let off = 0; off < msg.length; off += 64) {
    let a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (let r = 0; r < 64; r += 16) {
      if (r === 0) {
        for (let t = 0; t < 16; t++) {
          y = off + t * 4;
          w[t] = (msg.charCodeAt(y) << 24) | (msg.charCodeAt(y + 1) << 16) | (msg.charCodeAt(y + 2) << 8) | msg.charCodeAt(y + 3);
        }
      } else {
        // Word t of the next 16: w[t] still holds the word 16 back,
        // w[(t + 1) & 15] the one 15 back (not yet replaced), w[(t + 9) & 15]
        // and w[(t + 14) & 15] those 7 and 2 back (already replaced).
        for (let t = 0; t < 16; t++) {
          x = w[(t + 1) & 15];
          y = w[(t + 14) & 15];
          // Rotations written out: a function for them costs a board variables.
          w[t] = (w[t] + (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) + w[(t + 9) & 15] + (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10))) | 0;
        }
      }
      for (let t = r; t < r + 16; t++) {
        // x is T1, y T2.
        x = (hh + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) + ((e & f) ^ (~e & g)) + ((ks.charCodeAt(t * 4) << 24) | (ks.charCodeAt(t * 4 + 1) << 16) | (ks.charCodeAt(t * 4 + 2) << 8) | ks.charCodeAt(t * 4 + 3)) + w[t & 15]) | 0;
        y = ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
        hh = g;
        g = f;
        f = e;
        e = (d + x) | 0;
        d = c;
        c = b;
        b = a;
        a = (x + y) | 0;
      }
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
  }
  let out = "";
  for (let t = 0; t < 8; t++) out += ("0000000" + (h[t] >>> 0).toString(16)).substr(-8);
  return out;
}

/**
 * HMAC-SHA-256 (RFC 2104) of `m` as lower-case hex: H((K ^ opad) ||
 * H((K ^ ipad) || m)), K padded to 64 bytes. `k`: a 32-byte key as its
 * bytes (one char each: a challenge-response key as loaded) or as its 64
 * hex digits (a plain verifier as stored). Four SHA-256 blocks for a short
 * message. The one HMAC of the firmware: roleOf checks both proofs with
 * it, and a plain AUTH's search is made with it (docs/protocol.md).
 */
export function hmac(k: string, m: string): string {
  const x = k.length === 64;
  let ip = "";
  let op = "";
  for (let i = 0; i < 64; i++) {
    const b = i >= 32 ? 0 : x ? parseInt(k.substr(i * 2, 2), 16) : k.charCodeAt(i);
    ip += String.fromCharCode(b ^ 0x36);
    op += String.fromCharCode(b ^ 0x5c);
  }
  const inner = sha256hex(ip + m);
  for (let i = 0; i < 64; i += 2) op += String.fromCharCode(parseInt(inner.substr(i, 2), 16));
  return sha256hex(op);
}
