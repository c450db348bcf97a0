import * as k8s from "@pulumi/kubernetes";
import { strict as assert } from "assert";

import {
    NetworkPolicies,
    NetworkPoliciesArgs,
    outsideClusterBlocks,
} from "../../components/network-policies";
import {
    byObjectName,
    component,
    input,
    ofType,
    RecordedResource,
    startMocks,
    valueOf,
} from "../mocks";

const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const NOT_QUARANTINED = { key: "security.baseline/quarantine", operator: "DoesNotExist" };
const RAG_PODS = {
    matchLabels: { "app.kubernetes.io/name": "ohlcv-rag" },
    matchExpressions: [NOT_QUARANTINED],
};
const PRIVATE = [
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "169.254.0.0/16",
    "100.64.0.0/10",
];

function args(namespace: NetworkPoliciesArgs["namespace"]): NetworkPoliciesArgs {
    return {
        namespace,
        workloads: ["ohlcv-rag"],
        appPort: 8080,
        metricsPort: 9090,
        ingressNamespace: "ingress-nginx",
        monitoringNamespace: "monitoring",
        dnsNamespace: "kube-system",
        meshControlPlaneNamespace: "istio-system",
        dependencies: [
            {
                name: "chromadb",
                podLabels: { "app.kubernetes.io/name": "chromadb" },
                port: 8000,
                protocol: "TCP",
            },
            {
                name: "statsd",
                namespace: "observability",
                podLabels: { app: "statsd" },
                port: 8125,
                protocol: "UDP",
            },
        ],
        vault: { namespace: "vault", port: 8200 },
        podCidrs: ["10.244.0.0/16"],
        serviceCidrs: ["10.96.0.0/12"],
        privateCidrs: PRIVATE,
    };
}

const inNamespace = (name: string) => ({ matchLabels: { "kubernetes.io/metadata.name": name } });

describe("NetworkPolicies", () => {
    let resources: RecordedResource[];
    let namespaceUrn: string;
    let policyNames: string[];
    const policy = (name: string) => byObjectName(resources, NETWORK_POLICY, name);

    before(async () => {
        const runtime = await startMocks();
        const namespace = new k8s.core.v1.Namespace("ns", { metadata: { name: "ohlcv-system" } });
        const policies = new NetworkPolicies("ohlcv-rag", args(namespace.metadata.name));
        policyNames = policies.policyNames;
        await valueOf(namespace.metadata.name);
        await runtime.settle();
        resources = runtime.resources;
        namespaceUrn = ofType(resources, "kubernetes:core/v1:Namespace")[0].urn;
    });

    it("admits only the ingress controller's namespace to the app port", () => {
        assert.deepEqual(input(policy("ohlcv-rag-allow-ingress-app"), "spec"), {
            podSelector: RAG_PODS,
            policyTypes: ["Ingress"],
            ingress: [
                {
                    from: [{ namespaceSelector: inNamespace("ingress-nginx") }],
                    ports: [{ protocol: "TCP", port: 8080 }],
                },
            ],
        });
    });

    it("admits only Prometheus pods of the monitoring namespace, in one peer, to the metrics port", () => {
        assert.deepEqual(input(policy("ohlcv-rag-allow-ingress-metrics"), "spec.ingress"), [
            {
                from: [
                    {
                        namespaceSelector: inNamespace("monitoring"),
                        podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus" } },
                    },
                ],
                ports: [{ protocol: "TCP", port: 9090 }],
            },
        ]);
    });

    it("lets the workload reach cluster DNS on UDP and TCP 53", () => {
        assert.deepEqual(input(policy("ohlcv-rag-allow-egress-dns"), "spec.egress"), [
            {
                to: [
                    {
                        namespaceSelector: inNamespace("kube-system"),
                        podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
                    },
                ],
                ports: [
                    { protocol: "UDP", port: 53 },
                    { protocol: "TCP", port: 53 },
                ],
            },
        ]);
    });

    it("lets the sidecar reach istiod on 15012 for its configuration and certificate", () => {
        assert.deepEqual(
            input(policy("ohlcv-rag-allow-egress-mesh-control-plane"), "spec.egress"),
            [
                {
                    to: [
                        {
                            namespaceSelector: inNamespace("istio-system"),
                            podSelector: { matchLabels: { app: "istiod" } },
                        },
                    ],
                    ports: [{ protocol: "TCP", port: 15012 }],
                },
            ],
        );
    });

    it("lets the workload reach the in-cluster Vault's pods on Vault's port", () => {
        assert.deepEqual(input(policy("ohlcv-rag-allow-egress-vault"), "spec"), {
            podSelector: RAG_PODS,
            policyTypes: ["Egress"],
            egress: [
                {
                    to: [
                        {
                            namespaceSelector: inNamespace("vault"),
                            podSelector: { matchLabels: { "app.kubernetes.io/name": "vault" } },
                        },
                    ],
                    ports: [{ protocol: "TCP", port: 8200 }],
                },
            ],
        });
    });

    it("lets the workload reach a dependency in its own namespace on the dependency's port", () => {
        const spec = input(policy("ohlcv-rag-allow-egress-dependency-chromadb"), "spec");
        assert.deepEqual(spec.egress, [
            {
                to: [
                    {
                        namespaceSelector: inNamespace("ohlcv-system"),
                        podSelector: {
                            matchLabels: { "app.kubernetes.io/name": "chromadb" },
                            matchExpressions: [NOT_QUARANTINED],
                        },
                    },
                ],
                ports: [{ protocol: "TCP", port: 8000 }],
            },
        ]);
    });

    it("lets the workload reach a dependency in another namespace by its protocol", () => {
        const spec = input(policy("ohlcv-rag-allow-egress-dependency-statsd"), "spec");
        assert.deepEqual(spec.egress[0].to[0].namespaceSelector, inNamespace("observability"));
        assert.deepEqual(spec.egress[0].ports, [{ protocol: "UDP", port: 8125 }]);
    });

    it("admits the workload to a dependency's pods in its own namespace", () => {
        assert.deepEqual(input(policy("chromadb-allow-ingress-from-ohlcv-rag"), "spec"), {
            podSelector: {
                matchLabels: { "app.kubernetes.io/name": "chromadb" },
                matchExpressions: [NOT_QUARANTINED],
            },
            policyTypes: ["Ingress"],
            ingress: [
                { from: [{ podSelector: RAG_PODS }], ports: [{ protocol: "TCP", port: 8000 }] },
            ],
        });
    });

    it("writes no policy in the namespace for a dependency that lives in another one", () => {
        assert.ok(!policyNames.some((name) => name.startsWith("statsd-")), String(policyNames));
    });

    it("allows HTTPS to IPv4 addresses outside the pod, service and private blocks", () => {
        assert.deepEqual(input(policy("ohlcv-rag-allow-egress-https-internet"), "spec.egress"), [
            {
                to: [
                    {
                        ipBlock: {
                            cidr: "0.0.0.0/0",
                            except: ["10.244.0.0/16", "10.96.0.0/12", ...PRIVATE],
                        },
                    },
                ],
                ports: [{ protocol: "TCP", port: 443 }],
            },
        ]);
    });

    it("leaves quarantined pods out of every policy it writes", () => {
        const written = ofType(resources, NETWORK_POLICY);
        assert.equal(written.length, policyNames.length);
        for (const resource of written) {
            const expressions = input(resource, "spec.podSelector.matchExpressions");
            assert.deepEqual(expressions, [NOT_QUARANTINED], resource.name);
        }
    });

    it("leaves quarantined pods out of every pod peer it admits or reaches in the namespace", () => {
        const peers = ofType(resources, NETWORK_POLICY).flatMap((resource) => [
            ...(input(resource, "spec.ingress") ?? []).flatMap((rule: any) => rule.from),
            ...(input(resource, "spec.egress") ?? []).flatMap((rule: any) => rule.to),
        ]);
        const ownPods = peers.filter(
            (peer: any) =>
                peer.podSelector &&
                (!peer.namespaceSelector ||
                    peer.namespaceSelector.matchLabels["kubernetes.io/metadata.name"] ===
                        "ohlcv-system"),
        );
        assert.equal(ownPods.length, 2);
        for (const peer of ownPods) {
            assert.deepEqual(peer.podSelector.matchExpressions, [NOT_QUARANTINED]);
        }
    });

    it("makes every policy depend on the Namespace and nothing else", () => {
        for (const resource of ofType(resources, NETWORK_POLICY)) {
            assert.deepEqual(resource.dependencies, [namespaceUrn], resource.name);
            assert.equal(input(resource, "metadata.namespace"), "ohlcv-system");
        }
    });

    it("parents every policy to the component", () => {
        const parent = component(resources, "ohlcv:security:NetworkPolicies", "ohlcv-rag");
        for (const resource of ofType(resources, NETWORK_POLICY)) {
            assert.equal(resource.parent, parent.urn, resource.name);
        }
    });

    describe("with a Vault outside the cluster", () => {
        let resources: RecordedResource[];

        before(async () => {
            const runtime = await startMocks();
            new NetworkPolicies("external-vault", {
                ...args("ohlcv-system"),
                vault: { cidrs: ["192.0.2.10/32", "2001:db8::10/128"], port: 443 },
            });
            await runtime.settle();
            resources = runtime.resources;
        });

        it("lets the workload reach Vault's address blocks on Vault's port, and nothing more", () => {
            const vault = byObjectName(resources, NETWORK_POLICY, "ohlcv-rag-allow-egress-vault");
            assert.deepEqual(input(vault, "spec.egress"), [
                {
                    to: [
                        { ipBlock: { cidr: "192.0.2.10/32" } },
                        { ipBlock: { cidr: "2001:db8::10/128" } },
                    ],
                    ports: [{ protocol: "TCP", port: 443 }],
                },
            ]);
        });

        it("refuses an empty list of Vault blocks, which would allow every destination", () => {
            assert.throws(
                () =>
                    new NetworkPolicies("no-vault-blocks", {
                        ...args("ohlcv-system"),
                        vault: { cidrs: [], port: 8200 },
                    }),
                /NetworkPolicies vault\.cidrs is \[\]; expected at least one CIDR block/,
            );
        });
    });

    describe("without a Vault", () => {
        it("writes no Vault egress policy", async () => {
            const runtime = await startMocks();
            const policies = new NetworkPolicies("no-vault", {
                ...args("ohlcv-system"),
                vault: undefined,
            });
            await runtime.settle();
            assert.ok(!policies.policyNames.some((name) => name.includes("vault")));
            assert.ok(policies.policyNames.includes("ohlcv-rag-allow-egress-dns"));
        });
    });

    describe("on a dual-stack cluster", () => {
        let blocks: { ipBlock: { cidr: string; except: string[] } }[];

        before(async () => {
            const runtime = await startMocks();
            new NetworkPolicies("dual-stack", {
                ...args("ohlcv-system"),
                podCidrs: ["10.244.0.0/16", "fd00:10:244::/56"],
                serviceCidrs: ["10.96.0.0/12", "fd00:10:96::/108"],
                privateCidrs: [...PRIVATE, "fc00::/7"],
            });
            await runtime.settle();
            const https = byObjectName(
                runtime.resources,
                NETWORK_POLICY,
                "ohlcv-rag-allow-egress-https-internet",
            );
            blocks = input(https, "spec.egress")[0].to;
        });

        it("adds an IPv6 block ::/0 excepting the IPv6 pod, service and private blocks", () => {
            assert.deepEqual(blocks[1].ipBlock, {
                cidr: "::/0",
                except: ["fd00:10:244::/56", "fd00:10:96::/108", "fc00::/7"],
            });
        });

        it("keeps IPv6 blocks out of the IPv4 block's except, which must lie inside it", () => {
            assert.equal(blocks[0].ipBlock.cidr, "0.0.0.0/0");
            assert.ok(blocks[0].ipBlock.except.every((cidr) => !cidr.includes(":")));
        });
    });
});

describe("outsideClusterBlocks", () => {
    it("gives no IPv6 block when no IPv6 block is excepted", () => {
        assert.deepEqual(outsideClusterBlocks(["10.0.0.0/8"]), [
            { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] },
        ]);
    });

    it("lists a block excepted twice once", () => {
        assert.deepEqual(outsideClusterBlocks(["10.0.0.0/8", "10.0.0.0/8"]), [
            { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] },
        ]);
    });

    it("writes no empty except when only IPv6 blocks are excepted", () => {
        assert.deepEqual(outsideClusterBlocks(["fd00::/8"]), [
            { cidr: "0.0.0.0/0" },
            { cidr: "::/0", except: ["fd00::/8"] },
        ]);
    });
});
