import { describePortParity } from "../../support/port-parity.js";
import { nilMapWritePort } from "../../../src/analysis/rules/ported/nil-map-write.js";
describePortParity(nilMapWritePort);
