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

const HEX = "0123456789ABCDEF";

/** Upper-case hex of `value`, zero-padded to `digits`. */
export function hex(value: number, digits: number): string {
  let s = "";
  for (let i = digits - 1; i >= 0; i--) s += HEX.charAt((value >> (i * 4)) & 15);
  return s;
}
