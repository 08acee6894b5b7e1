// `npm run flash -- <unit>...` or `-- --all`: build each unit's bundle, then
// write it and the unit's configuration into the board's Storage so it runs
// at power-on. A unit that fails is reported and the others go on.
import path from "node:path";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { Command } from "commander";
import pc from "picocolors";
import { boardBytesPath, boards, buildAll } from "../build/build";
import { doesNotFit } from "../build/fit";
import { crc32 } from "../../firmware/protocol";
import { supervisorUnit } from "./supervisor";
import { readUnits, unitSlot } from "./units";
import { RETRY, sendToBoard, uploadCode } from "./upload";

const ROOT = path.resolve(import.meta.dirname, "../..");

const program = new Command()
  .name("npm run flash --")
  .argument("[units...]", "names of units in the site file")
  .option("--all", "every unit of the site file")
  .option("-c, --config <file>", "site file", path.join(ROOT, "flash.config.json"))
  .option("--force", "flash even a board the firmware does not fit")
  .option("--no-build", "flash the bundles already in dist/")
  .parse();
const o = program.opts();
const units = readUnits(o.config);
const chosen = o.all ? units : units.filter((u) => program.args.includes(u.name));
const unknown = program.args.filter((n) => !units.some((u) => u.name === n));
if (unknown.length || !chosen.length) {
  console.error(pc.red(unknown.length ? `no unit ${unknown.join(", ")} in ${o.config}` : "name units to flash, or --all"));
  process.exit(2);
}

if (o.build) {
  console.log(pc.dim("building…"));
  await buildAll();
}
const known = boards();
let failed = 0;
for (const [i, u] of chosen.entries()) {
  const tag = `[${i + 1}/${chosen.length}] ${u.name} (${u.board}, ID ${u.id}, ${u.port})`;
  try {
    const board = known.find((b) => b.name === u.board);
    if (!board) throw new Error(`no board "${u.board}" in boards/ (${known.map((b) => b.name).join(", ")})`);
    const why = doesNotFit(board);
    if (why && !o.force) throw new Error(`${why}; not flashed (--force to flash anyway)`);
    if (!u.port.startsWith("tcp://") && !existsSync(u.port)) throw new Error(`no serial port ${u.port} (is the board plugged in?)`);
    // The board's bytes: the bundle pretokenised by the build.
    const bundle = readFileSync(boardBytesPath(u.board), "latin1");
    const config = unitSlot(u);
    // The Linux build cannot reboot itself: CONFIG REBOOT ends the process,
    // and only a supervisor brings the SMC back.
    const service = u.board === "linux" ? supervisorUnit(u) : undefined;
    console.log(`${tag}: writing ${bundle.length} bytes and the configuration…`);
    const want = `STORED ${bundle.length} ${crc32(bundle)} ${crc32(config)}`;
    const upload = uploadCode(bundle, config);
    let out = await sendToBoard(u.port, upload);
    if (!out.includes(want)) {
      // A byte lost or changed on the line spoils one statement, and the
      // board never confirms or confirms other figures (seen on the Linux
      // build, whose console drops input bytes under load: docs/testing.md).
      // The whole write once more replaces what the first one left; a
      // second miss is a failure.
      console.log(pc.yellow(`${tag}: ${RETRY}`));
      out = await sendToBoard(u.port, upload);
    }
    if (!out.includes(want)) {
      // A STORED line with other figures: the board is there and answered,
      // but stored other bytes than were sent, twice (a noisy line). Else
      // the last thing it printed (not its bare prompt), or nothing at all.
      const got = /STORED [^\r\n]*/.exec(out);
      const last = out
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l && l !== ">")
        .pop();
      throw new Error(
        got
          ? `the board stored other bytes than were sent (it says ${got[0]}, expected ${want}), twice: the line spoils bytes (a loose cable, another program on the port, a wrong baud rate)`
          : `the board did not confirm the write (${last || "no answer: is it on that port, and not held by another program?"})`,
      );
    }
    console.log(pc.green(`${tag}: OK, runs at the next power-on`));
    if (service) {
      const file = path.join(ROOT, "dist", `${u.name}.service`);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, service);
      console.log(`${tag}: its supervisor is ${path.relative(ROOT, file)}; on the Pi: sudo cp ${u.name}.service /etc/systemd/system/smc.service && sudo systemctl daemon-reload && sudo systemctl enable --now smc`);
    }
  } catch (e) {
    failed++;
    console.log(pc.red(`${tag}: FAILED: ${(e as Error).message}`));
  }
}
console.log(failed ? pc.red(`${failed} of ${chosen.length} units failed`) : pc.green(`${chosen.length} units flashed`));
process.exit(failed ? 1 : 0);
