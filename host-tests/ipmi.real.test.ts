// IPMI Terminal Mode on one SMC, on the real Espruino interpreter.
import { realDut } from "../host/dut/realDut";
import { realSuiteGate } from "../host/real";
import { UNIT_FAST } from "./scenarios/common";
import { ipmiScenarios } from "./scenarios/ipmi";
import { scenarioSuite } from "./support/suite";

scenarioSuite("IPMI Terminal Mode (dist/linux.js on the real interpreter)", ipmiScenarios, (s) => realDut("linux", UNIT_FAST, s.stored), !realSuiteGate().run);
