// The console port's framed answers on the real Espruino interpreter.
import { realDut } from "../host/dut/realDut";
import { realSuiteGate } from "../host/real";
import { UNIT_FAST } from "./scenarios/common";
import { consolePortScenarios } from "./scenarios/consolePort";
import { scenarioSuite } from "./support/suite";

scenarioSuite("the console port (dist/linux.js on the real interpreter)", consolePortScenarios, (s) => realDut("linux", UNIT_FAST, s.stored), !realSuiteGate().run);
