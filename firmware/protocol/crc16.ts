// CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF): what most serial tools call
// "CRC-16 CCITT", so a host program can check it with any library. Computed
// bitwise without a table: lines on the console port are short and a
// 512-byte table would cost more memory than the loop costs time.

export function crc16(bytes: string): number {
  let crc = 0xffff;
  for (let i = 0; i < bytes.length; i++) {
    crc ^= (bytes.charCodeAt(i) & 0xff) << 8;
    for (let b = 0; b < 8; b++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc;
}

/**
 * Upper-case hex of `value` (its low 32 bits), zero-padded to `digits` (at
 * most 8). Native number and string calls, no loop per digit: on Espruino a
 * digit loop cost ~60 us for 8 digits on a PC against ~15 us for this
 * (docs/bench.md, "Relay against native forwarding"); a link frame needs
 * several per hop. 0x100000000 + value keeps the leading zeros (Espruino's
 * integers are 64-bit, as are Node's doubles' integers up to 2^53).
 */
export function hex(value: number, digits: number): string {
  return ((value >>> 0) + 0x100000000).toString(16).substr(9 - digits).toUpperCase();
}
