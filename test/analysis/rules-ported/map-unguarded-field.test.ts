import { describePortParity } from "../../support/port-parity.js";
import { mapUnguardedFieldPort } from "../../../src/analysis/rules/ported/map-unguarded-field.js";
describePortParity(mapUnguardedFieldPort);
