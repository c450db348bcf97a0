/**
 * Violation messages in the Pod Security Admission manner: which resource, which field (with the
 * container where there is one), what value was found and what is allowed.
 */

/** Kinds already read off tokens: every policy asks about every resource's token. */
const kinds = new Map<string, string>();

/** The Kubernetes kind of a Pulumi type token: `kubernetes:apps/v1:Deployment` -> `Deployment`. */
export function kindOf(type: string): string {
    let kind = kinds.get(type);
    if (kind === undefined) {
        kind = kindOfToken(type);
        if (kinds.size < 10000) {
            kinds.set(type, kind);
        }
    }
    return kind;
}

function kindOfToken(type: string): string {
    const parts = type.split(":");
    return parts[parts.length - 1] || type;
}

/** Reads a property without trusting its shape: never throws, returns undefined for odd input. */
export function read(value: unknown, ...path: (string | number)[]): unknown {
    let current: unknown = value;
    for (const key of path) {
        if (current === null || typeof current !== "object") {
            return undefined;
        }
        current = (current as Record<string | number, unknown>)[key];
    }
    return current;
}

/**
 * How a resource is named in a message: `Deployment ohlcv-system/ohlcv-rag`. Kubernetes objects
 * use their `metadata` name and namespace; other resources, or objects whose name is left to
 * auto-naming, fall back to the Pulumi resource name.
 */
export function subjectOf(type: string, props: unknown, resourceName: string): string {
    const name = read(props, "metadata", "name");
    const namespace = read(props, "metadata", "namespace");
    const shown = typeof name === "string" && name !== "" ? name : resourceName;
    const qualified =
        typeof namespace === "string" && namespace !== "" ? `${namespace}/${shown}` : shown;
    return `${kindOf(type)} ${qualified}`;
}

/** Renders a found value for a message: strings quoted, absent values as "<unset>". */
export function shown(value: unknown): string {
    if (value === undefined || value === null) {
        return "<unset>";
    }
    if (typeof value === "string") {
        return JSON.stringify(value);
    }
    try {
        return JSON.stringify(value) ?? String(value);
    } catch {
        return String(value);
    }
}

/**
 * One violation sentence: `<subject>: <field> is <found>; allowed: <allowed>`.
 * `field` is the full field path, container included (`spec.template.spec.containers[0]
 * ("app").securityContext.runAsNonRoot`).
 */
export function fieldViolation(
    subject: string,
    field: string,
    found: unknown,
    allowed: string,
): string {
    return `${subject}: ${field} is ${shown(found)}; allowed: ${allowed}`;
}
