import type { CommandDefinition } from "../command.js";
import { auditCommand } from "./audit.js";
import { depsCommand } from "./deps.js";
import { diffCommand } from "./diff.js";
import { mergeReportsCommand } from "./merge-reports.js";
import { reproCommand } from "./repro.js";
import { rulesCommand } from "./rules.js";

export const COMMANDS: readonly CommandDefinition[] = [auditCommand, depsCommand, diffCommand, mergeReportsCommand, reproCommand, rulesCommand];
