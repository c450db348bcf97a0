/**
 * What a secret is, as the rotation function needs to know it: the kind decides how a new value
 * is set and tested. The Secrets Manager component tags each secret with its kind, and the
 * rotation function reads the tag, so one function serves all of a tenant's secrets.
 */

/** The tag key that carries a secret's kind. */
export const SECRET_KIND_TAG = "baseline:secret-kind";

/**
 * The kinds of secret the rotation function rotates.
 *
 * - `opaque`: a value whose consumers read it from the store and that no service here checks
 *   (an API key the tenant's clients present to it). Setting it is nothing; testing it is a
 *   shape check.
 * - `database-password`: a password a database must be told about before it becomes current.
 */
export const SECRET_KINDS = ["opaque", "database-password"] as const;

/** One kind of secret. */
export type SecretKind = (typeof SECRET_KINDS)[number];

/** The kind a tag value names, or undefined for an unknown one. */
export function secretKindOf(tagValue: string | undefined): SecretKind | undefined {
    if (tagValue === undefined) {
        return "opaque";
    }
    return (SECRET_KINDS as readonly string[]).includes(tagValue)
        ? (tagValue as SecretKind)
        : undefined;
}
