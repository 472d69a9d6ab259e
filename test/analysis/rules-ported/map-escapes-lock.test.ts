import { describePortParity } from "../../support/port-parity.js";
import { mapEscapesLockPort } from "../../../src/analysis/rules/ported/map-escapes-lock.js";
describePortParity(mapEscapesLockPort);
