// Runs the espruino CLI package in a plain CommonJS Node process (the
// package evaluates its own files and expects CommonJS globals): connects,
// sends the code, and waits for the board's "STORED" line (or 120 s) before
// disconnecting, since a board takes a while to write 50 KB of Storage.
// Usage: node sendCode.cjs <port> <code file> <board-json dir>; prints what the board said.
const fs = require("fs");
const [port, codeFile, jsonDir] = process.argv.slice(2);
const DONE = /STORED \d+ \d+ \d+/;
// The CLI opens only a port that a port listing shows: a /dev/serial/by-id
// link (the stable name for a unit at a site of several boards), a
// pseudo-terminal, or any port on a host without udevadm would never be
// found. Add the named port to the listing when it exists.
if (port.substr(0, 6) !== "tcp://") {
  try {
    const { SerialPort } = require("serialport");
    const list = SerialPort.list.bind(SerialPort);
    SerialPort.list = () =>
      list()
        .catch(() => [])
        .then((ports) => (ports.some((p) => p.path === port) || !fs.existsSync(port) ? ports : ports.concat([{ path: port }])));
  } catch (e) {
    // No serialport module: the CLI says so itself.
  }
}
const esp = require("espruino");
esp.init(function () {
  const config = Espruino.Config;
  config.BOARD_JSON_URL = jsonDir;
  // As the CLI's --no-ble: no Bluetooth scan (D-Bus is absent on most hosts).
  config.BLUETOOTH_LOW_ENERGY = false;
  config.BLUETOOTH_LOW_ENERGY_DBUS = false;
  config.SET_TIME_ON_WRITE = false;
  // Network ports are found only when listed, as the CLI's -p does.
  if (port.substr(0, 6) === "tcp://") config.SERIAL_TCPIP = [port];
  let response = "";
  const finish = () => {
    process.stdout.write("\n@@RESPONSE@@\n" + response);
    process.exit(0);
  };
  const serial = Espruino.Core.Serial;
  serial.startListening((data) => {
    data = new Uint8Array(data);
    for (let i = 0; i < data.length; i++) response += String.fromCharCode(data[i]);
    if (DONE.test(response)) setTimeout(() => serial.close(), 100);
  });
  serial.open(
    port,
    (status) => {
      if (status === undefined) return finish();
      Espruino.callProcessor("transformForEspruino", fs.readFileSync(codeFile, "utf8"), (code) => {
        Espruino.Core.CodeWriter.writeToEspruino(code, () => setTimeout(() => serial.close(), 120000));
      });
    },
    finish,
  );
});
