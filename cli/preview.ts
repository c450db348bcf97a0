/**
 * The offline preview: runs a stack's program under the Pulumi SDK's mock runtime in preview
 * mode, hands every resource to the policy pack over the analyzer protocol, and prints what
 * `pulumi preview --policy-pack` would: the resource tree, the count per type, the longest
 * dependency chain, the stack outputs and the policy violations.
 *
 *   npm run preview -- --stack dev [--out DIR] [--json] [--program DIR] [--policy-pack DIR]
 *                      [--policy-pack-config FILE] [--skip-policy] [--stack-outputs FILE]...
 *
 * Exit status: 0 clean, 1 a mandatory policy violation, 2 a config or usage error.
 */
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";

import { runCommand } from "./command";
import { PolicyPackError, PolicyPackProcess } from "./analyzer-client";
import { ManifestError } from "./manifests";
import { MockWorld, ProgramRun, RecordedResource, runProgram, STACK_TYPE } from "./mock-runtime";
import { PolicyConfigError, readPolicyConfigFile } from "./policy-config";
import { isAnalyzedByResourcePolicies, PolicyRunResult, runPolicies } from "./policy-run";
import {
    attachResources,
    countsByType,
    DependencyChain,
    longestDependencyChain,
    renderTree,
    renderValue,
    hasMandatory,
    renderViolations,
    Violation,
} from "./report";
import { readStackConfig, StackConfigError } from "./stack-config";
import { userPath } from "./user-paths";
import { displayable } from "./wire-values";
import { writeOutputs } from "./preview-output";

/** The organization a local-backend stack reference names (`organization/<project>/<stack>`). */
export const LOCAL_ORGANIZATION = "organization";

/** Options of one preview, as parsed from the command line. */
export interface PreviewOptions {
    stack: string;
    programDir: string;
    packDir: string;
    policyConfigFile?: string;
    skipPolicy: boolean;
    outDir?: string;
    json: boolean;
    stackOutputFiles: string[];
    /** A stack config file to use in place of `Pulumi.<stack>.yaml` (as the CLI's --config-file). */
    configFile?: string;
}

/** Where the preview's time went, in milliseconds. */
export interface PreviewTimings {
    /** Running the program under the mock runtime until every registration settled. */
    programMs: number;
    /** From spawning the policy pack to its port (overlaps the program run). */
    packStartupMs: number;
    /** Configure, Analyze of every resource and AnalyzeStack. */
    analyzeMs: number;
}

/** What a preview found, for printing or for `--json`. */
export interface PreviewResult {
    project: string;
    stack: string;
    run: ProgramRun;
    chain: DependencyChain;
    policy?: PolicyRunResult;
    violations: Violation[];
    timings: PreviewTimings;
}

/** A usage mistake on the command line. */
export class UsageError extends Error {}

const USAGE =
    "usage: npm run preview -- --stack NAME [--out DIR] [--json] [--program DIR] " +
    "[--policy-pack DIR] [--policy-pack-config FILE] [--skip-policy] [--stack-outputs FILE]...";

/** Parses the preview's command line. */
export function parsePreviewArgs(argv: string[]): PreviewOptions {
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            options: {
                stack: { type: "string", short: "s" },
                out: { type: "string" },
                json: { type: "boolean", default: false },
                program: { type: "string" },
                "policy-pack": { type: "string" },
                "policy-pack-config": { type: "string" },
                "skip-policy": { type: "boolean", default: false },
                "stack-outputs": { type: "string", multiple: true, default: [] },
                "config-file": { type: "string" },
            },
            allowPositionals: false,
        });
    } catch (err) {
        throw new UsageError(`${(err as Error).message}\n${USAGE}`);
    }
    const values = parsed.values;
    if (!values.stack) {
        throw new UsageError(`--stack is required\n${USAGE}`);
    }
    return {
        stack: values.stack,
        programDir: values.program ? userPath(values.program) : path.resolve("."),
        packDir: values["policy-pack"]
            ? userPath(values["policy-pack"])
            : path.resolve("policypack"),
        policyConfigFile: values["policy-pack-config"]
            ? userPath(values["policy-pack-config"])
            : undefined,
        skipPolicy: values["skip-policy"]!,
        outDir: values.out ? userPath(values.out) : undefined,
        json: values.json!,
        stackOutputFiles: (values["stack-outputs"] as string[]).map(userPath),
        configFile: values["config-file"] ? userPath(values["config-file"]) : undefined,
    };
}

/** Reads saved outputs of other stacks (`outputs.json` of an earlier `--out`). */
function readStackOutputs(files: string[]): Record<string, Record<string, unknown>> {
    const references: Record<string, Record<string, unknown>> = {};
    for (const file of files) {
        let doc: any;
        try {
            doc = JSON.parse(fs.readFileSync(file, "utf8"));
        } catch (err) {
            throw new UsageError(
                `--stack-outputs ${file}: cannot be read as JSON (${(err as Error).message})`,
            );
        }
        if (typeof doc?.stackReference !== "string" || typeof doc?.outputs !== "object") {
            throw new UsageError(
                `--stack-outputs ${file}: expected {"stackReference": "org/project/stack", "outputs": {...}} ` +
                    "as an earlier `npm run preview -- --out DIR` writes to DIR/outputs.json",
            );
        }
        references[doc.stackReference] = doc.outputs;
    }
    return references;
}

function defaultPolicyConfig(options: PreviewOptions): string | undefined {
    if (options.policyConfigFile) {
        return options.policyConfigFile;
    }
    const candidate = path.join(options.packDir, "config", `${options.stack}.json`);
    return fs.existsSync(candidate) ? candidate : undefined;
}

/** The message of an error the program raised for a person (a config mistake), if it is one. */
function userFacingMessage(err: unknown): string | undefined {
    if (
        pulumi.RunError.isInstance(err as Error) ||
        (err instanceof Error && err.name === "ConfigError")
    ) {
        // The SDK prefixes an error raised while an input resolves with the property path.
        return (err as Error).message.replace(/^(error serializing property "[^"]*": )+/, "");
    }
    return undefined;
}

/** Runs one offline preview. */
export async function preview(options: PreviewOptions): Promise<PreviewResult> {
    const { project, config } = readStackConfig(
        options.programDir,
        options.stack,
        options.configFile,
    );
    const policyConfigFile = defaultPolicyConfig(options);
    const configFile = policyConfigFile ? readPolicyConfigFile(policyConfigFile) : {};
    const world: MockWorld = { stackReferences: readStackOutputs(options.stackOutputFiles) };
    const missingReferences = () => {
        const missing = [...new Set(world.missingStackReferences ?? [])];
        return missing.length === 0
            ? undefined
            : new UsageError(
                  `the program reads the outputs of ${missing.map((m) => `"${m}"`).join(", ")}, ` +
                      "which the offline preview does not have: give them with --stack-outputs FILE " +
                      "(the outputs.json an earlier `npm run preview -- --stack <stack> --out DIR` " +
                      "of that stack wrote)",
              );
    };

    // The pack starts while the program runs, as the CLI starts analyzers beside the program.
    const started = options.skipPolicy
        ? undefined
        : PolicyPackProcess.start({ packDir: options.packDir });
    started?.catch(() => undefined);
    const closeStarted = () =>
        started?.then(
            (pack) => pack.close(),
            () => undefined,
        );

    let run: ProgramRun;
    const cwd = process.cwd();
    const programStart = performance.now();
    try {
        process.chdir(options.programDir);
        run = await runProgram(path.join(options.programDir, "index.ts"), {
            project: project.name,
            stack: options.stack,
            preview: true,
            config,
            world,
            organization: LOCAL_ORGANIZATION,
        });
    } catch (err) {
        await closeStarted();
        throw missingReferences() ?? err;
    } finally {
        process.chdir(cwd);
    }
    const missing = missingReferences();
    if (missing) {
        await closeStarted();
        throw missing;
    }

    const programMs = performance.now() - programStart;
    const chain = longestDependencyChain(run.resources);
    const analyzeStart = performance.now();
    let policy: PolicyRunResult | undefined;
    let violations: Violation[] = [];
    if (started) {
        const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
        policy = await runPolicies(
            run.resources
                .filter((r) => r.type !== STACK_TYPE)
                .map((r) => ({
                    urn: r.urn,
                    type: r.type,
                    name: r.name,
                    custom: r.custom,
                    properties: r.inputs,
                    options: {
                        protect: r.protect,
                        deleteBeforeReplace: r.deleteBeforeReplace,
                        parent: r.parent,
                    },
                    parent: r.parent,
                    dependencies: r.dependencies,
                    propertyDependencies: r.propertyDependencies,
                })),
            {
                packDir: options.packDir,
                configFile,
                configSource: policyConfigFile ?? "(none)",
                stack: {
                    stack: options.stack,
                    project: project.name,
                    organization: LOCAL_ORGANIZATION,
                    dryRun: true,
                },
                started,
            },
        );
        violations = attachResources(policy.diagnostics, (urn) => byUrn.get(urn));
    }
    const timings = {
        programMs,
        packStartupMs: policy?.startupMs ?? 0,
        analyzeMs: policy ? performance.now() - analyzeStart : 0,
    };
    const result = {
        project: project.name,
        stack: options.stack,
        run,
        chain,
        policy,
        violations,
        timings,
    };
    if (options.outDir) {
        try {
            writeOutputs(
                options.outDir,
                result,
                `${LOCAL_ORGANIZATION}/${project.name}/${options.stack}`,
            );
        } catch (err) {
            throw new UsageError(
                `--out ${options.outDir}: cannot write there (${(err as Error).message})`,
            );
        }
    }
    return result;
}

function summaryJson(result: PreviewResult) {
    return {
        project: result.project,
        stack: result.stack,
        resources: result.run.resources.map((r) => ({
            urn: r.urn,
            type: r.type,
            name: r.name,
            parent: r.parent,
        })),
        countsByType: Object.fromEntries(countsByType(result.run.resources)),
        longestDependencyChain: result.chain,
        outputs: displayable(result.run.outputs),
        policyPack: result.policy
            ? {
                  name: result.policy.pack.name,
                  version: result.policy.pack.version,
                  policies: result.policy.pack.policies.length,
              }
            : null,
        timings: result.timings,
        violations: result.violations.map((v) => ({
            policy: v.policyName,
            enforcementLevel: v.enforcementLevel,
            severity: v.severity,
            urn: v.urn,
            type: v.resourceType,
            name: v.resourceName,
            message: v.message,
        })),
    };
}

function render(result: PreviewResult, options: PreviewOptions): string {
    const resources = result.run.resources;
    const analyzed = resources.filter(isAnalyzedByResourcePolicies);
    const parts = [
        `Previewing update (${result.stack}) offline, under the Pulumi SDK's mock runtime`,
        "",
        renderTree(resources),
        "",
    ];
    if (result.policy) {
        parts.push(
            renderViolations(
                result.policy.pack,
                path.relative(process.cwd(), options.packDir) || ".",
                result.violations,
            ),
            "",
        );
    }
    parts.push("Outputs:");
    for (const [key, value] of Object.entries(
        displayable(result.run.outputs) as Record<string, unknown>,
    )) {
        parts.push(`    ${key}: ${renderValue(value, "    ")}`);
    }
    parts.push(
        "",
        "Resources:",
        `    + ${resources.length} to create (${analyzed.length} custom, ${resources.length - analyzed.length} component or stack)`,
    );
    parts.push("", "Per type:");
    for (const [type, count] of countsByType(resources)) {
        parts.push(`    ${String(count).padStart(4)}  ${type}`);
    }
    const byUrn = new Map<string, RecordedResource>(resources.map((r) => [r.urn, r]));
    const chainNames = result.chain.urns.map((u) => {
        const r = byUrn.get(u);
        return r ? `${r.type.split(":").pop()} ${r.name}` : u;
    });
    parts.push("", `Longest dependency chain: ${result.chain.length} (${chainNames.join(" -> ")})`);
    if (options.outDir) {
        parts.push(
            "",
            `Wrote ${path.join(options.outDir, "resources.json")}, outputs.json and manifests/`,
        );
    }
    return parts.join("\n");
}

async function main(): Promise<number> {
    let options: PreviewOptions;
    try {
        options = parsePreviewArgs(process.argv.slice(2));
        const result = await preview(options);
        process.stdout.write(
            (options.json
                ? JSON.stringify(summaryJson(result), null, 2)
                : render(result, options)) + "\n",
        );
        return hasMandatory(result.violations) ? 1 : 0;
    } catch (err) {
        const known =
            err instanceof UsageError ||
            err instanceof StackConfigError ||
            err instanceof PolicyConfigError ||
            err instanceof PolicyPackError ||
            err instanceof ManifestError
                ? (err as Error).message
                : userFacingMessage(err);
        if (known !== undefined) {
            process.stderr.write(`error: ${known}\n`);
            return 2;
        }
        throw err;
    }
}

if (require.main === module) {
    runCommand("preview", main, (err) => userFacingMessage(err) !== undefined);
}
