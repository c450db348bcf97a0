/**
 * Runs the program (index.ts) under the mocks with the real dev and prod stack config and checks
 * every Kubernetes object it declares against the upstream schemas: `kubernetes-models` for core
 * kinds, `@kubernetes-models/istio` for Istio's. The Falco Helm Release is left out: it is the
 * provider's record of a chart release, not an object the API server stores.
 */
import { strict as assert } from "assert";
import { LimitRange } from "kubernetes-models/v1/LimitRange";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { ResourceQuota } from "kubernetes-models/v1/ResourceQuota";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { ClusterRole } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole";
import { ClusterRoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding";
import { Role } from "kubernetes-models/rbac.authorization.k8s.io/v1/Role";
import { RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding";

import { kubernetesObjects, RecordedResource, runBaselineProgram, stackConfig } from "./mocks";

const HELM_RELEASE = "kubernetes:helm.sh/v3:Release";

/** The Kubernetes objects the program declares: its Kubernetes resources but the Helm release. */
function apiObjects(resources: RecordedResource[]): RecordedResource[] {
    return kubernetesObjects(resources).filter((r) => r.type !== HELM_RELEASE);
}

/** A model class of either library: built from an object, `validate()` throws when invalid. */
type ModelClass = new (data: any) => { validate(): void };

// TRAP: @kubernetes-models/istio is ESM only (its exports have just an "import" condition), and
// TypeScript compiled to CommonJS turns `import()` into `require()`; this keeps a real import().
// Its types reach their base class only under node16 module resolution, so the module is typed
// here by the classes the test uses.
const importModule = new Function("specifier", "return import(specifier)") as (
    specifier: string,
) => Promise<unknown>;

// LIMITATION: neither library's schemas forbid unknown fields, so a misspelled optional field
// passes; the component tests pin the fields themselves.
async function modelsByKind(): Promise<Record<string, ModelClass>> {
    const istio = (await importModule("@kubernetes-models/istio/security.istio.io/v1")) as Record<
        "PeerAuthentication" | "RequestAuthentication" | "AuthorizationPolicy",
        ModelClass
    >;
    return {
        "v1/Namespace": Namespace,
        "v1/ResourceQuota": ResourceQuota,
        "v1/LimitRange": LimitRange,
        "v1/ServiceAccount": ServiceAccount,
        "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
        "rbac.authorization.k8s.io/v1/Role": Role,
        "rbac.authorization.k8s.io/v1/RoleBinding": RoleBinding,
        "rbac.authorization.k8s.io/v1/ClusterRole": ClusterRole,
        "rbac.authorization.k8s.io/v1/ClusterRoleBinding": ClusterRoleBinding,
        "security.istio.io/v1/PeerAuthentication": istio.PeerAuthentication,
        "security.istio.io/v1/RequestAuthentication": istio.RequestAuthentication,
        "security.istio.io/v1/AuthorizationPolicy": istio.AuthorizationPolicy,
    };
}

function kindOf(resource: RecordedResource): string {
    return `${resource.inputs.apiVersion}/${resource.inputs.kind}`;
}

/** The schema errors of an object, or undefined when it is valid. */
function schemaErrors(models: Record<string, ModelClass>, object: Record<string, unknown>) {
    const Model = models[`${object.apiVersion}/${object.kind}`];
    try {
        new Model(object).validate();
        return undefined;
    } catch (error) {
        return (error as Error).message;
    }
}

/**
 * The dev stack's config plus a cluster-read-only workload, a dependency elsewhere and a Vault
 * outside the cluster.
 */
function devWithEveryOption(): Record<string, string> {
    const config = stackConfig("dev");
    const tenants = JSON.parse(config["security-baseline:tenants"]);
    tenants[0].workloads.push({ name: "indexer", clusterReadOnly: true });
    tenants[0].dependencies.push({
        name: "statsd",
        namespace: "observability",
        podLabels: { app: "statsd" },
        port: 8125,
        protocol: "UDP",
    });
    return {
        ...config,
        "security-baseline:tenants": JSON.stringify(tenants),
        "security-baseline:vaultCidrs": JSON.stringify(["192.0.2.10/32", "2001:db8::10/128"]),
    };
}

const variants: [string, string, () => Record<string, string>][] = [
    ["the dev stack", "dev", () => stackConfig("dev")],
    ["the prod stack", "prod", () => stackConfig("prod")],
    ["the dev stack with every option on", "dev", devWithEveryOption],
];

for (const [title, stack, config] of variants) {
    describe(`the program's objects for ${title}, against the upstream schemas`, () => {
        let models: Record<string, ModelClass>;
        let objects: RecordedResource[];

        before(async () => {
            models = await modelsByKind();
            const run = await runBaselineProgram(config(), stack);
            objects = apiObjects(run.resources);
        });

        it("includes the Falco namespace and leaves the Helm release out", () => {
            const names = objects
                .filter((object) => kindOf(object) === "v1/Namespace")
                .map((object) => (object.inputs.metadata as { name: string }).name);
            assert.deepEqual(names.sort(), ["falco", "ohlcv-system"]);
            assert.ok(objects.every((object) => object.type !== HELM_RELEASE));
        });

        it("has a schema for every kind it declares", () => {
            const unknown = objects.map(kindOf).filter((kind) => !(kind in models));
            assert.deepEqual(unknown, []);
        });

        it("declares only objects the schemas accept", () => {
            assert.ok(objects.length > 15, `only ${objects.length} objects`);
            const invalid = objects
                .map((object) => ({ object, errors: schemaErrors(models, object.inputs) }))
                .filter(({ errors }) => errors !== undefined)
                .map(({ object, errors }) => `${object.name}: ${errors}`);
            assert.deepEqual(invalid, []);
        });
    });
}

describe("the program's objects with every option on", () => {
    it("cover every kind the schema check knows", async () => {
        const models = await modelsByKind();
        const run = await runBaselineProgram(devWithEveryOption(), "dev");
        const kinds = new Set(apiObjects(run.resources).map(kindOf));
        assert.deepEqual([...kinds].sort(), Object.keys(models).sort());
    });
});

describe("the schema check itself", () => {
    let models: Record<string, ModelClass>;
    let objects: RecordedResource[];

    before(async () => {
        models = await modelsByKind();
        objects = apiObjects((await runBaselineProgram(stackConfig("dev"), "dev")).resources);
    });

    const copyOf = (kind: string) => {
        const found = objects.find((object) => kindOf(object) === kind);
        assert.ok(found, kind);
        return JSON.parse(JSON.stringify(found.inputs));
    };

    it("rejects a NetworkPolicy whose ipBlock except is a string, not a list", () => {
        const policy = copyOf("networking.k8s.io/v1/NetworkPolicy");
        policy.spec.egress = [{ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: "10.0.0.0/8" } }] }];
        assert.match(schemaErrors(models, policy) ?? "", /except must be array/);
    });

    it("rejects an AuthorizationPolicy whose ports are numbers, not strings", () => {
        const policy = copyOf("security.istio.io/v1/AuthorizationPolicy");
        policy.spec.rules = [{ to: [{ operation: { ports: [8080] } }] }];
        assert.match(schemaErrors(models, policy) ?? "", /ports\/0 must be string/);
    });

    it("rejects a PeerAuthentication with a mode Istio does not have", () => {
        const peer = copyOf("security.istio.io/v1/PeerAuthentication");
        peer.spec.mtls.mode = "STRICTEST";
        assert.match(schemaErrors(models, peer) ?? "", /mode must be equal to one of/);
    });

    it("rejects a ResourceQuota whose hard limit is not a quantity", () => {
        const quota = copyOf("v1/ResourceQuota");
        quota.spec.hard["requests.cpu"] = "two";
        assert.match(schemaErrors(models, quota) ?? "", /quantity/);
    });
});
