import { describePortParity } from "../../support/port-parity.js";
import { mapSentThenMutatedPort } from "../../../src/analysis/rules/ported/map-sent-then-mutated.js";

describePortParity(mapSentThenMutatedPort);
