// `detkit/hash` is `@detkit/runtime/hash`, re-exported so one install of the CLI also serves quick scripts: the same
// module instance (classes, errors, instanceof), never a second copy. Application code depends on @detkit/runtime.
export * from "@detkit/runtime/hash";
