// TEMPORARY stub so the build pipeline can be developed in parallel.
import { BoardDesc } from "../hal/board";
import { Hal } from "../hal/types";

export function startSmc(hal: Hal, board: BoardDesc, version: string): void {
  hal.sys.lockConsole();
  hal.ports.modem.setup(9600);
  hal.ports.modem.onData((d) => hal.ports.modem.write(d));
  hal.ports.modem.write("SMC " + board.name + " " + version + "\r\n");
}
