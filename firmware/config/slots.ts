// The configuration document kept so that a power cut at any moment of a
// write leaves one the SMC can boot from: two slots, "smc.a" and "smc.b",
// each "<seq> <crc32> <json>". A new version goes into the slot not holding
// the current one and is read back; the current one stays untouched until
// the new one is whole. On load the valid slot with the higher seq wins.
// The flash tool writes the same format (seq 1 in "smc.a"). A plain
// "smc.json" (written by older flash tools, and by the simulator) counts as
// seq 0; it has no check of its own, so the flash tool erases it.
import { hex } from "../protocol";
import { CONFIG_FILE } from "./defaults";

export const SLOTS = ["smc.a", "smc.b"];

export interface SlotStore {
  read(name: string): string | undefined;
  write(name: string, text: string): boolean;
}

/** The newest whole configuration: its text, seq and slot ("smc.json" for the plain document). */
export interface Found {
  json: string;
  seq: number;
  name: string;
}

/** A slot's text: "<seq> <crc32 of json, 8 hex digits> <json>" (for the flash tool; writeSlots inlines it: a function costs a board variables). */
export function slotText(seq: number, json: string, crc: (s: string) => number): string {
  return seq + " " + hex(crc(json) >>> 0, 8) + " " + json;
}

/**
 * The newest whole configuration text, its seq and slot, or undefined.
 * With `json`, a write first: `json` goes as the next version into the
 * slot not holding the current one (a plain "smc.json" counts as seq 0, in
 * neither slot), and the answer is that version as read back, or undefined
 * (the old one kept) when it did not land whole. One function for both: a
 * function costs a board ~8 variables for good.
 */
export function readSlots(store: SlotStore, crc: (s: string) => number, json?: string): Found | undefined {
  let best: Found | undefined;
  for (let i = 0; i < SLOTS.length; i++) {
    // Whole and checked, or skipped: "<seq> <crc> <json>".
    const text = store.read(SLOTS[i]);
    if (!text) continue;
    const a = text.indexOf(" ");
    const b = text.indexOf(" ", a + 1);
    if (a < 1 || b < 0) continue;
    const j = text.substr(b + 1);
    if (text.substring(a + 1, b) !== hex(crc(j) >>> 0, 8)) continue;
    const seq = parseInt(text.substr(0, a), 10);
    if (seq >= 0 && (!best || seq > best.seq)) best = { json: j, seq: seq, name: SLOTS[i] };
  }
  if (!best) {
    const plain = store.read(CONFIG_FILE);
    if (plain !== undefined) best = { json: plain, seq: 0, name: CONFIG_FILE };
  }
  if (json === undefined) return best;
  const target = best && best.name === SLOTS[0] ? SLOTS[1] : SLOTS[0];
  const seq = best ? best.seq + 1 : 1;
  store.write(target, seq + " " + hex(crc(json) >>> 0, 8) + " " + json);
  const back = readSlots(store, crc);
  return back && back.name === target && back.seq === seq && back.json === json ? back : undefined;
}

/** The same write, for the host's tools and tests (the firmware calls readSlots with the text: one function fewer on a board): false when it did not land whole. */
export function writeSlots(store: SlotStore, crc: (s: string) => number, json: string): boolean {
  return !!readSlots(store, crc, json);
}
