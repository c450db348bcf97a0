/**
 * Runs one of the project's command-line tools (`cli/<tool>.ts`) as a user would, in its own
 * process from the project's root, and returns its exit status and output. The benchmark runs
 * each preview this way (the Pulumi runtime is one per process), and so do the tests.
 */
import { spawnSync, SpawnSyncReturns } from "child_process";
import * as path from "path";

/** The project's root. */
export const ROOT = path.join(__dirname, "..");

/** Runs `cli/<tool>.ts` with `args`. */
export function runTool(tool: "preview" | "scan", args: string[]): SpawnSyncReturns<string> {
    // Large stacks print large JSON summaries.
    return spawnSync(
        process.execPath,
        [
            require.resolve("ts-node/dist/bin"),
            "--transpile-only",
            path.join(ROOT, "cli", `${tool}.ts`),
            ...args,
        ],
        { cwd: ROOT, encoding: "utf8", maxBuffer: 512 * 1024 * 1024 },
    );
}
