/**
 * The program (index.ts) as a whole, run in preview mode under the mock runtime with the real
 * stack configs, as `pulumi preview` runs it: the stack's one VaultAccess and RuntimeDetection,
 * a Tenant with its SecretsManager per tenant, what waits for what, what is protected, what is
 * exported, and that no secret value is anywhere.
 */
import * as pulumi from "@pulumi/pulumi";
import { strict as assert } from "assert";
import * as path from "path";
import * as YAML from "yaml";

import { type ProgramRun, runProgram } from "../cli/mock-runtime";
import { CUSTOM_RULES_FILE } from "../components/falco-rules";
import { CONFIG_NAMESPACE } from "../config";
import { PROJECT_DIR, RecordedResource, stackConfig, startMocks } from "./mocks";

const PROGRAM = path.join(PROJECT_DIR, "index.ts");
const SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
const HELM_RELEASE = "kubernetes:helm.sh/v3:Release";

/** Runs index.ts afresh in preview mode with `config` as the stack's raw config. */
async function preview(config: Record<string, string>, stack: string): Promise<ProgramRun> {
    delete require.cache[require.resolve(PROGRAM)];
    return runProgram(PROGRAM, { project: CONFIG_NAMESPACE, stack, preview: true, config });
}

/** Every key anywhere in a value. */
function keysIn(value: unknown): string[] {
    if (value === null || typeof value !== "object") {
        return [];
    }
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => [k, ...keysIn(v)]);
}

function components(run: ProgramRun, type: string): RecordedResource[] {
    return run.resources.filter((r) => !r.custom && r.type === `ohlcv:security:${type}`);
}

function typeOf(run: ProgramRun, urn: string): string {
    return run.resources.find((r) => r.urn === urn)?.type ?? urn;
}

/** A list of the Falco release's custom rules file, by list name. */
function falcoList(run: ProgramRun, list: string): string[] {
    const release = run.resources.find((r) => r.type === HELM_RELEASE);
    assert.ok(release, "no Helm release");
    const values = release.inputs.values as { customRules: Record<string, string> };
    const entries = YAML.parse(values.customRules[CUSTOM_RULES_FILE]) as {
        list?: string;
        items?: string[];
    }[];
    return (entries.find((e) => e.list === list)?.items ?? []).map((item) => JSON.parse(item));
}

/** The dev stack's config with a second tenant. */
function devWithTwoTenants(): Record<string, string> {
    const config = stackConfig("dev");
    const tenants = JSON.parse(config[`${CONFIG_NAMESPACE}:tenants`]);
    tenants.push({
        ...tenants[0],
        name: "backtest",
        namespace: "backtest-system",
        workloads: [{ name: "runner" }],
        secrets: [{ name: "broker-key" }],
    });
    return { ...config, [`${CONFIG_NAMESPACE}:tenants`]: JSON.stringify(tenants) };
}

for (const stack of ["dev", "prod"]) {
    describe(`the program (index.ts) for the ${stack} stack`, () => {
        let run: ProgramRun;

        before(async () => {
            run = await preview(stackConfig(stack), stack);
        });

        it("declares one VaultAccess, one RuntimeDetection and one Tenant with its SecretsManager", () => {
            const counts = ["VaultAccess", "RuntimeDetection", "Tenant", "SecretsManager"].map(
                (type) => components(run, type).length,
            );
            assert.deepEqual(counts, [1, 1, 1, 1]);
            const [tenant] = components(run, "Tenant");
            assert.equal(components(run, "SecretsManager")[0].parent, tenant.urn);
        });

        it("exports per tenant its namespace, identities, Vault access and AWS ARNs", () => {
            const tenants = run.outputs.tenants as Record<string, Record<string, unknown>>;
            assert.deepEqual(Object.keys(tenants), ["ohlcv-rag"]);
            assert.deepEqual(Object.keys(tenants["ohlcv-rag"]).sort(), [
                "irsaRoleArn",
                "kmsKeyArn",
                "namespace",
                "secretArns",
                "serviceAccountNames",
                "trustedPrincipals",
                "vaultAnnotations",
                "vaultRoles",
                "workloadPrincipals",
            ]);
            assert.deepEqual(tenants["ohlcv-rag"].vaultRoles, {
                "ohlcv-rag": "ohlcv-rag-ohlcv-rag",
            });
        });

        it("exports Vault annotations that render the tenant's two secrets for its workload", () => {
            const tenants = run.outputs.tenants as Record<string, any>;
            const annotations = tenants["ohlcv-rag"].vaultAnnotations["ohlcv-rag"];
            assert.equal(annotations["vault.hashicorp.com/role"], "ohlcv-rag-ohlcv-rag");
            assert.deepEqual(
                Object.keys(annotations)
                    .filter((k) => k.startsWith("vault.hashicorp.com/agent-inject-secret-"))
                    .map((k) => annotations[k]),
                ["secret/data/ohlcv-rag/api-key", "secret/data/ohlcv-rag/db-password"],
            );
        });

        it("exports the Falco namespace and the token volume the Vault agent logs in with", () => {
            assert.equal(run.outputs.falcoNamespace, "falco");
            assert.deepEqual(run.outputs.vaultTokenVolume, {
                name: "vault-token",
                projected: {
                    sources: [
                        {
                            serviceAccountToken: {
                                audience: "vault",
                                expirationSeconds: 600,
                                path: "token",
                            },
                        },
                    ],
                },
            });
        });

        it("holds no SecretVersion and no secretString in its recorded inputs or outputs", () => {
            assert.ok(run.resources.some((r) => r.type === "aws:secretsmanager/secret:Secret"));
            assert.deepEqual(
                run.resources.filter((r) => r.type === SECRET_VERSION).map((r) => r.name),
                [],
            );
            const keys = [
                ...run.resources.flatMap((r) => keysIn(r.inputs)),
                ...keysIn(run.outputs),
            ];
            assert.ok(keys.length > 100);
            assert.ok(!keys.some((k) => /^secret(String|Binary)$/.test(k)));
        });

        it("binds the Vault role to the workload's service account in the tenant namespace", () => {
            const role = run.resources.find(
                (r) => r.type === "vault:kubernetes/authBackendRole:AuthBackendRole",
            );
            assert.deepEqual(
                [role?.inputs.boundServiceAccountNames, role?.inputs.boundServiceAccountNamespaces],
                [["ohlcv-rag"], ["ohlcv-system"]],
            );
            assert.deepEqual([role?.inputs.tokenTtl, role?.inputs.tokenMaxTtl], [900, 3600]);
        });

        it("has Falco watch the tenant namespace and let it reach the cluster's own blocks", () => {
            assert.deepEqual(falcoList(run, "monitored_namespaces"), ["ohlcv-system"]);
            const config = stackConfig(stack);
            const clusterBlocks = [
                ...JSON.parse(config[`${CONFIG_NAMESPACE}:clusterPodCidrs`]),
                ...JSON.parse(config[`${CONFIG_NAMESPACE}:clusterServiceCidrs`]),
            ];
            assert.deepEqual(falcoList(run, "allowed_networks"), clusterBlocks);
        });

        it(`lets ${stack === "dev" ? "busybox debug containers" : "no debug container"} open shells unnoticed`, () => {
            assert.deepEqual(
                falcoList(run, "debug_images"),
                stack === "dev" ? ["docker.io/library/busybox"] : [],
            );
        });

        it(`protects ${stack === "dev" ? "nothing" : "both namespaces, the Falco release, the KMS key and the secrets"}`, () => {
            const protectedTypes = run.resources
                .filter((r) => r.custom && r.protect)
                .map((r) => r.type)
                .sort();
            const expected =
                stack === "dev"
                    ? []
                    : [
                          "aws:kms/key:Key",
                          "aws:secretsmanager/secret:Secret",
                          "aws:secretsmanager/secret:Secret",
                          "kubernetes:core/v1:Namespace",
                          "kubernetes:core/v1:Namespace",
                          HELM_RELEASE,
                      ];
            assert.deepEqual(protectedTypes, expected);
        });

        it("makes Kubernetes objects wait for no cloud resource but the ServiceAccount for its IRSA role", () => {
            const waits = run.resources
                .filter((r) => r.custom && r.type.startsWith("kubernetes:"))
                .flatMap((r) =>
                    r.dependencies
                        .map((urn) => typeOf(run, urn))
                        .filter((type) => !type.startsWith("kubernetes:"))
                        .map((type) => `${r.type} -> ${type}`),
                );
            assert.deepEqual(waits, ["kubernetes:core/v1:ServiceAccount -> aws:iam/role:Role"]);
        });

        it("makes no Vault or AWS resource wait for a Kubernetes object", () => {
            const waits = run.resources
                .filter((r) => r.custom && /^(vault|aws):/.test(r.type))
                .flatMap((r) => r.dependencies.map((urn) => typeOf(run, urn)))
                .filter((type) => type.startsWith("kubernetes:"));
            assert.deepEqual(waits, []);
        });
    });
}

describe("the program (index.ts) with two tenants", () => {
    let run: ProgramRun;

    before(async () => {
        run = await preview(devWithTwoTenants(), "dev");
    });

    it("declares one VaultAccess and one RuntimeDetection, and a SecretsManager per tenant", () => {
        const counts = ["VaultAccess", "RuntimeDetection", "SecretsManager"].map(
            (type) => components(run, type).length,
        );
        assert.deepEqual(counts, [1, 1, 2]);
    });

    it("gives each tenant a Vault policy and its workloads a role, on one auth backend", () => {
        const ofType = (type: string) => run.resources.filter((r) => r.type === type);
        assert.equal(ofType("vault:index/authBackend:AuthBackend").length, 1);
        assert.deepEqual(
            ofType("vault:index/policy:Policy").map((r) => r.inputs.name),
            ["tenant-ohlcv-rag-secrets", "tenant-backtest-secrets"],
        );
        assert.deepEqual(
            ofType("vault:kubernetes/authBackendRole:AuthBackendRole").map(
                (r) => r.inputs.roleName,
            ),
            ["ohlcv-rag-ohlcv-rag", "backtest-runner"],
        );
    });

    it("has Falco watch both tenant namespaces", () => {
        assert.deepEqual(falcoList(run, "monitored_namespaces"), [
            "ohlcv-system",
            "backtest-system",
        ]);
    });

    it("exports each tenant's own Vault annotations", () => {
        const tenants = run.outputs.tenants as Record<string, any>;
        assert.deepEqual(Object.keys(tenants.backtest.vaultAnnotations), ["runner"]);
        assert.equal(
            tenants.backtest.vaultAnnotations.runner["vault.hashicorp.com/role"],
            "backtest-runner",
        );
    });
});

describe("the program (index.ts) reusing an existing Vault auth backend", () => {
    it("declares neither the backend nor its config, and needs no API server URL", async () => {
        const config: Record<string, string> = {
            ...stackConfig("dev"),
            [`${CONFIG_NAMESPACE}:vaultCreateAuthBackend`]: "false",
        };
        delete config[`${CONFIG_NAMESPACE}:vaultKubernetesHost`];
        const run = await preview(config, "dev");
        const vaultTypes = run.resources
            .filter((r) => r.type.startsWith("vault:"))
            .map((r) => r.type);
        assert.deepEqual(vaultTypes.sort(), [
            "vault:index/policy:Policy",
            "vault:kubernetes/authBackendRole:AuthBackendRole",
        ]);
    });
});

describe("the program (index.ts) with a bad config", () => {
    it("stops with a RunError listing the config problems, having declared nothing", async () => {
        const runtime = await startMocks({ "security-baseline:clusterPodCidrs": '["10.0.0.1/8"]' });
        delete require.cache[require.resolve(PROGRAM)];
        assert.throws(
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            () => require(PROGRAM),
            (error: Error) =>
                pulumi.RunError.isInstance(error) &&
                error.message.includes("security-baseline:clusterPodCidrs[0]: found") &&
                error.message.includes("security-baseline:eksOidcProviderArn: found nothing") &&
                error.message.includes("security-baseline:tenants: found nothing"),
        );
        await runtime.settle();
        assert.deepEqual(runtime.resources, []);
    });
});
