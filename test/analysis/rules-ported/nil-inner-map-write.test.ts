import { describePortParity } from "../../support/port-parity.js";
import { nilInnerMapWritePort } from "../../../src/analysis/rules/ported/nil-inner-map-write.js";
describePortParity(nilInnerMapWritePort);
