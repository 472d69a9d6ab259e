import { describePortParity } from "../../support/port-parity.js";
import { mapHandlerWritePort } from "../../../src/analysis/rules/ported/map-handler-write.js";

describePortParity(mapHandlerWritePort);
