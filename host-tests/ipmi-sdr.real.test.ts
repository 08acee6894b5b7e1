// Get SDR's exact bytes (scenarios/ipmiSdr.ts) on the real interpreter: the record is a string of bytes built with String.fromCharCode of many arguments.
import { realDut } from "../host/dut/realDut";
import { realSuiteGate } from "../host/real";
import { UNIT_FAST } from "./scenarios/common";
import { SDR_ANSWERS, sdrScenario } from "./scenarios/ipmiSdr";
import { scenarioSuite } from "./support/suite";

for (const board of Object.keys(SDR_ANSWERS)) {
  scenarioSuite(`Get SDR's bytes (dist/${board}.js on the real interpreter)`, [sdrScenario(board)], () => realDut(board, UNIT_FAST), !realSuiteGate().run);
}
