// When this SMC's modem answers: at `answerRings`, and, for a backup modem
// (primaryId set), never while the primary SMC is seen alive on a link
// (docs/modem.md explains the trade-off).
import { Link } from "../chain";

export function shouldAnswer(rings: number, answerRings: number, primaryId: number, links: Link[], log: (code: string, text: string) => void): boolean {
  log("RING", "" + rings);
  if (rings < answerRings) return false;
  for (let i = 0; primaryId && i < links.length; i++) {
    if (links[i].usable() && links[i].peer === primaryId) {
      log("RING", "primary SMC " + primaryId + " is alive: leaving the call to it");
      return false;
    }
  }
  return true;
}
