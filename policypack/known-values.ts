/**
 * Reads a property that may not be known yet. During a preview, CrossGuard hands policies a
 * proxy that throws when a value the engine cannot know yet is read, and the server then skips
 * the whole policy for that resource or, for a stack policy, for the whole stack ("can't be known
 * during preview"). A check that can decide without the value (a key ARN that comes from some
 * resource is never the AWS-managed alias, a literal) reads through here and goes on.
 */

/** How a value unknown during preview travels in the Pulumi protocol (`rpc.unknownValue`). */
export const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A property's value, or word that it is not known yet. */
export type Known = { known: true; value: unknown } | { known: false };

/**
 * The value at `path`, `{ known: false }` where the engine does not know it yet, and
 * `{ known: true, value: undefined }` where the path does not exist. Never throws.
 */
export function readKnown(value: unknown, ...path: (string | number)[]): Known {
    let current: unknown = value;
    for (const key of path) {
        if (current === null || typeof current !== "object") {
            return { known: true, value: undefined };
        }
        try {
            current = (current as Record<string | number, unknown>)[key];
        } catch {
            // Only CrossGuard's unknown-checking proxy throws on a property read.
            return { known: false };
        }
        if (current === UNKNOWN_SENTINEL) {
            return { known: false };
        }
    }
    return { known: true, value: current };
}

/** True when the object has the property, known or not (the proxy does not trap `has`). */
export function hasProperty(value: unknown, key: string): boolean {
    return (
        value !== null &&
        typeof value === "object" &&
        Object.prototype.hasOwnProperty.call(value, key)
    );
}

/** A known, non-empty string at `path`; undefined when unset, unknown or of another type. */
export function knownString(value: unknown, ...path: (string | number)[]): string | undefined {
    const found = readKnown(value, ...path);
    return found.known && typeof found.value === "string" && found.value !== ""
        ? found.value
        : undefined;
}
