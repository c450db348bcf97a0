/**
 * Conformance of the pack's Pod Security policies with the Kubernetes project's own fixtures
 * (`<fixtures>/<level>/{pass,fail}/<check><n>.yaml`, as in kubernetes/pod-security-admission
 * `test/testdata`). Each level is scanned through the pack process with `--only pss-` and that
 * level: every fail file must draw a violation from the policy of the check its name starts with,
 * and no pass file may draw any.
 *
 *   npm run pss-conformance -- FIXTURE_DIR [--json]
 *
 * Exit status: 0 when every file behaves, 1 otherwise, 2 on a usage error.
 */
import * as fs from "fs";
import * as path from "path";

import { runCommand } from "./command";
import { scan } from "./scan";

/** Fixture names that differ from the check id beyond case and separators. */
const FIXTURE_ALIASES: Record<string, string> = { windowshostprocess: "hostprocess" };

function normalized(name: string): string {
    return name.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** The policy a fail fixture must draw, from its file name: `capabilities_baseline2.yaml`. */
export function expectedPolicy(file: string, policyNames: string[]): string | undefined {
    const stem = normalized(path.basename(file).replace(/\d*\.ya?ml$/i, ""));
    const check = FIXTURE_ALIASES[stem] ?? stem;
    return policyNames.find((name) => normalized(name.replace(/^pss-/, "")) === check);
}

/** One level's outcome. */
export interface LevelOutcome {
    level: "baseline" | "restricted";
    passFiles: number;
    failFiles: number;
    /** Files that did not behave, with what happened. */
    mismatches: { file: string; problem: string }[];
}

/** Runs the conformance check for one level. */
export async function checkLevel(
    root: string,
    level: "baseline" | "restricted",
    packDir: string,
): Promise<LevelOutcome> {
    const dir = (kind: string) => path.join(root, level, kind);
    const passFiles = fs
        .readdirSync(dir("pass"))
        .filter((f) => f.endsWith(".yaml"))
        .map((f) => path.join(dir("pass"), f));
    const failFiles = fs
        .readdirSync(dir("fail"))
        .filter((f) => f.endsWith(".yaml"))
        .map((f) => path.join(dir("fail"), f));
    const result = await scan({
        paths: [...passFiles, ...failFiles],
        only: "pss-",
        pssLevel: level,
        json: true,
        packDir,
    });
    const names = (result.policy?.pack.policies ?? [])
        .map((p) => p.name)
        .filter((n) => n.startsWith("pss-"));
    const byFile = new Map<string, Set<string>>();
    for (const v of result.violations) {
        if (v.file) {
            const set = byFile.get(v.file) ?? new Set<string>();
            set.add(v.policyName);
            byFile.set(v.file, set);
        }
    }
    const mismatches: LevelOutcome["mismatches"] = result.fileErrors.map((e) => ({
        file: e.file,
        problem: e.message,
    }));
    for (const file of passFiles) {
        const drawn = byFile.get(file);
        if (drawn && drawn.size > 0) {
            mismatches.push({ file, problem: `pass file drew ${[...drawn].join(", ")}` });
        }
    }
    for (const file of failFiles) {
        const expected = expectedPolicy(file, names);
        const drawn = byFile.get(file) ?? new Set<string>();
        if (!expected) {
            mismatches.push({
                file,
                problem: "no pss policy matches the check this file is named after",
            });
        } else if (!drawn.has(expected)) {
            mismatches.push({
                file,
                problem: `expected ${expected}; drew ${drawn.size ? [...drawn].join(", ") : "nothing"}`,
            });
        }
    }
    return { level, passFiles: passFiles.length, failFiles: failFiles.length, mismatches };
}

async function main(): Promise<number> {
    const args = process.argv.slice(2);
    const json = args.includes("--json");
    const positional = args.filter((a) => !a.startsWith("--"));
    if (positional.length !== 1 || !fs.existsSync(path.join(positional[0], "baseline"))) {
        process.stderr.write(
            "usage: npm run pss-conformance -- FIXTURE_DIR [--json]\n" +
                "FIXTURE_DIR holds baseline/{pass,fail} and restricted/{pass,fail}, e.g. ../shared/fixtures/pod-security/v1.37\n",
        );
        return 2;
    }
    const packDir = path.resolve("policypack");
    const outcomes: LevelOutcome[] = [];
    for (const level of ["baseline", "restricted"] as const) {
        outcomes.push(await checkLevel(positional[0], level, packDir));
    }
    if (json) {
        process.stdout.write(JSON.stringify(outcomes, null, 2) + "\n");
    } else {
        for (const o of outcomes) {
            const bad = o.mismatches.length;
            const total = o.passFiles + o.failFiles;
            process.stdout.write(
                `${o.level}: ${total - bad}/${total} fixtures behave (${o.passFiles} pass, ${o.failFiles} fail files)\n`,
            );
            for (const m of o.mismatches) {
                process.stdout.write(`    ${path.relative(positional[0], m.file)}: ${m.problem}\n`);
            }
        }
        const passed = outcomes.reduce(
            (n, o) => n + o.passFiles + o.failFiles - o.mismatches.length,
            0,
        );
        const failed = outcomes.reduce((n, o) => n + o.mismatches.length, 0);
        process.stdout.write(`conformance: ${passed} passed, ${failed} failed\n`);
    }
    return outcomes.every((o) => o.mismatches.length === 0) ? 0 : 1;
}

if (require.main === module) {
    runCommand("conformance check", main);
}
