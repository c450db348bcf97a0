/**
 * What a Pulumi Kubernetes type token says about the object: its API group, version and kind.
 * `kubernetes:apps/v1:Deployment` is group `apps`, version `v1`, kind `Deployment`; the core
 * group is spelled `core` in tokens and left out of `apiVersion` (`v1`).
 */

/** A Kubernetes type token, split into its parts. */
export interface KubernetesType {
    /** The API group, `core` for the legacy group. */
    group: string;
    /** The API version within the group (`v1`, `v1beta1`). */
    version: string;
    /** The kind as the token names it, including the `Patch` and `List` variants. */
    kind: string;
}

/** Tokens already split: every policy asks about every resource's token, and tokens are few. */
const parsedTypes = new Map<string, Readonly<KubernetesType> | undefined>();

/** The parts of a Kubernetes type token; undefined for any other token (`aws:s3/bucket:Bucket`). */
export function kubernetesTypeOf(type: unknown): Readonly<KubernetesType> | undefined {
    if (typeof type !== "string") {
        return undefined;
    }
    if (parsedTypes.has(type)) {
        return parsedTypes.get(type);
    }
    const parsed = splitType(type);
    if (parsedTypes.size < 10000) {
        parsedTypes.set(type, parsed && Object.freeze(parsed));
    }
    return parsed;
}

function splitType(type: string): KubernetesType | undefined {
    const parts = type.split(":");
    if (parts.length !== 3 || parts[0] !== "kubernetes") {
        return undefined;
    }
    const [group, version, ...rest] = parts[1].split("/");
    if (!group || !version || rest.length > 0 || !parts[2]) {
        return undefined;
    }
    return { group, version, kind: parts[2] };
}

/** The `apiVersion` an object of this type carries: `apps/v1`, or `v1` for the core group. */
export function apiVersionOf(type: KubernetesType): string {
    return type.group === "core" ? type.version : `${type.group}/${type.version}`;
}

/** How a Pulumi resource writes objects of its kind: whole, as a server-side-apply patch, or as a list. */
export type TypeVariant = "object" | "patch" | "list";

/**
 * The kind an object of this type is stored as, and how the resource writes it: Pulumi's
 * `DeploymentPatch` resource patches a `Deployment`, `DeploymentList` writes several.
 */
export function storedKindOf(type: KubernetesType): { kind: string; variant: TypeVariant } {
    for (const [suffix, variant] of [
        ["Patch", "patch"],
        ["List", "list"],
    ] as const) {
        if (type.kind.length > suffix.length && type.kind.endsWith(suffix)) {
            return { kind: type.kind.slice(0, -suffix.length), variant };
        }
    }
    return { kind: type.kind, variant: "object" };
}

/**
 * True when the type token writes one of `kinds` of API group `group`, in any version, whole or
 * as a patch. List resources are left out: their objects sit under `items`, not at the root.
 */
export function isKindOf(type: unknown, group: string, kinds: readonly string[]): boolean {
    const parsed = kubernetesTypeOf(type);
    if (parsed === undefined || parsed.group !== group) {
        return false;
    }
    const stored = storedKindOf(parsed);
    return stored.variant !== "list" && kinds.includes(stored.kind);
}
