/**
 * What makes a literal environment value look like a secret: a variable name that says it holds
 * one (PASSWORD, TOKEN, SECRET, API_KEY, ...) given a literal value, or a value shaped like a
 * well-known credential (an AWS access key id, a PEM private key, a JWT, a URL with a password)
 * whatever its name. The reasons returned never contain the value itself.
 */

/**
 * Name words that say the variable holds a secret, matched at the end of a `_`-separated word
 * so that `GH_TOKEN` and `JWTSECRET` match but `MAX_TOKENS` and `TOKENIZER` do not.
 */
const SECRET_NAME =
    /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?)(?:_|$)/;

/** `PASS` counts only as a word of its own (`DB_PASS`), not inside `PASSTHROUGH` or `BYPASS`. */
const PASS_WORD = /(?:^|_)(PASS)(?:_|$)/;

/**
 * Last name words that make the variable a pointer to a secret, or a setting about one, rather
 * than the secret: `DB_PASSWORD_FILE`, `TOKEN_PATH`, `VAULT_SECRET_NAME`, `TOKEN_TTL`.
 */
const POINTER_SUFFIXES = new Set([
    "FILE",
    "PATH",
    "DIR",
    "NAME",
    "ID",
    "REF",
    "URL",
    "ENDPOINT",
    "HOST",
    "PORT",
    "TTL",
    "TIMEOUT",
    "AUDIENCE",
    "HEADER",
    "ENABLED",
    "LIMIT",
    "COUNT",
    "SIZE",
    "LENGTH",
]);

/** First name words that make the variable a setting about secrets: `MAX_TOKEN`, `MIN_PASSWORD`. */
const SETTING_PREFIXES = new Set(["MAX", "MIN", "NUM"]);

/** Value shapes of well-known credentials, checked whatever the variable is called. */
const SECRET_VALUE_PATTERNS: [RegExp, string][] = [
    [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/, "an AWS access key id"],
    [/-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/, "a PEM private key"],
    [/\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{8,}/, "a JSON Web Token"],
    [/\bgh[pousr]_[A-Za-z0-9]{36,}\b/, "a GitHub token"],
    [/\bxox[abposr]-[A-Za-z0-9-]{10,}/, "a Slack token"],
    [/\bAIza[0-9A-Za-z_-]{35}\b/, "a Google API key"],
    [/\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:[^\s/@]+@/i, "a URL with a password"],
];

/** A value that is only Kubernetes `$(VAR)` references takes its secret from elsewhere. */
const ONLY_REFERENCES = /^(?:\$\([A-Za-z_][A-Za-z0-9_.-]*\))+$/;

/**
 * Why an env entry's literal value looks like a secret, in words that do not repeat the value
 * ("its name contains PASSWORD", "its value looks like a PEM private key"); undefined when it
 * does not look like one.
 */
export function secretLiteralReason(name: unknown, value: unknown): string | undefined {
    if (typeof value !== "string" || value.trim() === "") {
        return undefined;
    }
    for (const [pattern, what] of SECRET_VALUE_PATTERNS) {
        if (pattern.test(value)) {
            return `its value looks like ${what}`;
        }
    }
    if (typeof name !== "string" || ONLY_REFERENCES.test(value)) {
        return undefined;
    }
    const upper = name.toUpperCase().replace(/[^A-Z0-9]+/g, "_");
    const words = upper.split("_").filter((word) => word !== "");
    if (
        words.length > 1 &&
        (POINTER_SUFFIXES.has(words[words.length - 1]) || SETTING_PREFIXES.has(words[0]))
    ) {
        return undefined;
    }
    const match = SECRET_NAME.exec(upper) ?? PASS_WORD.exec(upper);
    return match ? `its name contains ${match[1]}` : undefined;
}
