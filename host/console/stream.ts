// A byte stream to a modem port: a serial device, a TCP connection (the
// simulated site, a serial-to-TCP server) or, in tests, a simulated UART.
// Everything above this file is the same for all of them. Bytes are
// latin1 strings: the protocol is 7-bit text.

export interface ByteStream {
  /** What it is, for messages: "/dev/ttyUSB0", "tcp://127.0.0.1:7001". */
  readonly name: string;
  /** Whether dropping DTR can hang up a modem on this stream (a real serial port). */
  readonly hasDtr: boolean;
  write(bytes: string): void;
  /** Every chunk received, in order; returns the unsubscriber. */
  onData(cb: (bytes: string) => void): () => void;
  /** Called once when the stream ends by itself (cable out, TCP peer closed). */
  onClose(cb: (why: string) => void): void;
  /**
   * Drops DTR for `ms`, then raises it again: a modem set to &D2 hangs up.
   * Resolves false where the line cannot carry DTR (a pseudo-terminal, TCP).
   */
  dropDtr(ms: number): Promise<boolean>;
  /** Closes the stream (a serial port drops DTR as it closes). */
  close(): Promise<void>;
}

/** A stream that cannot be opened: the port is missing, in use, refused. */
export class OpenError extends Error {
  constructor(message: string, readonly busy = false) {
    super(message);
  }
}
