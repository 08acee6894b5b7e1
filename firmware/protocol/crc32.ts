// CRC-32 (IEEE 802.3, as zlib and Espruino's native E.CRC32). On a board the
// HAL hands the link layer E.CRC32, which costs nothing per byte in
// JavaScript (NOTES.md: a JS CRC loop costs ~80 µs a byte on a PC, far more
// on a board); this version is for the host and for HALs without it.

export function crc32(bytes: string): number {
  let c = -1;
  for (let i = 0; i < bytes.length; i++) {
    c ^= bytes.charCodeAt(i) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ -1) >>> 0;
}
