/**
 * A whole-number policy setting, read like the other settings of `policy-config.ts`: the
 * schema's default in code when the key is absent, and a message naming the policy and the key
 * when the value is not a whole number within range.
 */
import { PolicyConfigError, settingsOf } from "./policy-config";

/** A whole-number setting of at least `min`; `fallback` when the key is absent. */
export function integerSetting(
    policy: string,
    config: unknown,
    key: string,
    fallback: number,
    min: number,
): number {
    const value = settingsOf(config)[key];
    if (value === undefined || value === null) {
        return fallback;
    }
    if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
        throw new PolicyConfigError(policy, key, value, `a whole number of at least ${min}`);
    }
    return value;
}
