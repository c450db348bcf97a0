/**
 * The Kubernetes identity of a tenant's workloads: per workload a ServiceAccount that mounts no
 * API token by default, annotated with the tenant's IAM role (IRSA) where it has one, a Role that
 * reads config maps and only the Secrets it names, and optionally cluster-wide read-only access
 * to nodes, namespaces and pod metrics.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/** What one workload may read. */
export interface WorkloadAccess {
    /** The workload's name; its ServiceAccount, Role and RoleBinding are named after it. */
    name: string;
    /** Names of the Secrets in the namespace the workload may `get`; none means no Secret. */
    secretNames: string[];
    /** Grant read-only access to nodes, namespaces and pod metrics cluster-wide. */
    clusterReadOnly: boolean;
}

/** Arguments of a `WorkloadIdentity`. */
export interface WorkloadIdentityArgs {
    /** Namespace of the ServiceAccounts, Roles and RoleBindings. */
    namespace: pulumi.Input<string>;
    /**
     * Prefix of the names of cluster-scoped objects (ClusterRole, ClusterRoleBinding), which
     * must be unique in the cluster; the namespace's name is a good one.
     */
    clusterNamePrefix: string;
    /** The workloads, each given its own identity. */
    workloads: WorkloadAccess[];
    /**
     * The IAM role the workloads' pods assume through IRSA (IAM roles for service accounts);
     * every ServiceAccount is annotated with it. Default none: no annotation.
     */
    irsaRoleArn?: pulumi.Input<string>;
}

/** The ServiceAccount annotation EKS's pod identity webhook reads the IAM role to assume from. */
export const IRSA_ROLE_ANNOTATION = "eks.amazonaws.com/role-arn";

/**
 * The name of a workload's ServiceAccount: the workload's own. Vault roles and IRSA trust
 * policies bind this name before the ServiceAccount exists, so it is fixed, never generated.
 */
export function serviceAccountName(workload: string): string {
    return workload;
}

/** The rules of the cluster-wide read-only role: no wildcards, no writes, no Secrets. */
export const CLUSTER_READ_ONLY_RULES = [
    { apiGroups: [""], resources: ["nodes", "namespaces"], verbs: ["get", "list"] },
    { apiGroups: ["metrics.k8s.io"], resources: ["pods"], verbs: ["get", "list"] },
];

/** The rules of a workload's Role: config maps, and `get` on the named Secrets only. */
export function workloadRoleRules(secretNames: string[]) {
    const rules: {
        apiGroups: string[];
        resources: string[];
        verbs: string[];
        resourceNames?: string[];
    }[] = [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list", "watch"] }];
    // `resourceNames` cannot restrict list or watch (RBAC matches them on the collection), so
    // named Secrets get `get` only; an empty list would grant every Secret, hence no rule.
    if (secretNames.length > 0) {
        rules.push({
            apiGroups: [""],
            resources: ["secrets"],
            verbs: ["get"],
            resourceNames: [...secretNames],
        });
    }
    return rules;
}

/** ServiceAccounts, Roles and bindings for a tenant's workloads. */
export class WorkloadIdentity extends pulumi.ComponentResource {
    /** The ServiceAccount name of each workload, by workload name. */
    readonly serviceAccountNames: pulumi.Output<Record<string, string>>;

    constructor(name: string, args: WorkloadIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ohlcv:security:WorkloadIdentity", name, {}, opts);

        const accountNames: Record<string, pulumi.Output<string>> = {};
        for (const workload of args.workloads) {
            const account = new k8s.core.v1.ServiceAccount(
                `${name}-${workload.name}`,
                {
                    metadata: {
                        name: serviceAccountName(workload.name),
                        namespace: args.namespace,
                        annotations:
                            args.irsaRoleArn === undefined
                                ? undefined
                                : { [IRSA_ROLE_ANNOTATION]: args.irsaRoleArn },
                    },
                    // Pods that call the API opt in per pod; the rest carry no token to steal.
                    automountServiceAccountToken: false,
                },
                { parent: this },
            );
            accountNames[workload.name] = account.metadata.name;

            // Bindings name their Role and subject as strings: RBAC resolves names when a
            // request is authorized, so a binding need not wait for what it names.
            const subject = {
                kind: "ServiceAccount",
                name: serviceAccountName(workload.name),
                namespace: args.namespace,
            };

            new k8s.rbac.v1.Role(
                `${name}-${workload.name}`,
                {
                    metadata: { name: workload.name, namespace: args.namespace },
                    rules: workloadRoleRules(workload.secretNames),
                },
                { parent: this },
            );
            new k8s.rbac.v1.RoleBinding(
                `${name}-${workload.name}`,
                {
                    metadata: { name: workload.name, namespace: args.namespace },
                    roleRef: {
                        apiGroup: "rbac.authorization.k8s.io",
                        kind: "Role",
                        name: workload.name,
                    },
                    subjects: [subject],
                },
                { parent: this },
            );

            if (workload.clusterReadOnly) {
                const clusterRoleName = `${args.clusterNamePrefix}-${workload.name}-read-only`;
                new k8s.rbac.v1.ClusterRole(
                    `${name}-${workload.name}-read-only`,
                    {
                        metadata: { name: clusterRoleName },
                        rules: CLUSTER_READ_ONLY_RULES,
                    },
                    { parent: this },
                );
                new k8s.rbac.v1.ClusterRoleBinding(
                    `${name}-${workload.name}-read-only`,
                    {
                        metadata: { name: clusterRoleName },
                        roleRef: {
                            apiGroup: "rbac.authorization.k8s.io",
                            kind: "ClusterRole",
                            name: clusterRoleName,
                        },
                        subjects: [subject],
                    },
                    { parent: this },
                );
            }
        }
        this.serviceAccountNames = pulumi.output(accountNames);

        this.registerOutputs({ serviceAccountNames: this.serviceAccountNames });
    }
}
