/** RBAC objects for the RBAC policy tests: a role from its rules, and odd shapes. */
import type { TestResource } from "../harness";

/** A Role (in ohlcv-system) or ClusterRole named `reader`, with the given rules. */
export function role(kind: "Role" | "ClusterRole", rules: unknown): TestResource {
    const metadata =
        kind === "Role" ? { name: "reader", namespace: "ohlcv-system" } : { name: "reader" };
    return {
        type: `kubernetes:rbac.authorization.k8s.io/v1:${kind}`,
        name: "reader",
        props: { apiVersion: "rbac.authorization.k8s.io/v1", kind, metadata, rules },
    };
}

/** A RoleBinding (in ohlcv-system) or ClusterRoleBinding with the given roleRef. */
export function binding(
    kind: "RoleBinding" | "ClusterRoleBinding",
    roleRef: unknown,
): TestResource {
    const metadata =
        kind === "RoleBinding" ? { name: "grant", namespace: "ohlcv-system" } : { name: "grant" };
    return {
        type: `kubernetes:rbac.authorization.k8s.io/v1:${kind}`,
        name: "grant",
        props: {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind,
            metadata,
            roleRef,
            subjects: [{ kind: "ServiceAccount", name: "ohlcv-rag", namespace: "ohlcv-system" }],
        },
    };
}

/** Roles and bindings of odd shapes that a policy must take without throwing. */
export const ODD_ROLES: TestResource[] = [
    role("ClusterRole", undefined),
    role("ClusterRole", "everything"),
    role("ClusterRole", [null, 7, "x", []]),
    role("Role", [{ apiGroups: "*", resources: { a: 1 }, verbs: [null, 3, "*"] }]),
    role("Role", [{ nonResourceURLs: [{}], resourceNames: "x" }]),
    { type: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", props: {} },
    binding("ClusterRoleBinding", undefined),
    binding("RoleBinding", "cluster-admin"),
    binding("RoleBinding", { kind: 1, name: ["cluster-admin"] }),
];
