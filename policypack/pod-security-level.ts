/**
 * The Pod Security Standards levels this pack enforces and how a policy's config chooses one.
 * Baseline controls run at both levels; restricted controls only at `restricted`, the default.
 */
import type { PolicyConfigSchema } from "@pulumi/policy";

import { shown } from "./violation";

/** A Pod Security Standards level, as Pod Security Admission names it. */
export type PodSecurityLevel = "baseline" | "restricted";

/** Every level, from the least to the most restrictive. */
export const POD_SECURITY_LEVELS: readonly PodSecurityLevel[] = ["baseline", "restricted"];

/** The level enforced where a policy's config names none. */
export const DEFAULT_POD_SECURITY_LEVEL: PodSecurityLevel = "restricted";

/** The config schema every pod-security policy carries: one `level` property. */
export const LEVEL_CONFIG_SCHEMA: PolicyConfigSchema = {
    properties: {
        level: {
            type: "string",
            enum: [...POD_SECURITY_LEVELS],
            default: DEFAULT_POD_SECURITY_LEVEL,
            description:
                "Pod Security Standards level; restricted controls do nothing at baseline.",
        },
    },
};

/** The level a policy's config asks for, with a sentence for people when the config is wrong. */
export interface ConfiguredLevel {
    /** The level to enforce: the configured one, or the default where it is absent or wrong. */
    level: PodSecurityLevel;
    /** Set when the config holds a `level` that is not a level. */
    problem?: string;
}

function isLevel(value: unknown): value is PodSecurityLevel {
    return POD_SECURITY_LEVELS.includes(value as PodSecurityLevel);
}

/**
 * Reads `level` from a policy's config. A client may send the config without the schema's
 * defaults, so an absent level is the default; a wrong one is reported and the strictest level
 * applies, so that a typo never weakens the pack.
 */
export function configuredLevel(config: unknown): ConfiguredLevel {
    const level =
        config !== null && typeof config === "object"
            ? (config as Record<string, unknown>).level
            : undefined;
    if (level === undefined || level === null) {
        return { level: DEFAULT_POD_SECURITY_LEVEL };
    }
    if (isLevel(level)) {
        return { level };
    }
    const expected = POD_SECURITY_LEVELS.map((name) => JSON.stringify(name)).join(" or ");
    const problem = `config key "level" is ${shown(level)}; expected ${expected}`;
    return { level: "restricted", problem: `${problem} (enforcing "restricted")` };
}

/** Whether a control of `controlLevel` runs when `configured` is the enforced level. */
export function runsAt(controlLevel: PodSecurityLevel, configured: PodSecurityLevel): boolean {
    return POD_SECURITY_LEVELS.indexOf(controlLevel) <= POD_SECURITY_LEVELS.indexOf(configured);
}
