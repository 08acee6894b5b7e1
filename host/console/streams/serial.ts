// A serial device through the serialport package: a USB-serial adapter to
// a modem (with --dial) or a null-modem cable straight to an SMC's modem
// port (the bench test). The one stream that can drop DTR, as a terminal
// program hangs up; a pseudo-terminal refuses the ioctl, and dropDtr then
// says so (false) and the caller falls back to BYE and +++ ATH0.
import { SerialPort } from "serialport";
import { ByteStream, OpenError } from "../stream";

export interface SerialOptions {
  baud: number;
  rtscts?: boolean;
  /** The class to open with: SerialPort, or serialport's SerialPortMock in tests. */
  SerialPortClass?: new (o: { path: string; baudRate: number; rtscts?: boolean; autoOpen: false; hupcl?: boolean }) => SerialPort;
  after?: (fn: () => void, ms: number) => void;
}

/** The last set({dtr}) calls made, per path, for tests that cannot see a pin. */
export const dtrCalls: Array<{ path: string; dtr: boolean; ok: boolean }> = [];

export function openSerial(path: string, o: SerialOptions): Promise<ByteStream> {
  const Cls = o.SerialPortClass ?? SerialPort;
  const port = new Cls({ path, baudRate: o.baud, rtscts: !!o.rtscts, autoOpen: false, hupcl: true });
  const after = o.after ?? ((fn, ms) => setTimeout(fn, ms));
  return new Promise((resolve, reject) => {
    port.open((e) => {
      if (e) {
        const why = /Permission denied/i.test(e.message)
          ? `${e.message} (is your user in the dialout group?)`
          : /No such file|ENOENT/i.test(e.message)
            ? `${e.message} (is the adapter plugged in? ls /dev/serial/by-id/)`
            : /lock|busy/i.test(e.message)
              ? `${e.message} (another program has the port open)`
              : e.message;
        return reject(new OpenError(`cannot open ${path}: ${why}`, /lock|busy/i.test(e.message)));
      }
      let closers: Array<(why: string) => void> = [];
      let closing = false;
      port.on("close", () => {
        if (closing) return;
        closing = true;
        for (const c of closers) c("the serial port closed (adapter unplugged?)");
        closers = [];
      });
      port.on("error", () => undefined);
      const setDtr = (dtr: boolean) =>
        new Promise<boolean>((done) =>
          port.set({ dtr }, (err) => {
            dtrCalls.push({ path, dtr, ok: !err });
            done(!err);
          }),
        );
      resolve({
        name: path,
        hasDtr: true,
        write: (bytes) => {
          if (!closing) port.write(Buffer.from(bytes, "latin1"));
        },
        onData: (cb) => {
          const f = (d: Buffer) => cb(d.toString("latin1"));
          port.on("data", f);
          return () => port.off("data", f);
        },
        onClose: (cb) => {
          closers.push(cb);
        },
        dropDtr: async (ms) => {
          if (!(await setDtr(false))) return false;
          await new Promise<void>((r) => after(r, ms));
          await setDtr(true);
          return true;
        },
        close: () =>
          new Promise<void>((done) => {
            if (closing || !port.isOpen) return done();
            closing = true;
            closers = [];
            port.drain(() => port.close(() => done()));
          }),
      });
    });
  });
}
