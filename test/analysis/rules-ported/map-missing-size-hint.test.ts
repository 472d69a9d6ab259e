import { describePortParity } from "../../support/port-parity.js";
import { mapMissingSizeHintPort } from "../../../src/analysis/rules/ported/map-missing-size-hint.js";
describePortParity(mapMissingSizeHintPort);
