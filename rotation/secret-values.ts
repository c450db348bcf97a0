/**
 * New secret values, and the check that a value is one. Values are drawn with Node's CSPRNG
 * (`crypto.randomInt`, uniform over the alphabet) rather than Secrets Manager's
 * `GetRandomPassword`: no extra permission or network call, and the alphabet is ours to state.
 * The alphabet is letters and digits only, so a value can stand in a connection string, a URL's
 * user-info, a shell word or a config file without quoting: no quotes, slashes, `@`, `:`, `%`,
 * whitespace or other punctuation.
 */
import { randomInt } from "crypto";

import type { SecretKind } from "./secret-kinds";

const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const DIGITS = "0123456789";

/** Every character a generated value may contain. */
export const VALUE_ALPHABET = UPPER + LOWER + DIGITS;

/** The length of a new value per kind: 48 characters is 285 bits, 40 is 238. */
export const VALUE_LENGTH: Record<SecretKind, number> = {
    opaque: 48,
    "database-password": 40,
};

/** The shortest value `isWellFormedValue` accepts: 128 bits over this alphabet. */
export const MIN_VALUE_LENGTH = 22;

/** A source of uniform integers in [0, max): `crypto.randomInt` unless a test gives one. */
export type RandomIndex = (max: number) => number;

function hasEveryClass(value: string): boolean {
    return (
        [...value].some((c) => UPPER.includes(c)) &&
        [...value].some((c) => LOWER.includes(c)) &&
        [...value].some((c) => DIGITS.includes(c))
    );
}

/**
 * A new value for a secret of this kind. It holds an upper-case letter, a lower-case letter and
 * a digit, which database password rules commonly demand; a draw without one is redrawn (at
 * these lengths that happens about once in 10^4 draws).
 */
export function generateSecretValue(kind: SecretKind, random: RandomIndex = randomInt): string {
    const length = VALUE_LENGTH[kind];
    for (;;) {
        let value = "";
        for (let i = 0; i < length; i++) {
            value += VALUE_ALPHABET[random(VALUE_ALPHABET.length)];
        }
        if (hasEveryClass(value)) {
            return value;
        }
    }
}

/** True when `value` is long enough and uses only the alphabet above. */
export function isWellFormedValue(value: string): boolean {
    return value.length >= MIN_VALUE_LENGTH && [...value].every((c) => VALUE_ALPHABET.includes(c));
}
