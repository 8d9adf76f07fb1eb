import fc from "fast-check";

// Property tests draw from one fixed seed, so a run of the suite is reproducible like everything detkit checks:
// a failure seen in CI is the failure seen locally. FC_SEED explores other inputs (`FC_SEED=7 npm test`).
const seed = Number(process.env.FC_SEED ?? 1);
fc.configureGlobal({ seed: Number.isInteger(seed) ? seed : 1 });
