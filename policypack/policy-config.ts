/**
 * Reads a policy's settings from its CrossGuard policy config. The Pulumi CLI checks a config
 * file against the policy's `configSchema` and fills in its defaults, but another client may
 * send the config as it is, so the defaults are applied here too. A value of the wrong shape is
 * not fatal: the reader takes the strictest value instead, so that a typo never weakens the
 * pack, and keeps a sentence for people naming the key, what was found and what is expected,
 * which the policy reports as a violation (as the pod-security policies do with `level`).
 */
import { shown } from "./violation";

function isRecord(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The settings object of `getConfig()`, or an empty one when there is none. */
export function settingsOf(config: unknown): Record<string, unknown> {
    return isRecord(config) ? config : {};
}

/**
 * A policy config value of the wrong shape, for a reader that stops rather than fall back to
 * the strictest value; the message names the policy, the key, what was found and what is
 * expected. `PolicySettings` reports instead of throwing.
 */
export class PolicyConfigError extends Error {
    constructor(policy: string, key: string, found: unknown, expected: string) {
        super(`policy config ${policy}.${key} is ${shown(found)}; expected ${expected}`);
        this.name = "PolicyConfigError";
    }
}

/** The settings of one policy, read from `getConfig()`, with the problems found on the way. */
export class PolicySettings {
    private readonly values: Record<string, unknown>;
    private readonly found: string[] = [];

    /** `config` is what `args.getConfig()` returned for the policy named `policy`. */
    constructor(
        private readonly policy: string,
        config: unknown,
    ) {
        this.values = settingsOf(config);
    }

    /** One sentence per wrong value: `policy <name>: config key "<key>" is ...; expected ...`. */
    get problems(): readonly string[] {
        return this.found;
    }

    /** Records a problem with a value; `instead` says what the policy does about it. */
    problem(key: string, value: unknown, expected: string, instead: string): void {
        this.found.push(
            `policy ${this.policy}: config key "${key}" is ${shown(value)}; expected ${expected} (${instead})`,
        );
    }

    /** A boolean setting: `fallback` when absent, `strictest` when not a boolean. */
    boolean(key: string, fallback: boolean, strictest: boolean): boolean {
        const value = this.values[key];
        if (value === undefined || value === null) {
            return fallback;
        }
        if (typeof value !== "boolean") {
            this.problem(key, value, "true or false", `enforcing ${strictest}`);
            return strictest;
        }
        return value;
    }

    /** A non-empty string setting: `fallback` when absent or wrong. */
    string(key: string, fallback: string): string {
        const value = this.values[key];
        if (value === undefined || value === null) {
            return fallback;
        }
        if (typeof value !== "string" || value === "") {
            this.problem(key, value, "a non-empty string", `using ${JSON.stringify(fallback)}`);
            return fallback;
        }
        return value;
    }

    /** A whole-number setting of at least `min`: `fallback` when absent, `strictest` when wrong. */
    integer(key: string, fallback: number, min: number, strictest: number): number {
        const value = this.values[key];
        if (value === undefined || value === null) {
            return fallback;
        }
        if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
            this.problem(key, value, `a whole number of at least ${min}`, `using ${strictest}`);
            return strictest;
        }
        return value;
    }

    /**
     * A list-of-strings setting: `fallback` when absent; when not a list of strings, `strictest`
     * (an empty list for allow-lists and exemptions).
     */
    stringList(key: string, fallback: readonly string[], strictest: readonly string[]): string[] {
        const value = this.values[key];
        if (value === undefined || value === null) {
            return [...fallback];
        }
        if (!Array.isArray(value) || value.some((entry) => typeof entry !== "string")) {
            const instead = strictest.length === 0 ? "using none" : `using ${shown(strictest)}`;
            this.problem(key, value, "a list of strings", instead);
            return [...strictest];
        }
        return value as string[];
    }
}
