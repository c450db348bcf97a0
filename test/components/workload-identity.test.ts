import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import { strict as assert } from "assert";

import { IRSA_ROLE_ANNOTATION, WorkloadIdentity } from "../../components/workload-identity";
import {
    byObjectName,
    component,
    input,
    kubernetesObjects,
    ofType,
    RecordedResource,
    startMocks,
    valueOf,
} from "../mocks";

const SERVICE_ACCOUNT = "kubernetes:core/v1:ServiceAccount";
const ROLE = "kubernetes:rbac.authorization.k8s.io/v1:Role";
const ROLE_BINDING = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding";
const CLUSTER_ROLE = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole";
const CLUSTER_ROLE_BINDING = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding";

describe("WorkloadIdentity", () => {
    let resources: RecordedResource[];
    let namespaceUrn: string;
    let accountNames: Record<string, string>;

    before(async () => {
        const runtime = await startMocks();
        const namespace = new k8s.core.v1.Namespace("ns", { metadata: { name: "ohlcv-system" } });
        const identity = new WorkloadIdentity("ohlcv-rag", {
            namespace: namespace.metadata.name,
            clusterNamePrefix: "ohlcv-system",
            workloads: [
                {
                    name: "ohlcv-rag",
                    secretNames: ["ohlcv-rag-chromadb-token"],
                    clusterReadOnly: false,
                },
                { name: "indexer", secretNames: [], clusterReadOnly: true },
            ],
        });
        accountNames = await valueOf(identity.serviceAccountNames);
        await runtime.settle();
        resources = runtime.resources;
        namespaceUrn = ofType(resources, "kubernetes:core/v1:Namespace")[0].urn;
    });

    it("gives each workload a ServiceAccount that mounts no API token", () => {
        for (const name of ["ohlcv-rag", "indexer"]) {
            const account = byObjectName(resources, SERVICE_ACCOUNT, name);
            assert.equal(input(account, "metadata.namespace"), "ohlcv-system");
            assert.equal(input(account, "automountServiceAccountToken"), false);
        }
    });

    it("lets a workload read config maps and get only the Secrets it names", () => {
        assert.deepEqual(input(byObjectName(resources, ROLE, "ohlcv-rag"), "rules"), [
            { apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list", "watch"] },
            {
                apiGroups: [""],
                resources: ["secrets"],
                verbs: ["get"],
                resourceNames: ["ohlcv-rag-chromadb-token"],
            },
        ]);
    });

    it("gives a workload that names no Secret no rule on Secrets at all", () => {
        const rules = input(byObjectName(resources, ROLE, "indexer"), "rules") as {
            resources: string[];
        }[];
        assert.deepEqual(
            rules.flatMap((rule) => rule.resources),
            ["configmaps"],
        );
    });

    it("binds each workload's Role to its ServiceAccount", () => {
        const binding = byObjectName(resources, ROLE_BINDING, "ohlcv-rag");
        assert.deepEqual(input(binding, "roleRef"), {
            apiGroup: "rbac.authorization.k8s.io",
            kind: "Role",
            name: "ohlcv-rag",
        });
        assert.deepEqual(input(binding, "subjects"), [
            { kind: "ServiceAccount", name: "ohlcv-rag", namespace: "ohlcv-system" },
        ]);
    });

    it("grants cluster-wide read-only access only to workloads that ask for it", () => {
        assert.deepEqual(
            ofType(resources, CLUSTER_ROLE).map((r) => input(r, "metadata.name")),
            ["ohlcv-system-indexer-read-only"],
        );
    });

    it("reads nodes, namespaces and pod metrics cluster-wide, and nothing else", () => {
        const role = byObjectName(resources, CLUSTER_ROLE, "ohlcv-system-indexer-read-only");
        assert.deepEqual(input(role, "rules"), [
            { apiGroups: [""], resources: ["nodes", "namespaces"], verbs: ["get", "list"] },
            { apiGroups: ["metrics.k8s.io"], resources: ["pods"], verbs: ["get", "list"] },
        ]);
    });

    it("binds the cluster read-only role to the workload's ServiceAccount", () => {
        const binding = byObjectName(
            resources,
            CLUSTER_ROLE_BINDING,
            "ohlcv-system-indexer-read-only",
        );
        assert.equal(input(binding, "roleRef.kind"), "ClusterRole");
        assert.equal(input(binding, "roleRef.name"), "ohlcv-system-indexer-read-only");
        assert.deepEqual(input(binding, "subjects"), [
            { kind: "ServiceAccount", name: "indexer", namespace: "ohlcv-system" },
        ]);
    });

    it("uses no wildcard in any rule", () => {
        for (const role of [...ofType(resources, ROLE), ...ofType(resources, CLUSTER_ROLE)]) {
            for (const rule of input(role, "rules") as Record<string, string[]>[]) {
                for (const field of ["apiGroups", "resources", "verbs", "resourceNames"]) {
                    assert.ok(!(rule[field] ?? []).includes("*"), `${role.name} ${field}`);
                }
            }
        }
    });

    it("makes every object naming the namespace depend on the Namespace and nothing else", () => {
        const namingIt = kubernetesObjects(resources).filter(
            (r) => ![CLUSTER_ROLE, "kubernetes:core/v1:Namespace"].includes(r.type),
        );
        assert.equal(namingIt.length, 7);
        for (const resource of namingIt) {
            assert.deepEqual(resource.dependencies, [namespaceUrn], resource.name);
        }
    });

    it("makes the ClusterRole depend on nothing", () => {
        assert.deepEqual(ofType(resources, CLUSTER_ROLE)[0].dependencies, []);
    });

    it("parents every object to the component", () => {
        const parent = component(resources, "ohlcv:security:WorkloadIdentity", "ohlcv-rag");
        const children = kubernetesObjects(resources).filter(
            (r) => r.type !== "kubernetes:core/v1:Namespace",
        );
        for (const resource of children) {
            assert.equal(resource.parent, parent.urn, resource.name);
        }
    });

    it("outputs each workload's ServiceAccount name", () => {
        assert.deepEqual(accountNames, { "ohlcv-rag": "ohlcv-rag", indexer: "indexer" });
    });

    it("annotates no ServiceAccount with an IAM role when given none", () => {
        for (const account of ofType(resources, SERVICE_ACCOUNT)) {
            assert.equal(input(account, "metadata.annotations"), undefined, account.name);
        }
    });
});

describe("WorkloadIdentity with an IRSA role", () => {
    const ROLE_ARN = "arn:aws:iam::123456789012:role/ohlcv-rag-reader";
    let resources: RecordedResource[];
    let namespaceUrn: string;
    let roleUrn: string;

    before(async () => {
        const runtime = await startMocks();
        const namespace = new k8s.core.v1.Namespace("ns", { metadata: { name: "ohlcv-system" } });
        const role = new aws.iam.Role("reader", { assumeRolePolicy: "{}" });
        new WorkloadIdentity("ohlcv-rag", {
            namespace: namespace.metadata.name,
            clusterNamePrefix: "ohlcv-system",
            workloads: [
                { name: "ohlcv-rag", secretNames: [], clusterReadOnly: false },
                { name: "indexer", secretNames: [], clusterReadOnly: true },
            ],
            irsaRoleArn: role.name.apply(() => ROLE_ARN),
        });
        await runtime.settle();
        resources = runtime.resources;
        namespaceUrn = ofType(resources, "kubernetes:core/v1:Namespace")[0].urn;
        roleUrn = ofType(resources, "aws:iam/role:Role")[0].urn;
    });

    it("annotates every ServiceAccount with the role for EKS to assume", () => {
        for (const name of ["ohlcv-rag", "indexer"]) {
            const account = byObjectName(resources, SERVICE_ACCOUNT, name);
            assert.deepEqual(input(account, "metadata.annotations"), {
                [IRSA_ROLE_ANNOTATION]: ROLE_ARN,
            });
        }
    });

    it("makes the ServiceAccounts wait for the Namespace and the role, and nothing else", () => {
        for (const account of ofType(resources, SERVICE_ACCOUNT)) {
            assert.deepEqual([...account.dependencies].sort(), [namespaceUrn, roleUrn].sort());
        }
    });

    it("keeps the role out of the Roles' and bindings' dependencies", () => {
        const others = kubernetesObjects(resources).filter(
            (r) => ![SERVICE_ACCOUNT, "kubernetes:core/v1:Namespace"].includes(r.type),
        );
        assert.equal(others.length, 6);
        for (const resource of others) {
            assert.ok(!resource.dependencies.includes(roleUrn), resource.name);
        }
    });
});
