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

interface Slot {
  name: string;
  seq: number;
  json: string;
}

function parseSlot(name: string, text: string | undefined, crc: (s: string) => number): Slot | undefined {
  if (!text) return undefined;
  const a = text.indexOf(" ");
  const b = text.indexOf(" ", a + 1);
  if (a < 1 || b < 0) return undefined;
  const json = text.substr(b + 1);
  if (text.substring(a + 1, b) !== hex(crc(json) >>> 0, 8)) return undefined;
  const seq = parseInt(text.substr(0, a), 10);
  return seq >= 0 ? { name: name, seq: seq, json: json } : undefined;
}

/** A slot's text: "<seq> <crc32 of json, 8 hex digits> <json>" (for the flash tool; writeSlots inlines it: a function costs a board variables). */
export function slotText(seq: number, json: string, crc: (s: string) => number): string {
  return seq + " " + hex(crc(json) >>> 0, 8) + " " + json;
}

/** The newest whole configuration text and its seq, or undefined. */
export function readSlots(store: SlotStore, crc: (s: string) => number): { json: string; seq: number } | undefined {
  let best: Slot | undefined;
  for (let i = 0; i < SLOTS.length; i++) {
    const s = parseSlot(SLOTS[i], store.read(SLOTS[i]), crc);
    if (s && (!best || s.seq > best.seq)) best = s;
  }
  if (best) return { json: best.json, seq: best.seq };
  const plain = store.read(CONFIG_FILE);
  return plain === undefined ? undefined : { json: plain, seq: 0 };
}

/** Writes `json` as the next version; false (and the old one kept) when it did not land whole. */
export function writeSlots(store: SlotStore, crc: (s: string) => number, json: string): boolean {
  let current: Slot | undefined;
  for (let i = 0; i < SLOTS.length; i++) {
    const s = parseSlot(SLOTS[i], store.read(SLOTS[i]), crc);
    if (s && (!current || s.seq > current.seq)) current = s;
  }
  const target = current && current.name === SLOTS[0] ? SLOTS[1] : SLOTS[0];
  const seq = current ? current.seq + 1 : 1;
  const text = seq + " " + hex(crc(json) >>> 0, 8) + " " + json;
  store.write(target, text);
  const back = parseSlot(target, store.read(target), crc);
  return !!back && back.seq === seq && back.json === json;
}
