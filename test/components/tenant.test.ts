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
const SERVICE_ACCOUNT = "kubernetes:core/v1:ServiceAccount";
const SECRET = "aws:secretsmanager/secret:Secret";
const KMS_KEY = "aws:kms/key:Key";

/** Vault annotations as VaultAccess gives them for the tenant's workloads. */
const VAULT_ANNOTATIONS = {
    "ohlcv-rag": { "vault.hashicorp.com/role": "ohlcv-rag-ohlcv-rag" },
    indexer: { "vault.hashicorp.com/role": "ohlcv-rag-indexer" },
};

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
        outputs = new Tenant("ohlcv-rag", {
            tenant: tenants[0],
            platform,
            vaultAnnotations: VAULT_ANNOTATIONS,
        }).outputs;
        await valueOf(outputs.workloadPrincipals);
        await runtime.settle();
        resources = runtime.resources;
        tenantUrn = component(resources, "ohlcv:security:Tenant", "ohlcv-rag").urn;
    });

    it("composes the namespace, secrets, identity, network and mesh components under itself", () => {
        for (const type of [
            "TenantNamespace",
            "SecretsManager",
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

    it("declares its Kubernetes objects in two waves: the Namespace, then what names it", () => {
        const [namespace] = ofType(resources, "kubernetes:core/v1:Namespace");
        const objects = kubernetesObjects(resources);
        const firstWave = objects.filter((r) => r.dependencies.length === 0);
        const secondWave = objects.filter(
            (r) => r.dependencies.length > 0 && r.type !== SERVICE_ACCOUNT,
        );
        assert.deepEqual(firstWave.map((r) => r.type).sort(), [
            "kubernetes:core/v1:Namespace",
            "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
        ]);
        for (const resource of secondWave) {
            assert.deepEqual(resource.dependencies, [namespace.urn], resource.name);
        }
    });

    it("makes each ServiceAccount wait for the Namespace and the tenant's IRSA role only", () => {
        const [namespace] = ofType(resources, "kubernetes:core/v1:Namespace");
        const reader = resources.find((r) => r.name === "ohlcv-rag-reader");
        assert.ok(reader);
        const accounts = ofType(resources, SERVICE_ACCOUNT);
        assert.equal(accounts.length, 2);
        for (const account of accounts) {
            assert.deepEqual(
                [...account.dependencies].sort(),
                [namespace.urn, reader.urn].sort(),
                account.name,
            );
            assert.deepEqual(
                [...account.propertyDependencies.metadata].sort(),
                [...account.dependencies].sort(),
            );
        }
    });

    it("lets the IRSA role be assumed by exactly the tenant's service accounts", () => {
        const reader = resources.find((r) => r.name === "ohlcv-rag-reader");
        const trust = JSON.parse(reader?.inputs.assumeRolePolicy as string);
        const [statement] = trust.Statement;
        assert.equal(statement.Principal.Federated, devConfig().eksOidcProviderArn);
        const subjects = Object.entries(statement.Condition.StringEquals).find(([k]) =>
            k.endsWith(":sub"),
        )?.[1];
        assert.deepEqual(subjects, [
            "system:serviceaccount:ohlcv-system:ohlcv-rag",
            "system:serviceaccount:ohlcv-system:indexer",
        ]);
    });

    it("declares the tenant's secrets in Secrets Manager with dev's 7-day recovery window", () => {
        const secrets = ofType(resources, SECRET);
        assert.deepEqual(
            secrets.map((r) => [r.inputs.name, r.inputs.recoveryWindowInDays]),
            [
                ["ohlcv-rag/api-key", 7],
                ["ohlcv-rag/db-password", 7],
            ],
        );
    });

    it("rotates each secret as often as secretRotationDays says", () => {
        const rotations = ofType(resources, "aws:secretsmanager/secretRotation:SecretRotation");
        assert.equal(rotations.length, 2);
        for (const rotation of rotations) {
            assert.deepEqual(rotation.inputs.rotationRules, { automaticallyAfterDays: 30 });
        }
    });

    it("lets every workload reach the in-cluster Vault on 8200", () => {
        for (const workload of ["ohlcv-rag", "indexer"]) {
            const policy = ofType(resources, NETWORK_POLICY).find(
                (r) => input(r, "metadata.name") === `${workload}-allow-egress-vault`,
            );
            assert.ok(policy, workload);
            const [rule] = input(policy, "spec.egress");
            assert.deepEqual(rule.to[0].namespaceSelector.matchLabels, {
                "kubernetes.io/metadata.name": "vault",
            });
            assert.deepEqual(rule.ports, [{ protocol: "TCP", port: 8200 }]);
        }
    });

    it("outputs the Vault annotations it is given, by workload", async () => {
        assert.deepEqual(await valueOf(outputs.vaultAnnotations), VAULT_ANNOTATIONS);
    });

    it("outputs each workload's Vault role", async () => {
        assert.deepEqual(await valueOf(outputs.vaultRoles), {
            "ohlcv-rag": "ohlcv-rag-ohlcv-rag",
            indexer: "ohlcv-rag-indexer",
        });
    });

    it("leaves the KMS key and the secrets unprotected as protectStatefulResources says", () => {
        for (const resource of [...ofType(resources, KMS_KEY), ...ofType(resources, SECRET)]) {
            assert.equal(resource.protect, false, resource.name);
        }
    });

    it("gives every Kubernetes object an explicit name", () => {
        for (const resource of kubernetesObjects(resources)) {
            assert.equal(typeof input(resource, "metadata.name"), "string", resource.name);
        }
    });

    describe("with protectStatefulResources true", () => {
        let prod: RecordedResource[];

        before(async () => {
            const runtime = await startMocks();
            const { tenants, ...platform } = parseBaselineConfig(stackConfig("prod"));
            new Tenant("ohlcv-rag", { tenant: tenants[0], platform, vaultAnnotations: {} });
            await runtime.settle();
            prod = runtime.resources;
        });

        it("protects the Namespace", () => {
            const [namespace] = ofType(prod, "kubernetes:core/v1:Namespace");
            assert.equal(namespace.protect, true);
        });

        it("protects the KMS key and every secret", () => {
            const stateful = [...ofType(prod, KMS_KEY), ...ofType(prod, SECRET)];
            assert.equal(stateful.length, 3);
            for (const resource of stateful) {
                assert.equal(resource.protect, true, resource.name);
            }
        });

        it("protects nothing else", () => {
            const unprotected = prod.filter(
                (r) =>
                    r.custom && ![KMS_KEY, SECRET, "kubernetes:core/v1:Namespace"].includes(r.type),
            );
            assert.ok(unprotected.length > 20);
            assert.deepEqual(
                unprotected.filter((r) => r.protect).map((r) => r.name),
                [],
            );
        });
    });

    describe("with a Vault outside the cluster", () => {
        it("lets the workloads reach Vault's address blocks instead of in-cluster pods", async () => {
            const runtime = await startMocks();
            const config = devConfig();
            const { tenants, ...platform } = { ...config, vaultCidrs: ["192.0.2.10/32"] };
            new Tenant("ohlcv-rag", { tenant: tenants[0], platform, vaultAnnotations: {} });
            await runtime.settle();
            const policy = ofType(runtime.resources, NETWORK_POLICY).find(
                (r) => input(r, "metadata.name") === "ohlcv-rag-allow-egress-vault",
            );
            assert.deepEqual(input(policy!, "spec.egress")[0].to, [
                { ipBlock: { cidr: "192.0.2.10/32" } },
            ]);
        });
    });
});
