// The entry point action.yml runs (compiled: dist/action/main.js).
import { runAction } from "./run-action.js";

process.exitCode = await runAction(process.env);
