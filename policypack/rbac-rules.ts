/**
 * How Kubernetes RBAC reads a Role or ClusterRole: a list of rules, each granting `verbs` on
 * `resources` of `apiGroups` (optionally only the objects in `resourceNames`), or on
 * `nonResourceURLs`. `*` matches every group, resource or verb; `*\/scale` matches the `scale`
 * subresource of every resource; a nonResourceURL ending in `*` matches by prefix.
 */
import { isKindOf } from "./kubernetes-types";
import { read } from "./violation";

/** The API group of RBAC objects. */
export const RBAC_GROUP = "rbac.authorization.k8s.io";

/** The kinds that carry rules. */
export const ROLE_KINDS = ["Role", "ClusterRole"] as const;

/** The kinds that bind a role to subjects. */
export const BINDING_KINDS = ["RoleBinding", "ClusterRoleBinding"] as const;

/** The wildcard RBAC reads as "every". */
export const WILDCARD = "*";

/** True for a Role or ClusterRole resource, whole or patched, in any RBAC API version. */
export function isRoleType(type: unknown): boolean {
    return isKindOf(type, RBAC_GROUP, ROLE_KINDS);
}

/** True for a RoleBinding or ClusterRoleBinding resource, whole or patched. */
export function isBindingType(type: unknown): boolean {
    return isKindOf(type, RBAC_GROUP, BINDING_KINDS);
}

/** One rule of a role, its lists read as strings (odd entries dropped), with its field path. */
export interface RoleRule {
    /** Its index in `rules`. */
    index: number;
    /** Its field path: `rules[0]`. */
    path: string;
    /** The rule as given, for reporting an entry at its own index. */
    raw: object;
    /** API groups, `""` for the core group. */
    apiGroups: string[];
    /** Resources, `pods` or `pods/exec` for a subresource. */
    resources: string[];
    /** Verbs: `get`, `list`, `create`, `bind`, ... */
    verbs: string[];
    /** The object names the rule is limited to; empty for all. */
    resourceNames: string[];
    /** URL paths outside the resource API (`/healthz`), for ClusterRoles. */
    nonResourceURLs: string[];
}

/** The list fields of a rule that can hold a wildcard. */
export const WILDCARD_FIELDS = ["apiGroups", "resources", "verbs", "nonResourceURLs"] as const;

function strings(value: unknown): string[] {
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** The rules of a Role or ClusterRole; never throws on odd input. */
export function rulesOf(props: unknown): RoleRule[] {
    const rules = read(props, "rules");
    if (!Array.isArray(rules)) {
        return [];
    }
    const result: RoleRule[] = [];
    rules.forEach((rule: unknown, index: number) => {
        if (rule === null || typeof rule !== "object") {
            return;
        }
        result.push({
            index,
            path: `rules[${index}]`,
            raw: rule,
            apiGroups: strings(read(rule, "apiGroups")),
            resources: strings(read(rule, "resources")),
            verbs: strings(read(rule, "verbs")),
            resourceNames: strings(read(rule, "resourceNames")),
            nonResourceURLs: strings(read(rule, "nonResourceURLs")),
        });
    });
    return result;
}

/** True when the rule covers API group `group` (`""` is the core group). */
export function coversGroup(rule: RoleRule, group: string): boolean {
    return rule.apiGroups.includes(WILDCARD) || rule.apiGroups.includes(group);
}

/**
 * True when the rule covers `resource`: by name, by `*`, or, for a subresource
 * (`pods/exec`), by `*\/exec`. A `resource` ending in `/*` asks for any subresource of it.
 */
export function coversResource(rule: RoleRule, resource: string): boolean {
    return rule.resources.some((granted) => {
        if (granted === WILDCARD || granted === resource) {
            return true;
        }
        if (resource.endsWith("/*")) {
            return granted.startsWith(resource.slice(0, -1));
        }
        const slash = resource.indexOf("/");
        return slash !== -1 && granted === `*${resource.slice(slash)}`;
    });
}

/** The verbs of `wanted` the rule grants, by name or through `*`. */
export function grantedVerbs(rule: RoleRule, wanted: readonly string[]): string[] {
    if (rule.verbs.includes(WILDCARD)) {
        return [...wanted];
    }
    return wanted.filter((verb) => rule.verbs.includes(verb));
}

/** Every string entry of one list field of a rule, with its field path: `rules[0].verbs[1]`. */
export function entriesOf(
    rule: RoleRule,
    field: (typeof WILDCARD_FIELDS)[number] | "resourceNames",
): { path: string; value: string }[] {
    const list = read(rule.raw, field);
    if (!Array.isArray(list)) {
        return [];
    }
    const entries: { path: string; value: string }[] = [];
    list.forEach((value: unknown, index: number) => {
        if (typeof value === "string") {
            entries.push({ path: `${rule.path}.${field}[${index}]`, value });
        }
    });
    return entries;
}
