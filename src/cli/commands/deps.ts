// Placeholder owned by the dependency-audit work (issue 4); replaced by the real `detkit deps` command.
import { UsageError } from "../../errors.js";
import type { CommandDefinition } from "../command.js";

export const depsCommand: CommandDefinition = {
  name: "deps",
  summary: "audit dependencies: unpinned ranges, lockfile problems, install scripts",
  arguments: [{ name: "dir", description: "project directory", defaultValue: "." }],
  options: [],
  async exec() {
    throw new UsageError("detkit deps is not available yet");
  },
};
