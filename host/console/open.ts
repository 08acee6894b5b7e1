// Opens `<where>`: tcp://host:port, or a serial device path.
import type { ConsoleClock } from "./clock";
import type { ByteStream } from "./stream";
import { openSerial, SerialOptions } from "./streams/serial";
import { openTcp } from "./streams/tcp";

export interface OpenOptions {
  baud?: number;
  rtscts?: boolean;
  SerialPortClass?: SerialOptions["SerialPortClass"];
  clock?: ConsoleClock;
}

export function isTcp(where: string): boolean {
  return where.startsWith("tcp://");
}

export function openWhere(where: string, o: OpenOptions = {}): Promise<ByteStream> {
  if (isTcp(where)) return openTcp(where);
  const clock = o.clock;
  return openSerial(where, {
    baud: o.baud ?? 9600,
    rtscts: o.rtscts,
    SerialPortClass: o.SerialPortClass,
    after: clock ? (fn, ms) => clock.setTimeout(fn, ms) : undefined,
  });
}
