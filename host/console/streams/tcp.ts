// tcp://host:port: the simulated site's modem line (npm start) or any
// serial-to-TCP server. Closing the connection is a dropped line there.
import net from "node:net";
import { ByteStream, OpenError } from "../stream";

export function parseTcp(where: string): { host: string; port: number } | undefined {
  const m = /^tcp:\/\/([^:/]*):(\d+)\/?$/.exec(where);
  return m ? { host: m[1] || "127.0.0.1", port: Number(m[2]) } : undefined;
}

export function openTcp(where: string): Promise<ByteStream> {
  const t = parseTcp(where);
  if (!t) return Promise.reject(new OpenError(`${where}: not tcp://host:port`));
  return new Promise((resolve, reject) => {
    const socket = net.connect(t.port, t.host);
    socket.setNoDelay(true);
    const receivers: Array<(b: string) => void> = [];
    let closers: Array<(why: string) => void> = [];
    let closed = false;
    socket.once("error", (e) => reject(new OpenError(`cannot reach ${where}: ${e.message}`)));
    socket.on("data", (d) => {
      const s = d.toString("latin1");
      for (const r of receivers.slice()) r(s);
    });
    socket.on("close", () => {
      if (closed) return;
      closed = true;
      for (const c of closers) c("the connection closed");
      closers = [];
    });
    socket.once("connect", () => {
      socket.on("error", () => undefined);
      resolve({
        name: where,
        hasDtr: false,
        write: (bytes) => {
          if (!closed) socket.write(Buffer.from(bytes, "latin1"));
        },
        onData: (cb) => {
          receivers.push(cb);
          return () => {
            const i = receivers.indexOf(cb);
            if (i >= 0) receivers.splice(i, 1);
          };
        },
        onClose: (cb) => {
          closers.push(cb);
        },
        dropDtr: async () => false,
        close: () =>
          new Promise<void>((done) => {
            if (closed) return done();
            closed = true;
            closers = [];
            socket.end(() => {
              socket.destroy();
              done();
            });
          }),
      });
    });
  });
}
