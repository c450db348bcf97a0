/**
 * The Kubernetes API versions no longer served, per kind, with the release that stopped serving
 * them and what to use instead, as the Kubernetes Deprecated API Migration Guide lists them
 * (releases 1.16 to 1.32). An object sent to a removed API version is rejected by the API
 * server, so a manifest that still names one cannot be applied to a current cluster.
 */

/** One removed API version of one kind. */
export interface RemovedApi {
    /** The removed `apiVersion` (`batch/v1beta1`). */
    apiVersion: string;
    /** The kind served there (`CronJob`). */
    kind: string;
    /** The Kubernetes minor release that stopped serving it (`1.25`). */
    removedIn: string;
    /** What to use instead: an `apiVersion`, or a sentence where there is no like-for-like API. */
    replacement: string;
}

const POD_SECURITY_ADMISSION =
    "Pod Security Admission (pod-security.kubernetes.io/* namespace labels); PodSecurityPolicy has no replacement API";

/** [removed apiVersion, kinds, removed in, replacement]. */
const TABLE: [string, string[], string, string][] = [
    [
        "flowcontrol.apiserver.k8s.io/v1beta3",
        ["FlowSchema", "PriorityLevelConfiguration"],
        "1.32",
        "flowcontrol.apiserver.k8s.io/v1",
    ],
    [
        "flowcontrol.apiserver.k8s.io/v1beta2",
        ["FlowSchema", "PriorityLevelConfiguration"],
        "1.29",
        "flowcontrol.apiserver.k8s.io/v1",
    ],
    ["storage.k8s.io/v1beta1", ["CSIStorageCapacity"], "1.27", "storage.k8s.io/v1"],
    [
        "flowcontrol.apiserver.k8s.io/v1beta1",
        ["FlowSchema", "PriorityLevelConfiguration"],
        "1.26",
        "flowcontrol.apiserver.k8s.io/v1",
    ],
    ["autoscaling/v2beta2", ["HorizontalPodAutoscaler"], "1.26", "autoscaling/v2"],
    ["batch/v1beta1", ["CronJob"], "1.25", "batch/v1"],
    ["discovery.k8s.io/v1beta1", ["EndpointSlice"], "1.25", "discovery.k8s.io/v1"],
    ["events.k8s.io/v1beta1", ["Event"], "1.25", "events.k8s.io/v1"],
    ["autoscaling/v2beta1", ["HorizontalPodAutoscaler"], "1.25", "autoscaling/v2"],
    ["policy/v1beta1", ["PodDisruptionBudget"], "1.25", "policy/v1"],
    ["policy/v1beta1", ["PodSecurityPolicy"], "1.25", POD_SECURITY_ADMISSION],
    ["node.k8s.io/v1beta1", ["RuntimeClass"], "1.25", "node.k8s.io/v1"],
    [
        "admissionregistration.k8s.io/v1beta1",
        ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"],
        "1.22",
        "admissionregistration.k8s.io/v1",
    ],
    [
        "apiextensions.k8s.io/v1beta1",
        ["CustomResourceDefinition"],
        "1.22",
        "apiextensions.k8s.io/v1",
    ],
    ["apiregistration.k8s.io/v1beta1", ["APIService"], "1.22", "apiregistration.k8s.io/v1"],
    ["authentication.k8s.io/v1beta1", ["TokenReview"], "1.22", "authentication.k8s.io/v1"],
    [
        "authorization.k8s.io/v1beta1",
        ["LocalSubjectAccessReview", "SelfSubjectAccessReview", "SubjectAccessReview"],
        "1.22",
        "authorization.k8s.io/v1",
    ],
    [
        "certificates.k8s.io/v1beta1",
        ["CertificateSigningRequest"],
        "1.22",
        "certificates.k8s.io/v1",
    ],
    ["coordination.k8s.io/v1beta1", ["Lease"], "1.22", "coordination.k8s.io/v1"],
    ["extensions/v1beta1", ["Ingress"], "1.22", "networking.k8s.io/v1"],
    ["networking.k8s.io/v1beta1", ["Ingress", "IngressClass"], "1.22", "networking.k8s.io/v1"],
    [
        "rbac.authorization.k8s.io/v1beta1",
        ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"],
        "1.22",
        "rbac.authorization.k8s.io/v1",
    ],
    ["scheduling.k8s.io/v1beta1", ["PriorityClass"], "1.22", "scheduling.k8s.io/v1"],
    [
        "storage.k8s.io/v1beta1",
        ["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"],
        "1.22",
        "storage.k8s.io/v1",
    ],
    ["extensions/v1beta1", ["NetworkPolicy"], "1.16", "networking.k8s.io/v1"],
    ["extensions/v1beta1", ["DaemonSet", "Deployment", "ReplicaSet"], "1.16", "apps/v1"],
    ["extensions/v1beta1", ["PodSecurityPolicy"], "1.16", POD_SECURITY_ADMISSION],
    ["apps/v1beta1", ["Deployment", "StatefulSet", "ReplicaSet"], "1.16", "apps/v1"],
    ["apps/v1beta2", ["DaemonSet", "Deployment", "StatefulSet", "ReplicaSet"], "1.16", "apps/v1"],
    // The guide lists the workload kinds; 1.16 stopped serving apps/v1beta1 and apps/v1beta2 as a
    // whole, ControllerRevision included.
    ["apps/v1beta1", ["ControllerRevision"], "1.16", "apps/v1"],
    ["apps/v1beta2", ["ControllerRevision"], "1.16", "apps/v1"],
];

const BY_KEY = new Map<string, RemovedApi>();
for (const [apiVersion, kinds, removedIn, replacement] of TABLE) {
    for (const kind of kinds) {
        BY_KEY.set(`${apiVersion} ${kind}`, { apiVersion, kind, removedIn, replacement });
    }
}

/** Every removed API version and kind, for documentation and tests. */
export const REMOVED_APIS: readonly RemovedApi[] = [...BY_KEY.values()];

/** The removed-API record for an `apiVersion` and kind, or undefined if it is still served. */
export function removedApiOf(apiVersion: string, kind: string): RemovedApi | undefined {
    return BY_KEY.get(`${apiVersion} ${kind}`);
}
