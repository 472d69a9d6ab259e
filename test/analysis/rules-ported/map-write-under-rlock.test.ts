import { describePortParity } from "../../support/port-parity.js";
import { mapWriteUnderRlockPort } from "../../../src/analysis/rules/ported/map-write-under-rlock.js";
describePortParity(mapWriteUnderRlockPort);
