import { describePortParity } from "../../support/port-parity.js";
import { nilMapFieldWritePort } from "../../../src/analysis/rules/ported/nil-map-field-write.js";
describePortParity(nilMapFieldWritePort);
