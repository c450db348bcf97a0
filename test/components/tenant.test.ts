import { strict as assert } from "assert";

import { Tenant, TenantOutputs } from "../../components/tenant";
import { parseBaselineConfig } from "../../config";
import {
    component,
    input,
    kubernetesObjects,
    ofType,
    RecordedResource,
    stackConfig,
    startMocks,
    valueOf,
} from "../mocks";

const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

/** The dev stack's config, with a second workload and a dependency in another namespace. */
function devConfig() {
    const config = parseBaselineConfig(stackConfig("dev"));
    const [tenant] = config.tenants;
    tenant.workloads.push({ name: "indexer", secretNames: [], clusterReadOnly: true });
    tenant.dependencies.push({
        name: "statsd",
        namespace: "observability",
        podLabels: { app: "statsd" },
        port: 8125,
        protocol: "UDP",
    });
    return config;
}

describe("Tenant", () => {
    let resources: RecordedResource[];
    let outputs: TenantOutputs;
    let tenantUrn: string;

    before(async () => {
        const runtime = await startMocks();
        const { tenants, ...platform } = devConfig();
        outputs = new Tenant("ohlcv-rag", { tenant: tenants[0], platform }).outputs;
        await valueOf(outputs.workloadPrincipals);
        await runtime.settle();
        resources = runtime.resources;
        tenantUrn = component(resources, "ohlcv:security:Tenant", "ohlcv-rag").urn;
    });

    it("composes the namespace, identity, network and mesh components under itself", () => {
        for (const type of [
            "TenantNamespace",
            "WorkloadIdentity",
            "NetworkPolicies",
            "MeshSecurity",
        ]) {
            assert.equal(
                component(resources, `ohlcv:security:${type}`, "ohlcv-rag").parent,
                tenantUrn,
            );
        }
    });

    it("outputs the namespace", async () => {
        assert.equal(await valueOf(outputs.namespace), "ohlcv-system");
    });

    it("outputs each workload's ServiceAccount name", async () => {
        assert.deepEqual(await valueOf(outputs.serviceAccountNames), {
            "ohlcv-rag": "ohlcv-rag",
            indexer: "indexer",
        });
    });

    it("outputs the principals its mesh policies trust", () => {
        assert.deepEqual(outputs.trustedPrincipals, {
            ingress: "cluster.local/ns/ingress-nginx/sa/ingress-nginx",
            prometheus: "cluster.local/ns/monitoring/sa/prometheus",
        });
    });

    it("outputs each workload's mesh principal", async () => {
        assert.deepEqual(await valueOf(outputs.workloadPrincipals), {
            "ohlcv-rag": "cluster.local/ns/ohlcv-system/sa/ohlcv-rag",
            indexer: "cluster.local/ns/ohlcv-system/sa/indexer",
        });
    });

    it("protects the Namespace as protectStatefulResources says (false in dev)", () => {
        const [namespace] = ofType(resources, "kubernetes:core/v1:Namespace");
        assert.equal(namespace.protect, false);
    });

    it("admits workloads to a dependency's pods only where the dependency is in the tenant's namespace", () => {
        const names = ofType(resources, NETWORK_POLICY).map((r) => input(r, "metadata.name"));
        assert.ok(names.includes("chromadb-allow-ingress-from-ohlcv-rag"));
        assert.ok(names.includes("chromadb-allow-ingress-from-indexer"));
        assert.ok(!names.some((name: string) => name.startsWith("statsd-")));
    });

    it("declares everything in two waves: the Namespace, then what names it", () => {
        const [namespace] = ofType(resources, "kubernetes:core/v1:Namespace");
        const objects = kubernetesObjects(resources);
        const firstWave = objects.filter((r) => r.dependencies.length === 0);
        const secondWave = objects.filter((r) => r.dependencies.length > 0);
        assert.deepEqual(firstWave.map((r) => r.type).sort(), [
            "kubernetes:core/v1:Namespace",
            "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
        ]);
        for (const resource of secondWave) {
            assert.deepEqual(resource.dependencies, [namespace.urn], resource.name);
        }
    });

    it("gives every Kubernetes object an explicit name", () => {
        for (const resource of kubernetesObjects(resources)) {
            assert.equal(typeof input(resource, "metadata.name"), "string", resource.name);
        }
    });

    describe("with protectStatefulResources true", () => {
        it("protects the Namespace", async () => {
            const runtime = await startMocks();
            const { tenants, ...platform } = parseBaselineConfig(stackConfig("prod"));
            new Tenant("ohlcv-rag", { tenant: tenants[0], platform });
            await runtime.settle();
            const [namespace] = ofType(runtime.resources, "kubernetes:core/v1:Namespace");
            assert.equal(namespace.protect, true);
        });
    });
});
