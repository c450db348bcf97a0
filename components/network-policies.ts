/**
 * The traffic a tenant's workloads may have under the namespace's default deny: the app port
 * from the ingress controller, the metrics port from Prometheus, cluster DNS, the mesh control
 * plane, Vault, each declared dependency, and HTTPS to addresses outside the cluster. Each allow
 * leaves quarantined pods out, since network policies are additive.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import { labelledPods, NAMESPACE_NAME_LABEL, workloadPods } from "./selector-labels";

/** The labels of the cluster DNS pods (CoreDNS keeps kube-dns's label). */
export const DNS_POD_LABELS = { "k8s-app": "kube-dns" };

/** The labels of the Prometheus pods allowed to scrape. */
export const PROMETHEUS_POD_LABELS = { "app.kubernetes.io/name": "prometheus" };

/** The labels of the Istio control plane pods. */
export const ISTIOD_POD_LABELS = { app: "istiod" };

/** The istiod port sidecars fetch their configuration (xDS) and certificates from. */
export const ISTIOD_XDS_PORT = 15012;

/** The labels of the in-cluster Vault server pods (the Vault Helm chart's). */
export const VAULT_POD_LABELS = { "app.kubernetes.io/name": "vault" };

/**
 * Where the Vault server the workloads' agents log in to listens: pods labelled
 * `VAULT_POD_LABELS` in a namespace of the cluster, or address blocks outside it.
 */
export type VaultServer = { namespace: string; port: number } | { cidrs: string[]; port: number };

/** A service the workloads call, reached by the labels of its pods. */
export interface NetworkDependency {
    /** Name of the dependency, used in the names of its policies. */
    name: string;
    /**
     * Namespace of the dependency's pods; absent means the workloads' own, where the baseline
     * also admits the workloads to the dependency's pods.
     */
    namespace?: string;
    /** Labels that select the dependency's pods. */
    podLabels: Record<string, string>;
    /** Port the dependency's pods listen on. */
    port: number;
    /** `TCP` or `UDP`. */
    protocol: "TCP" | "UDP";
}

/** Arguments of `NetworkPolicies`. */
export interface NetworkPoliciesArgs {
    /** Namespace of the workloads (and of the policies). */
    namespace: pulumi.Input<string>;
    /** Names of the workloads; a workload's pods carry `app.kubernetes.io/name: <name>`. */
    workloads: string[];
    /** Port the workloads serve the application on, open to the ingress controller only. */
    appPort: number;
    /** Port the workloads serve metrics on, open to Prometheus only. */
    metricsPort: number;
    /** Namespace of the ingress controller. */
    ingressNamespace: string;
    /** Namespace of Prometheus, whose pods carry `PROMETHEUS_POD_LABELS`. */
    monitoringNamespace: string;
    /** Namespace of the cluster DNS pods, which carry `DNS_POD_LABELS`. */
    dnsNamespace: string;
    /** Namespace of istiod, whose pods carry `ISTIOD_POD_LABELS`. */
    meshControlPlaneNamespace: string;
    /** Services the workloads call. */
    dependencies: NetworkDependency[];
    /** The Vault server the workloads' Vault agents reach; absent, no egress to Vault. */
    vault?: VaultServer;
    /** The cluster's pod CIDR blocks, IPv4 and IPv6. */
    podCidrs: string[];
    /** The cluster's service CIDR blocks. */
    serviceCidrs: string[];
    /** Further blocks that are not "the internet": private, link-local, carrier-grade NAT. */
    privateCidrs: string[];
}

/** True for an IPv6 CIDR block (of blocks already validated as CIDR). */
function isIPv6Cidr(cidr: string): boolean {
    return cidr.includes(":");
}

/** An `ipBlock` of a network policy peer. */
export interface IPBlock {
    cidr: string;
    except?: string[];
}

/**
 * The blocks for "anywhere outside the cluster": all of IPv4 except `excepted`'s IPv4 blocks, and
 * all of IPv6 except its IPv6 blocks when there are any. Each `except` must lie inside its
 * `cidr` (the API server rejects the policy otherwise), hence one block per address family.
 */
export function outsideClusterBlocks(excepted: string[]): IPBlock[] {
    const unique = [...new Set(excepted)];
    const ipv4 = unique.filter((cidr) => !isIPv6Cidr(cidr));
    const ipv6 = unique.filter(isIPv6Cidr);
    const blocks: IPBlock[] = [
        ipv4.length > 0 ? { cidr: "0.0.0.0/0", except: ipv4 } : { cidr: "0.0.0.0/0" },
    ];
    if (ipv6.length > 0) {
        blocks.push({ cidr: "::/0", except: ipv6 });
    }
    return blocks;
}

/** The peers a workload reaches Vault at: its pods in its namespace, or its address blocks. */
function vaultPeers(vault: VaultServer): k8s.types.input.networking.v1.NetworkPolicyPeer[] {
    if ("cidrs" in vault) {
        return vault.cidrs.map((cidr) => ({ ipBlock: { cidr } }));
    }
    return [
        {
            namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: vault.namespace } },
            podSelector: { matchLabels: VAULT_POD_LABELS },
        },
    ];
}

/** The allow policies of a tenant's workloads. */
export class NetworkPolicies extends pulumi.ComponentResource {
    /** Names of the NetworkPolicy objects, in declaration order. */
    readonly policyNames: string[] = [];

    private readonly componentName: string;
    private readonly namespace: pulumi.Input<string>;

    constructor(name: string, args: NetworkPoliciesArgs, opts?: pulumi.ComponentResourceOptions) {
        // TRAP: an egress rule with an empty `to` allows every destination.
        if (args.vault !== undefined && "cidrs" in args.vault && args.vault.cidrs.length === 0) {
            throw new Error("NetworkPolicies vault.cidrs is []; expected at least one CIDR block");
        }
        super("ohlcv:security:NetworkPolicies", name, {}, opts);
        this.componentName = name;
        this.namespace = args.namespace;

        const inNamespace = (namespace: pulumi.Input<string>) => ({
            matchLabels: { [NAMESPACE_NAME_LABEL]: namespace },
        });
        const tcp = (port: number) => ({ protocol: "TCP", port });

        for (const workload of args.workloads) {
            const pods = workloadPods(workload);

            this.policy(`${workload}-allow-ingress-app`, {
                podSelector: pods,
                policyTypes: ["Ingress"],
                ingress: [
                    {
                        from: [{ namespaceSelector: inNamespace(args.ingressNamespace) }],
                        ports: [tcp(args.appPort)],
                    },
                ],
            });

            // One peer with both selectors means "these pods in that namespace"; two peers
            // would mean "any pod there, or these pods here".
            this.policy(`${workload}-allow-ingress-metrics`, {
                podSelector: pods,
                policyTypes: ["Ingress"],
                ingress: [
                    {
                        from: [
                            {
                                namespaceSelector: inNamespace(args.monitoringNamespace),
                                podSelector: { matchLabels: PROMETHEUS_POD_LABELS },
                            },
                        ],
                        ports: [tcp(args.metricsPort)],
                    },
                ],
            });

            // LIMITATION: a cluster running NodeLocal DNSCache answers on a link-local node
            // address that no pod selector matches; such clusters need one more egress rule.
            this.policy(`${workload}-allow-egress-dns`, {
                podSelector: pods,
                policyTypes: ["Egress"],
                egress: [
                    {
                        to: [
                            {
                                namespaceSelector: inNamespace(args.dnsNamespace),
                                podSelector: { matchLabels: DNS_POD_LABELS },
                            },
                        ],
                        ports: [
                            { protocol: "UDP", port: 53 },
                            { protocol: "TCP", port: 53 },
                        ],
                    },
                ],
            });

            // TRAP: under default-deny egress the Istio sidecar cannot reach istiod, so it gets
            // neither its configuration nor its workload certificate, and the pod never turns
            // ready. Sidecars fetch both from istiod on 15012.
            this.policy(`${workload}-allow-egress-mesh-control-plane`, {
                podSelector: pods,
                policyTypes: ["Egress"],
                egress: [
                    {
                        to: [
                            {
                                namespaceSelector: inNamespace(args.meshControlPlaneNamespace),
                                podSelector: { matchLabels: ISTIOD_POD_LABELS },
                            },
                        ],
                        ports: [tcp(ISTIOD_XDS_PORT)],
                    },
                ],
            });

            if (args.vault !== undefined) {
                this.policy(`${workload}-allow-egress-vault`, {
                    podSelector: pods,
                    policyTypes: ["Egress"],
                    egress: [{ to: vaultPeers(args.vault), ports: [tcp(args.vault.port)] }],
                });
            }

            for (const dependency of args.dependencies) {
                const dependencyPort = { protocol: dependency.protocol, port: dependency.port };
                this.policy(`${workload}-allow-egress-dependency-${dependency.name}`, {
                    podSelector: pods,
                    policyTypes: ["Egress"],
                    egress: [
                        {
                            to: [
                                {
                                    namespaceSelector: inNamespace(
                                        dependency.namespace ?? args.namespace,
                                    ),
                                    podSelector: labelledPods(dependency.podLabels),
                                },
                            ],
                            ports: [dependencyPort],
                        },
                    ],
                });
                // LIMITATION: a dependency in another namespace must admit the workloads by a
                // policy of its own namespace; the baseline does not write policies there.
                if (dependency.namespace === undefined) {
                    this.policy(`${dependency.name}-allow-ingress-from-${workload}`, {
                        podSelector: labelledPods(dependency.podLabels),
                        policyTypes: ["Ingress"],
                        ingress: [{ from: [{ podSelector: pods }], ports: [dependencyPort] }],
                    });
                }
            }

            this.policy(`${workload}-allow-egress-https-internet`, {
                podSelector: pods,
                policyTypes: ["Egress"],
                egress: [
                    {
                        to: outsideClusterBlocks([
                            ...args.podCidrs,
                            ...args.serviceCidrs,
                            ...args.privateCidrs,
                        ]).map((ipBlock) => ({ ipBlock })),
                        ports: [tcp(443)],
                    },
                ],
            });
        }

        this.registerOutputs({ policyNames: this.policyNames });
    }

    private policy(
        policyName: string,
        spec: k8s.types.input.networking.v1.NetworkPolicySpec,
    ): void {
        this.policyNames.push(policyName);
        new k8s.networking.v1.NetworkPolicy(
            `${this.componentName}-${policyName}`,
            { metadata: { name: policyName, namespace: this.namespace }, spec },
            { parent: this },
        );
    }
}
