import { describePortParity } from "../../support/port-parity.js";
import { mapGoroutineRacePort } from "../../../src/analysis/rules/ported/map-goroutine-race.js";

describePortParity(mapGoroutineRacePort);
