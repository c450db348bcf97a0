import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

const ROOT = path.join(__dirname, "..");
const WORKFLOW = path.join(ROOT, ".github/workflows/preview.yml");

interface Step {
    name?: string;
    uses?: string;
    run?: string;
    with?: Record<string, unknown>;
    env?: Record<string, unknown>;
    "working-directory"?: string;
}

interface Job {
    if?: string;
    permissions?: unknown;
    strategy?: { matrix?: Record<string, unknown> };
    steps: Step[];
}

const workflow = YAML.parse(fs.readFileSync(WORKFLOW, "utf8"));
const jobs: Record<string, Job> = workflow.jobs;
const scripts: Record<string, string> = JSON.parse(
    fs.readFileSync(path.join(ROOT, "package.json"), "utf8"),
).scripts;

/** One `npm run` invocation: the script and the words after `--`. */
interface NpmRun {
    script: string;
    args: string[];
}

/**
 * Every `npm run` invocation in a shell text or a usage line. The arguments end at a shell
 * operator between words (`&&`, `|`, `;`), a comment or a redirection; a `|` inside a word, as
 * in `baseline|restricted`, is part of it.
 */
function npmRuns(text: string): NpmRun[] {
    const runs: NpmRun[] = [];
    for (const match of text.matchAll(/npm run(?: --silent| -s)? ([\w:.-]+)(.*)/g)) {
        const rest = match[2].split(/\s(?:&&|\|\|?|>)\s|;|\s#|\s>/)[0].trim();
        const args = rest.startsWith("--") ? rest.slice(2).trim().split(/\s+/).filter(Boolean) : [];
        runs.push({ script: match[1], args });
    }
    return runs;
}

function argAfter(args: string[], flag: string): string | undefined {
    const at = args.indexOf(flag);
    return at === -1 ? undefined : args[at + 1];
}

function runsOf(job: Job): string[] {
    return job.steps.map((step) => step.run).filter((run): run is string => run !== undefined);
}

function stepIndex(job: Job, predicate: (step: Step) => boolean): number {
    return job.steps.findIndex(predicate);
}

describe("the preview workflow", () => {
    it("runs on pull requests", () => {
        assert.ok(workflow.on && "pull_request" in workflow.on);
    });

    it("grants the token read access to the contents and nothing else", () => {
        assert.deepStrictEqual(workflow.permissions, { contents: "read" });
        for (const [name, job] of Object.entries(jobs)) {
            assert.strictEqual(job.permissions, undefined, `job ${name} widens the permissions`);
        }
    });

    it("cancels a superseded run of the same pull request", () => {
        assert.match(workflow.concurrency.group, /github\.event\.pull_request\.number/);
        assert.strictEqual(workflow.concurrency["cancel-in-progress"], true);
    });

    it("pins every action to a major version or a commit", () => {
        for (const job of Object.values(jobs)) {
            for (const step of job.steps.filter((s) => s.uses !== undefined)) {
                assert.match(step.uses!, /^[\w.-]+\/[\w.-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/);
            }
        }
    });

    it("has the credentialed preview job and the offline job", () => {
        assert.deepStrictEqual(Object.keys(jobs).sort(), ["offline", "pulumi-preview"]);
    });
});

describe("the credentialed preview job", () => {
    const job = jobs["pulumi-preview"];
    const pulumiStep = () => job.steps.find((s) => s.uses?.startsWith("pulumi/actions@"))!;

    it("runs only where the repository enables it, never for forks", () => {
        assert.match(job.if ?? "", /vars\.PULUMI_PREVIEW == 'true'/);
        assert.match(job.if ?? "", /head\.repo\.full_name == github\.repository/);
    });

    it("previews the dev and the prod stack", () => {
        assert.deepStrictEqual(job.strategy?.matrix?.stack, ["dev", "prod"]);
    });

    it("runs pulumi preview of the matrix stack of the baseline project", () => {
        const inputs = pulumiStep().with!;
        assert.strictEqual(inputs.command, "preview");
        assert.match(
            String(inputs["stack-name"]),
            /\/security-baseline\/\$\{\{ matrix\.stack \}\}$/,
        );
    });

    it("runs the pack with the matrix stack's policy config", () => {
        const inputs = pulumiStep().with!;
        assert.strictEqual(inputs.policyPacks, "policypack");
        assert.strictEqual(inputs.policyPackConfigs, "policypack/config/${{ matrix.stack }}.json");
    });

    it("refers to a policy config file that exists for every stack", () => {
        for (const stack of job.strategy?.matrix?.stack as string[]) {
            const file = path.join(ROOT, "policypack/config", `${stack}.json`);
            assert.ok(fs.existsSync(file), `${path.relative(ROOT, file)} does not exist`);
        }
    });

    it("gives the action the Pulumi token from the secrets", () => {
        const token = String(pulumiStep().env?.PULUMI_ACCESS_TOKEN);
        assert.strictEqual(token, "${{ secrets.PULUMI_ACCESS_TOKEN }}");
    });

    it("installs the program and the pack from their lock files before previewing", () => {
        const preview = job.steps.indexOf(pulumiStep());
        const root = stepIndex(
            job,
            (s) => s.run === "npm ci --no-audit --no-fund" && !s["working-directory"],
        );
        const pack = stepIndex(
            job,
            (s) => /^npm ci\b/.test(s.run ?? "") && s["working-directory"] === "policypack",
        );
        assert.ok(root !== -1 && root < preview, "no npm ci at the root before the preview");
        assert.ok(pack !== -1 && pack < preview, "no npm ci in policypack before the preview");
    });
});

describe("the offline job", () => {
    const job = jobs.offline;
    const runs = () => runsOf(job).flatMap(npmRuns);

    it("needs no secret", () => {
        assert.doesNotMatch(JSON.stringify(job), /secrets\./);
    });

    it("installs from the lock file first", () => {
        assert.strictEqual(runsOf(job)[0], "npm ci --no-audit --no-fund");
    });

    for (const stack of ["dev", "prod"]) {
        it(`previews the ${stack} stack, writing its manifests`, () => {
            const preview = runs().find(
                (r) =>
                    r.script === "preview" &&
                    argAfter(r.args, "--stack") === stack &&
                    !r.args.includes("--program"),
            );
            assert.ok(preview, `no preview of ${stack}`);
            assert.strictEqual(argAfter(preview.args, "--out"), `out/${stack}`);
        });

        it(`scans the ${stack} manifests after previewing, as JSON`, () => {
            const all = runs();
            const preview = all.findIndex(
                (r) => r.script === "preview" && argAfter(r.args, "--out") === `out/${stack}`,
            );
            const scan = all.findIndex(
                (r) => r.script === "scan" && r.args.includes(`out/${stack}/manifests`),
            );
            assert.ok(scan !== -1, `no scan of out/${stack}/manifests`);
            assert.ok(all[scan].args.includes("--json"));
            assert.ok(
                preview !== -1 && preview < scan,
                "the scan runs before the preview wrote the manifests",
            );
        });
    }

    it("previews the example app stack against outputs an earlier preview wrote", () => {
        const all = runs();
        const app = all.findIndex((r) => r.script === "preview" && r.args.includes("--program"));
        assert.ok(app !== -1, "no preview of the example");
        const outputs = argAfter(all[app].args, "--stack-outputs")!;
        const writer = all.findIndex(
            (r) =>
                r.script === "preview" && `${argAfter(r.args, "--out")}/outputs.json` === outputs,
        );
        assert.ok(writer !== -1 && writer < app, `nothing writes ${outputs} before it is read`);
        for (const flag of ["--program", "--policy-pack-config"]) {
            const file = argAfter(all[app].args, flag)!;
            assert.ok(fs.existsSync(path.join(ROOT, file)), `${flag} ${file} does not exist`);
        }
    });

    it("runs the tests last of the checks", () => {
        const commands = runsOf(job);
        assert.strictEqual(commands[commands.length - 1], "npm test");
    });
});

describe("the workflow's commands", () => {
    const allRuns = Object.values(jobs).flatMap(runsOf);

    it("name only scripts that package.json defines", () => {
        const used = allRuns.flatMap(npmRuns).map((r) => r.script);
        assert.ok(used.length > 0);
        assert.deepStrictEqual(
            used.filter((script) => !(script in scripts)),
            [],
        );
    });

    it("use only npm ci, npm test and npm run otherwise", () => {
        for (const run of allRuns) {
            assert.match(run, /^npm (ci|test|run)\b/, run);
        }
    });

    it("use only the flags the README documents for each script", () => {
        const readme = path.join(ROOT, "README.md");
        assert.ok(fs.existsSync(readme), "README.md is missing");
        const documented = [
            ...fs.readFileSync(readme, "utf8").matchAll(/```[^\n]*\n([\s\S]*?)```/g),
        ].flatMap((block) => npmRuns(block[1]));
        assert.ok(documented.length > 0, "README.md documents no npm run command in a code block");
        // Usage lines write optional flags in brackets: `[--json]`.
        const flagsOf = (run: NpmRun) =>
            run.args.flatMap((word) => word.match(/^\[?(--[a-z][\w-]*)/)?.[1] ?? []);
        const undocumented = new Set<string>();
        for (const run of allRuns.flatMap(npmRuns)) {
            const known = new Set(
                documented.filter((d) => d.script === run.script).flatMap(flagsOf),
            );
            for (const flag of flagsOf(run).filter((f) => !known.has(f))) {
                undocumented.add(`npm run ${run.script} ${flag}`);
            }
        }
        assert.deepStrictEqual([...undocumented], [], "used by the workflow, not in README.md");
    });
});
