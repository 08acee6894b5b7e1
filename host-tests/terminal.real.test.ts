// The terminal scenarios on the real Espruino interpreter: dist/linux.js
// booted from Storage with its UARTs on pseudo-terminals and its pins as
// files, in real time, with the unit's timings shortened by its stored config.
import { realDut } from "../host/dut/realDut";
import { realSuiteGate } from "../host/real";
import { UNIT_FAST } from "./scenarios/common";
import { configScenarios, serverScenarios } from "./scenarios/server";
import { terminalScenarios } from "./scenarios/terminal";
import { scenarioSuite } from "./support/suite";

scenarioSuite(
  "one SMC at a terminal (dist/linux.js on the real interpreter)",
  [...terminalScenarios, ...serverScenarios, ...configScenarios],
  (s) => realDut("linux", UNIT_FAST, s.stored),
  !realSuiteGate().run,
);
