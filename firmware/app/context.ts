import { Router } from "../chain";
import { SmcConfig } from "../config";
import { BoardDesc } from "../hal/board";
import { Hal } from "../hal/types";
import { EventLog } from "../log/eventLog";
import { ServerBody } from "../server";
import { Session } from "./session";

/** Everything a command may use. */
export interface SmcContext {
  hal: Hal;
  board: BoardDesc;
  config: SmcConfig;
  configSource: string;
  version: string;
  startedAt: number;
  log: EventLog;
  body: ServerBody;
  session: Session;
  router: Router;
}
