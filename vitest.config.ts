import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/fixtures/**", "node_modules/**"],
    // End-to-end tests spawn the built CLI; a loaded CI machine needs more than the 5 s default.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    setupFiles: ["test/helpers/fast-check-seed.ts"],
  },
});
