import { strict as assert } from "assert";

import { TenantNamespace, TenantNamespaceArgs } from "../../components/tenant-namespace";
import {
    byObjectName,
    component,
    input,
    ofType,
    RecordedResource,
    startMocks,
    valueOf,
} from "../mocks";

const NAMESPACE = "kubernetes:core/v1:Namespace";
const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

function args(overrides: Partial<TenantNamespaceArgs> = {}): TenantNamespaceArgs {
    return {
        name: "ohlcv-system",
        podSecurityVersion: "v1.33",
        quota: {
            requestsCpu: "2",
            requestsMemory: "4Gi",
            limitsCpu: "4",
            limitsMemory: "8Gi",
            pods: 20,
        },
        limits: {
            defaultRequestCpu: "100m",
            defaultRequestMemory: "128Mi",
            defaultCpu: "500m",
            defaultMemory: "512Mi",
            maxCpu: "2",
            maxMemory: "2Gi",
        },
        ...overrides,
    };
}

describe("TenantNamespace", () => {
    let resources: RecordedResource[];
    let namespaceName: string;
    let namespace: RecordedResource;

    before(async () => {
        const runtime = await startMocks();
        const tenantNamespace = new TenantNamespace("ohlcv-rag", args({ protect: true }));
        namespaceName = await valueOf(tenantNamespace.namespaceName);
        await runtime.settle();
        resources = runtime.resources;
        namespace = byObjectName(resources, NAMESPACE, "ohlcv-system");
    });

    it("declares the Namespace with the name it is given", () => {
        assert.equal(namespace.name, "ohlcv-rag-namespace");
        assert.equal(namespaceName, "ohlcv-system");
    });

    it("enforces, audits and warns at the restricted Pod Security level, pinned to a version", () => {
        const labels = input(namespace, "metadata.labels");
        for (const mode of ["enforce", "audit", "warn"]) {
            assert.equal(labels[`pod-security.kubernetes.io/${mode}`], "restricted");
            assert.equal(labels[`pod-security.kubernetes.io/${mode}-version`], "v1.33");
        }
    });

    it("enables Istio sidecar injection", () => {
        assert.equal(input(namespace, "metadata.labels")["istio-injection"], "enabled");
    });

    it("protects the Namespace when asked to", () => {
        assert.equal(namespace.protect, true);
    });

    it("bounds the namespace with a ResourceQuota on requests, limits and pods", () => {
        const quota = byObjectName(resources, "kubernetes:core/v1:ResourceQuota", "tenant-quota");
        assert.equal(input(quota, "metadata.namespace"), "ohlcv-system");
        assert.deepEqual(input(quota, "spec.hard"), {
            "requests.cpu": "2",
            "requests.memory": "4Gi",
            "limits.cpu": "4",
            "limits.memory": "8Gi",
            pods: "20",
        });
    });

    it("gives every container default requests and limits, and caps them", () => {
        const limitRange = byObjectName(
            resources,
            "kubernetes:core/v1:LimitRange",
            "container-limits",
        );
        assert.deepEqual(input(limitRange, "spec.limits"), [
            {
                type: "Container",
                defaultRequest: { cpu: "100m", memory: "128Mi" },
                default: { cpu: "500m", memory: "512Mi" },
                max: { cpu: "2", memory: "2Gi" },
            },
        ]);
    });

    it("denies all ingress and egress of every pod by default", () => {
        const policy = byObjectName(resources, NETWORK_POLICY, "default-deny-all");
        assert.deepEqual(input(policy, "spec"), {
            podSelector: {},
            policyTypes: ["Ingress", "Egress"],
        });
    });

    it("allows quarantined pods nothing", () => {
        const policy = byObjectName(resources, NETWORK_POLICY, "quarantine");
        assert.deepEqual(input(policy, "spec"), {
            podSelector: { matchLabels: { "security.baseline/quarantine": "true" } },
            policyTypes: ["Ingress", "Egress"],
        });
    });

    it("puts every object in the namespace, depending on the Namespace and nothing else", () => {
        const parent = component(resources, "ohlcv:security:TenantNamespace", "ohlcv-rag");
        const inNamespace = resources.filter(
            (r) => r.custom && r.type !== NAMESPACE && r.name.startsWith("ohlcv-rag-"),
        );
        assert.equal(inNamespace.length, 4);
        for (const resource of inNamespace) {
            assert.equal(input(resource, "metadata.namespace"), "ohlcv-system", resource.name);
            assert.deepEqual(resource.dependencies, [namespace.urn], resource.name);
            assert.equal(resource.parent, parent.urn, resource.name);
        }
    });

    it("parents the Namespace to the component", () => {
        const parent = component(resources, "ohlcv:security:TenantNamespace", "ohlcv-rag");
        assert.equal(namespace.parent, parent.urn);
    });

    it("declares one Namespace", () => {
        assert.equal(ofType(resources, NAMESPACE).length, 1);
    });

    describe("without protect", () => {
        it("leaves the Namespace unprotected", async () => {
            const runtime = await startMocks();
            new TenantNamespace("unprotected", args());
            await runtime.settle();
            assert.equal(byObjectName(runtime.resources, NAMESPACE, "ohlcv-system").protect, false);
        });
    });
});
