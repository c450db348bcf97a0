/**
 * Reads a policy's settings from its CrossGuard policy config with the defaults its
 * `configSchema` declares. The Pulumi CLI checks the config file against the schema before the
 * pack sees it; these readers apply the same defaults in code and reject a value of the wrong
 * shape with a message naming the policy, the key, what was found and what is expected.
 */
import { shown } from "./violation";

/** A policy config as `getConfig()` returns it: the policy's keys, `enforcementLevel` removed. */
export type PolicySettings = Record<string, unknown>;

/** A policy config value of the wrong shape, named for the person who wrote the config file. */
export class PolicyConfigError extends Error {
    constructor(policy: string, key: string, found: unknown, expected: string) {
        super(`policy config ${policy}.${key} is ${shown(found)}; expected ${expected}`);
        this.name = "PolicyConfigError";
    }
}

/** The settings object of `getConfig()`, or an empty one when there is none. */
export function settingsOf(config: unknown): PolicySettings {
    return config !== null && typeof config === "object" && !Array.isArray(config)
        ? (config as PolicySettings)
        : {};
}

/** A boolean setting; `fallback` when the key is absent. */
export function booleanSetting(
    policy: string,
    config: unknown,
    key: string,
    fallback: boolean,
): boolean {
    const value = settingsOf(config)[key];
    if (value === undefined || value === null) {
        return fallback;
    }
    if (typeof value !== "boolean") {
        throw new PolicyConfigError(policy, key, value, "true or false");
    }
    return value;
}

/** A string setting; `fallback` when the key is absent. */
export function stringSetting(
    policy: string,
    config: unknown,
    key: string,
    fallback: string,
): string {
    const value = settingsOf(config)[key];
    if (value === undefined || value === null) {
        return fallback;
    }
    if (typeof value !== "string" || value === "") {
        throw new PolicyConfigError(policy, key, value, "a non-empty string");
    }
    return value;
}

/** A list-of-strings setting; `fallback` when the key is absent. */
export function stringListSetting(
    policy: string,
    config: unknown,
    key: string,
    fallback: readonly string[],
): string[] {
    const value = settingsOf(config)[key];
    if (value === undefined || value === null) {
        return [...fallback];
    }
    if (!Array.isArray(value) || value.some((entry) => typeof entry !== "string")) {
        throw new PolicyConfigError(policy, key, value, "a list of strings");
    }
    return value as string[];
}
