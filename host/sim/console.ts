// `npm run console -- [host:]port`: a raw terminal to a simulated modem port,
// as a serial terminal program would be. Ctrl-] quits.
import net from "node:net";
import { Command } from "commander";

const program = new Command()
  .name("npm run console --")
  .argument("[target]", "[host:]port of the simulated modem line", "7001")
  .parse();
const target = program.args[0] ?? "7001";
const [host, port] = target.includes(":") ? target.split(":") : ["127.0.0.1", target];

const socket = net.connect(Number(port), host, () => {
  process.stderr.write(`connected to ${host}:${port}; Ctrl-] quits\r\n`);
  if (process.stdin.isTTY) process.stdin.setRawMode(true);
  process.stdin.on("data", (d) => {
    if (d.includes(0x1d)) {
      socket.end();
      process.exit(0);
    }
    socket.write(d);
  });
});
socket.on("data", (d) => process.stdout.write(d));
socket.on("close", () => {
  process.stderr.write("\r\nconnection closed\r\n");
  process.exit(0);
});
socket.on("error", (e) => {
  process.stderr.write(`cannot reach ${host}:${port}: ${e.message}\n`);
  process.exit(1);
});
