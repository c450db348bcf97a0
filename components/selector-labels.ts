/**
 * The labels the baseline selects pods and namespaces by, shared by the namespace, network and
 * mesh components (and by workloads, which must carry them to be admitted).
 */

/** The label a workload's pods carry with the workload's name (Kubernetes recommended label). */
export const WORKLOAD_LABEL = "app.kubernetes.io/name";

/**
 * The label that quarantines a pod: set it to `QUARANTINE_VALUE` to cut the pod off the network
 * and the mesh while it is examined. Any value takes the pod out of every allow network policy
 * of the baseline; only `QUARANTINE_VALUE` also matches the mesh DENY policy.
 */
export const QUARANTINE_LABEL = "security.baseline/quarantine";

/** The value of `QUARANTINE_LABEL` that quarantines a pod. */
export const QUARANTINE_VALUE = "true";

/** The label the API server sets on every namespace to the namespace's name (Kubernetes 1.22+). */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

/**
 * The match expression every allow policy of the baseline carries in its pod selectors. Network
 * policies are additive: a deny-all policy for quarantined pods cancels nothing another policy
 * allows them, so each allow must leave quarantined pods out itself.
 */
export const NOT_QUARANTINED = { key: QUARANTINE_LABEL, operator: "DoesNotExist" } as const;

/** A label selector for the pods of `workload` that are not quarantined. */
export function workloadPods(workload: string) {
    return { matchLabels: { [WORKLOAD_LABEL]: workload }, matchExpressions: [NOT_QUARANTINED] };
}

/** A label selector for the pods carrying `labels` that are not quarantined. */
export function labelledPods(labels: Record<string, string>) {
    return { matchLabels: { ...labels }, matchExpressions: [NOT_QUARANTINED] };
}
