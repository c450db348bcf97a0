/**
 * The manifest scan: runs the policy pack over plain Kubernetes YAML (Helm output, kustomize
 * builds, hand-written manifests), each object handed to the pack under its Pulumi type token
 * through the same analyzer road as the preview.
 *
 *   npm run scan -- [--only PREFIX] [--pss-level baseline|restricted] [--json]
 *                   [--policy-pack DIR] [--policy-pack-config FILE] FILE|DIR...
 *
 * Exit status: 0 clean, 1 a mandatory violation, 2 a usage error or a file that could not be
 * read (the other files are still checked).
 */
import * as path from "path";
import { parseArgs } from "util";

import { runCommand } from "./command";
import type { EffectivePolicyConfig, PackDescription } from "./analyzer-client";
import { PolicyPackError } from "./analyzer-client";
import { ManifestError, ManifestObject, readManifestDocuments, yamlFilesOf } from "./manifests";
import { PolicyConfigError, PolicyConfigFile, readPolicyConfigFile } from "./policy-config";
import { PolicyRunResult, runPolicies } from "./policy-run";
import { attachResources, hasMandatory, renderViolations, Violation } from "./report";
import { userPath } from "./user-paths";

/** Options of one scan, as parsed from the command line. */
export interface ScanOptions {
    paths: string[];
    only?: string;
    pssLevel?: "baseline" | "restricted";
    json: boolean;
    packDir: string;
    policyConfigFile?: string;
}

/** What a scan found. */
export interface ScanResult {
    objects: ManifestObject[];
    /** Files that could not be used, with the reason. */
    fileErrors: { file: string; message: string }[];
    violations: Violation[];
    policy?: PolicyRunResult;
}

/** A usage mistake on the command line. */
export class ScanUsageError extends Error {}

const USAGE =
    "usage: npm run scan -- [--only PREFIX] [--pss-level baseline|restricted] [--json] " +
    "[--policy-pack DIR] [--policy-pack-config FILE] FILE|DIR...";

/** Parses the scan's command line. */
export function parseScanArgs(argv: string[]): ScanOptions {
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            options: {
                only: { type: "string" },
                "pss-level": { type: "string" },
                json: { type: "boolean", default: false },
                "policy-pack": { type: "string" },
                "policy-pack-config": { type: "string" },
            },
            allowPositionals: true,
        });
    } catch (err) {
        throw new ScanUsageError(`${(err as Error).message}\n${USAGE}`);
    }
    const level = parsed.values["pss-level"];
    if (level !== undefined && level !== "baseline" && level !== "restricted") {
        throw new ScanUsageError(`--pss-level: found "${level}"; expected baseline or restricted`);
    }
    if (parsed.positionals.length === 0) {
        throw new ScanUsageError(`no manifest file or folder given\n${USAGE}`);
    }
    return {
        paths: parsed.positionals.map(userPath),
        only: parsed.values.only,
        pssLevel: level as ScanOptions["pssLevel"],
        json: parsed.values.json!,
        packDir: parsed.values["policy-pack"]
            ? userPath(parsed.values["policy-pack"])
            : path.resolve("policypack"),
        policyConfigFile: parsed.values["policy-pack-config"]
            ? userPath(parsed.values["policy-pack-config"])
            : undefined,
    };
}

/** `--only` and `--pss-level` as per-policy overrides of the pack's config. */
export function scanOverrides(options: Pick<ScanOptions, "only" | "pssLevel">) {
    return (pack: PackDescription): Record<string, Partial<EffectivePolicyConfig>> => {
        if (
            options.only !== undefined &&
            !pack.policies.some((p) => p.name.startsWith(options.only!))
        ) {
            throw new ScanUsageError(
                `--only ${options.only}: no policy of ${pack.name} starts with it; ` +
                    `prefixes in use: ${[...new Set(pack.policies.map((p) => p.name.split("-")[0] + "-"))].join(", ")}`,
            );
        }
        const overrides: Record<string, Partial<EffectivePolicyConfig>> = {};
        for (const policy of pack.policies) {
            const override: Partial<EffectivePolicyConfig> = {};
            if (options.only !== undefined && !policy.name.startsWith(options.only)) {
                override.enforcementLevel = "disabled";
            }
            if (options.pssLevel && policy.configSchema?.properties?.level) {
                override.properties = { level: options.pssLevel };
            }
            overrides[policy.name] = override;
        }
        return overrides;
    };
}

/** A URN for a scanned object, unique per file and document. */
function urnOf(obj: ManifestObject, index: number): string {
    return `urn:pulumi:scan::manifests::${obj.type}::${obj.file}#${obj.document}/${index}`;
}

/** Scans manifests; files that cannot be read are reported and the others still checked. */
export async function scan(options: ScanOptions): Promise<ScanResult> {
    const configFile: PolicyConfigFile = options.policyConfigFile
        ? readPolicyConfigFile(options.policyConfigFile)
        : {};
    const fileErrors: ScanResult["fileErrors"] = [];
    const objects: ManifestObject[] = [];
    for (const file of yamlFilesOf(options.paths)) {
        const read = readManifestDocuments(file);
        objects.push(...read.objects);
        fileErrors.push(...read.errors.map((err) => ({ file, message: err.message })));
    }
    if (objects.length === 0) {
        return { objects, fileErrors, violations: [] };
    }
    const byUrn = new Map<string, ManifestObject>();
    const resources = objects.map((obj, i) => {
        const urn = urnOf(obj, i);
        byUrn.set(urn, obj);
        return {
            urn,
            type: obj.type,
            name: obj.name,
            custom: true,
            properties: obj.object,
            options: { protect: false, deleteBeforeReplace: false, parent: "" },
            parent: "",
            dependencies: [],
            propertyDependencies: {},
        };
    });
    const policy = await runPolicies(resources, {
        packDir: options.packDir,
        configFile,
        configSource: options.policyConfigFile ?? "(none)",
        overrides: scanOverrides(options),
        stack: { stack: "scan", project: "manifests", organization: "organization", dryRun: true },
    });
    const violations = attachResources(policy.diagnostics, (urn) => {
        const obj = byUrn.get(urn);
        return (
            obj && {
                type: obj.type,
                name: obj.namespace ? `${obj.namespace}/${obj.name}` : obj.name,
                file: obj.file,
            }
        );
    });
    return { objects, fileErrors, violations, policy };
}

async function main(): Promise<number> {
    let options: ScanOptions;
    try {
        options = parseScanArgs(process.argv.slice(2));
        const result = await scan(options);
        for (const { message } of result.fileErrors) {
            process.stderr.write(`error: ${message}\n`);
        }
        if (options.json) {
            const records = result.violations.map((v) => ({
                file: v.file ?? null,
                kind: v.resourceType.split(":").pop() ?? "",
                name: v.resourceName,
                policy: v.policyName,
                enforcementLevel: v.enforcementLevel,
                message: v.message,
            }));
            process.stdout.write(JSON.stringify(records, null, 2) + "\n");
        } else if (result.policy) {
            process.stdout.write(
                `Scanned ${result.objects.length} objects in ${new Set(result.objects.map((o) => o.file)).size} files\n\n` +
                    renderViolations(
                        result.policy.pack,
                        path.relative(process.cwd(), options.packDir) || ".",
                        result.violations,
                    ) +
                    "\n",
            );
        }
        if (result.objects.length === 0) {
            // Nothing checked is not a pass: a typo in a path must not look like a clean scan.
            process.stderr.write(
                `error: no Kubernetes objects in ${options.paths.join(", ")}; ` +
                    "expected YAML or JSON manifests (.yaml, .yml, .json)\n",
            );
            return 2;
        }
        if (hasMandatory(result.violations)) {
            return 1;
        }
        return result.fileErrors.length > 0 ? 2 : 0;
    } catch (err) {
        if (
            err instanceof ScanUsageError ||
            err instanceof ManifestError ||
            err instanceof PolicyConfigError ||
            err instanceof PolicyPackError
        ) {
            process.stderr.write(`error: ${err.message}\n`);
            return 2;
        }
        throw err;
    }
}

if (require.main === module) {
    runCommand("scan", main);
}
