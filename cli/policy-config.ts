/**
 * Policy-pack config as the Pulumi CLI resolves it before `Configure`: the pack's own levels and
 * initial config, then a `--policy-pack-config` file (`{"all": level, "<policy>": level |
 * {enforcementLevel, ...properties}}`), schema defaults filled in and every policy's properties
 * validated against its schema.
 */
import Ajv from "ajv";
import * as fs from "fs";

import type { EffectivePolicyConfig, EnforcementLevel, PackDescription } from "./analyzer-client";

const LEVELS: EnforcementLevel[] = ["advisory", "mandatory", "disabled", "remediate"];

/** A policy-config file or override that is not right; the message names the place and key. */
export class PolicyConfigError extends Error {}

/** The raw content of a policy-config file. */
export type PolicyConfigFile = Record<string, unknown>;

/** Reads a policy-config JSON file, with an error that names it. */
export function readPolicyConfigFile(file: string): PolicyConfigFile {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        throw new PolicyConfigError(`policy config ${file}: cannot be read`);
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (err) {
        throw new PolicyConfigError(
            `policy config ${file}: not valid JSON (${(err as Error).message})`,
        );
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
        throw new PolicyConfigError(
            `policy config ${file}: expected a JSON object of policy names`,
        );
    }
    return parsed as PolicyConfigFile;
}

function levelOf(value: unknown, where: string): EnforcementLevel {
    if (typeof value === "string" && (LEVELS as string[]).includes(value)) {
        return value as EnforcementLevel;
    }
    throw new PolicyConfigError(
        `${where}: found ${JSON.stringify(value)}; expected one of ${LEVELS.join(", ")}`,
    );
}

/** The level `all` sets: a level, or an object holding only `enforcementLevel`. */
function allLevelOf(all: unknown, source: string): EnforcementLevel {
    const where = `policy config ${source}: all`;
    if (all !== null && typeof all === "object" && !Array.isArray(all)) {
        const { enforcementLevel, ...rest } = all as Record<string, unknown>;
        if (Object.keys(rest).length > 0) {
            throw new PolicyConfigError(
                `${where}: found ${Object.keys(rest).join(", ")}; expected only enforcementLevel ` +
                    "(config properties belong to a named policy)",
            );
        }
        return levelOf(enforcementLevel, `${where}.enforcementLevel`);
    }
    return levelOf(all, where);
}

/**
 * The effective config of every policy of the pack. `source` names the file in messages;
 * `overrides` are applied last (per policy: properties merged, level replaced).
 */
export function resolvePolicyConfig(
    pack: PackDescription,
    file: PolicyConfigFile,
    source: string,
    overrides: Record<string, Partial<EffectivePolicyConfig>> = {},
): Record<string, EffectivePolicyConfig> {
    const known = new Set(pack.policies.map((p) => p.name));
    for (const key of Object.keys(file)) {
        if (key !== "all" && !known.has(key)) {
            throw new PolicyConfigError(
                `policy config ${source}: "${key}" is not a policy of ${pack.name}; ` +
                    `expected "all" or one of its ${known.size} policies`,
            );
        }
    }
    const allLevel = file.all === undefined ? undefined : allLevelOf(file.all, source);
    const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: true });
    const effective: Record<string, EffectivePolicyConfig> = {};
    for (const policy of pack.policies) {
        const entry = file[policy.name];
        const initial = pack.initialConfig[policy.name];
        let level: EnforcementLevel =
            allLevel ?? initial?.enforcementLevel ?? policy.enforcementLevel;
        let properties: Record<string, unknown> = { ...(initial?.properties ?? {}) };
        if (typeof entry === "string") {
            level = levelOf(entry, `policy config ${source}: ${policy.name}`);
        } else if (entry !== undefined) {
            if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
                throw new PolicyConfigError(
                    `policy config ${source}: ${policy.name}: found ${JSON.stringify(entry)}; ` +
                        "expected an enforcement level or an object of config properties",
                );
            }
            const { enforcementLevel, ...props } = entry as Record<string, unknown>;
            if (enforcementLevel !== undefined) {
                level = levelOf(
                    enforcementLevel,
                    `policy config ${source}: ${policy.name}.enforcementLevel`,
                );
            }
            properties = { ...properties, ...props };
        }
        const override = overrides[policy.name];
        if (override?.enforcementLevel) {
            level = override.enforcementLevel;
        }
        properties = { ...properties, ...(override?.properties ?? {}) };
        if (policy.configSchema) {
            const schema = {
                type: "object",
                properties: policy.configSchema.properties,
                required: policy.configSchema.required,
                additionalProperties: false,
            };
            const validate = ajv.compile(schema);
            if (!validate(properties)) {
                const problems = (validate.errors ?? [])
                    .map(
                        (e) =>
                            `${e.instancePath || "(top)"} ${e.message}${e.params && "allowedValues" in e.params ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(", ")})` : ""}${e.params && "additionalProperty" in e.params ? ` "${(e.params as { additionalProperty: string }).additionalProperty}"` : ""}`,
                    )
                    .join("; ");
                throw new PolicyConfigError(`policy config ${source}: ${policy.name}: ${problems}`);
            }
        } else if (Object.keys(properties).length > 0) {
            throw new PolicyConfigError(
                `policy config ${source}: ${policy.name} takes no config; found ${Object.keys(properties).join(", ")}`,
            );
        }
        effective[policy.name] = { enforcementLevel: level, properties };
    }
    return effective;
}
