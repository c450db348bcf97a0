/**
 * A tenant's namespace and what bounds everything in it: Pod Security Admission at `restricted`,
 * Istio sidecar injection, a ResourceQuota, container defaults and maxima (LimitRange), a
 * default-deny network policy and a quarantine network policy.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import { QUARANTINE_LABEL, QUARANTINE_VALUE } from "./selector-labels";

/** The total a namespace's pods may request and be limited to (a ResourceQuota's `hard`). */
export interface NamespaceQuota {
    /** Sum of CPU requests, a Kubernetes quantity (`requests.cpu`). */
    requestsCpu: string;
    /** Sum of memory requests, a Kubernetes quantity (`requests.memory`). */
    requestsMemory: string;
    /** Sum of CPU limits (`limits.cpu`). */
    limitsCpu: string;
    /** Sum of memory limits (`limits.memory`). */
    limitsMemory: string;
    /** Number of pods (`pods`). */
    pods: number;
}

/** Per-container defaults and maxima (a LimitRange item of type `Container`). */
export interface ContainerLimits {
    /** CPU request a container gets when it states none. */
    defaultRequestCpu: string;
    /** Memory request a container gets when it states none. */
    defaultRequestMemory: string;
    /** CPU limit a container gets when it states none. */
    defaultCpu: string;
    /** Memory limit a container gets when it states none. */
    defaultMemory: string;
    /** Largest CPU limit a container may have. */
    maxCpu: string;
    /** Largest memory limit a container may have. */
    maxMemory: string;
}

/** Arguments of a `TenantNamespace`. */
export interface TenantNamespaceArgs {
    /** Name of the Namespace, a DNS-1123 label. */
    name: string;
    /**
     * Kubernetes minor version the Pod Security Admission labels pin (`v1.33`), so that a
     * cluster upgrade does not change what `restricted` means for this namespace.
     */
    podSecurityVersion: string;
    /** The namespace's ResourceQuota. */
    quota: NamespaceQuota;
    /** The namespace's container defaults and maxima. */
    limits: ContainerLimits;
    /** Protect the Namespace: Pulumi refuses to delete it (and everything in it). Default false. */
    protect?: boolean;
}

/** The Pod Security Admission labels that enforce, audit and warn at `restricted`. */
export function podSecurityLabels(version: string): Record<string, string> {
    const labels: Record<string, string> = {};
    for (const mode of ["enforce", "audit", "warn"]) {
        labels[`pod-security.kubernetes.io/${mode}`] = "restricted";
        labels[`pod-security.kubernetes.io/${mode}-version`] = version;
    }
    return labels;
}

/**
 * A tenant's Namespace with its quota, container limits, default-deny and quarantine network
 * policies. Every other object of the tenant goes in the namespace through `namespaceName`.
 */
export class TenantNamespace extends pulumi.ComponentResource {
    /** The Namespace's name; depending on it orders an object after the Namespace. */
    readonly namespaceName: pulumi.Output<string>;

    constructor(name: string, args: TenantNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("ohlcv:security:TenantNamespace", name, {}, opts);

        // TRAP: `restricted` forbids the NET_ADMIN and NET_RAW capabilities of Istio's
        // istio-init container; injected pods are admitted only when the cluster runs the Istio
        // CNI node agent, which sets up traffic redirection instead of istio-init.
        const namespace = new k8s.core.v1.Namespace(
            `${name}-namespace`,
            {
                metadata: {
                    name: args.name,
                    labels: {
                        ...podSecurityLabels(args.podSecurityVersion),
                        "istio-injection": "enabled",
                    },
                },
            },
            { parent: this, protect: args.protect ?? false },
        );
        this.namespaceName = namespace.metadata.name;

        new k8s.core.v1.ResourceQuota(
            `${name}-quota`,
            {
                metadata: { name: "tenant-quota", namespace: this.namespaceName },
                spec: {
                    hard: {
                        "requests.cpu": args.quota.requestsCpu,
                        "requests.memory": args.quota.requestsMemory,
                        "limits.cpu": args.quota.limitsCpu,
                        "limits.memory": args.quota.limitsMemory,
                        pods: String(args.quota.pods),
                    },
                },
            },
            { parent: this },
        );

        // The quota on requests and limits makes the API server reject pods that state none;
        // these defaults fill them in, the Istio sidecar's included.
        new k8s.core.v1.LimitRange(
            `${name}-container-limits`,
            {
                metadata: { name: "container-limits", namespace: this.namespaceName },
                spec: {
                    limits: [
                        {
                            type: "Container",
                            defaultRequest: {
                                cpu: args.limits.defaultRequestCpu,
                                memory: args.limits.defaultRequestMemory,
                            },
                            default: {
                                cpu: args.limits.defaultCpu,
                                memory: args.limits.defaultMemory,
                            },
                            max: { cpu: args.limits.maxCpu, memory: args.limits.maxMemory },
                        },
                    ],
                },
            },
            { parent: this },
        );

        new k8s.networking.v1.NetworkPolicy(
            `${name}-default-deny`,
            {
                metadata: { name: "default-deny-all", namespace: this.namespaceName },
                spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
            },
            { parent: this },
        );

        // Network policies are additive, so this selects quarantined pods and allows them
        // nothing, but cancels nothing another policy allows: the baseline's allow policies
        // leave quarantined pods out themselves (NOT_QUARANTINED).
        new k8s.networking.v1.NetworkPolicy(
            `${name}-quarantine`,
            {
                metadata: { name: "quarantine", namespace: this.namespaceName },
                spec: {
                    podSelector: { matchLabels: { [QUARANTINE_LABEL]: QUARANTINE_VALUE } },
                    policyTypes: ["Ingress", "Egress"],
                },
            },
            { parent: this },
        );

        this.registerOutputs({ namespaceName: this.namespaceName });
    }
}
