import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";

import { type ProgramRun, type RecordedResource, runProgram } from "../../cli/mock-runtime";
import { parsePreviewArgs, preview } from "../../cli/preview";
import { placementOf } from "../../examples/ohlcv-rag-app/tenant-placement";
import { discoverPolicies } from "../../policypack/discover";
import { checkResource } from "../policypack/harness";

const ROOT = path.join(__dirname, "../..");
const EXAMPLE = path.join(ROOT, "examples/ohlcv-rag-app");
const PROGRAM = path.join(EXAMPLE, "index.ts");
const BASELINE_PROGRAM = path.join(ROOT, "index.ts");

function readYaml(file: string): Record<string, any> {
    return YAML.parse(fs.readFileSync(path.join(EXAMPLE, file), "utf8"));
}

const project = readYaml("Pulumi.yaml");

/**
 * The config the CLI would hand the program for a stack: the project's defaults from Pulumi.yaml
 * overlaid by the stack's Pulumi.<stack>.yaml, every value a string.
 */
function stackConfig(stack: string): Record<string, string> {
    const config: Record<string, string> = {};
    for (const [key, declared] of Object.entries<Record<string, unknown>>(project.config ?? {})) {
        if (declared.default !== undefined) {
            config[`${project.name}:${key}`] = String(declared.default);
        }
    }
    for (const [key, value] of Object.entries(readYaml(`Pulumi.${stack}.yaml`).config ?? {})) {
        config[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return config;
}

/** The baseline's `tenants` output as this test states it. */
function baselineTenants(serviceAccount = "ohlcv-rag-sa"): Record<string, any> {
    return {
        "ohlcv-rag": {
            namespace: "ohlcv-system",
            serviceAccountNames: { "ohlcv-rag": serviceAccount },
            vaultAnnotations: {
                "ohlcv-rag": {
                    "vault.hashicorp.com/agent-inject": "true",
                    "vault.hashicorp.com/role": "ohlcv-rag-ohlcv-rag",
                    "vault.hashicorp.com/agent-run-as-user": "65532",
                    "vault.hashicorp.com/agent-service-account-token-volume-name": "agent-token",
                },
            },
        },
    };
}

/** The baseline's `vaultTokenVolume` output as this test states it. */
function baselineTokenVolume(audience = "vault-test"): Record<string, any> {
    return {
        name: "agent-token",
        projected: {
            sources: [{ serviceAccountToken: { audience, expirationSeconds: 600, path: "token" } }],
        },
    };
}

/** The baseline's outputs this stack reads. */
function baselineOutputs(tenants: unknown = baselineTenants()): Record<string, unknown> {
    return { tenants, vaultTokenVolume: baselineTokenVolume() };
}

async function run(stack: string, outputs = baselineOutputs()): Promise<ProgramRun> {
    // The program is a module: a second run needs a fresh copy, or nothing is declared.
    delete require.cache[require.resolve(PROGRAM)];
    return runProgram(PROGRAM, {
        project: project.name,
        stack,
        preview: true,
        config: stackConfig(stack),
        world: {
            stackReferences: { [`organization/security-baseline/${stack}`]: outputs },
        },
    });
}

function deploymentOf(result: ProgramRun): RecordedResource {
    const deployments = result.resources.filter((r) => r.type === "kubernetes:apps/v1:Deployment");
    assert.strictEqual(deployments.length, 1);
    return deployments[0];
}

for (const [stack, replicas] of [
    ["dev", 1],
    ["prod", 3],
] as const) {
    describe(`the ohlcv-rag-app example, stack ${stack}`, () => {
        let result: ProgramRun;
        before(async () => {
            result = await run(stack);
        });

        it(`reads the baseline stack organization/security-baseline/${stack}`, () => {
            const references = result.resources.filter(
                (r) => r.type === "pulumi:pulumi:StackReference",
            );
            assert.deepStrictEqual(
                references.map((r) => r.inputs.name),
                [`organization/security-baseline/${stack}`],
            );
        });

        it("runs the service in the namespace the baseline gives", () => {
            const metadata = (deploymentOf(result).inputs as any).metadata;
            assert.deepStrictEqual(
                [metadata.name, metadata.namespace],
                ["ohlcv-rag", "ohlcv-system"],
            );
        });

        it("runs the service as the service account the baseline gives", () => {
            const spec = (deploymentOf(result).inputs as any).spec.template.spec;
            assert.strictEqual(spec.serviceAccountName, "ohlcv-rag-sa");
        });

        it(`sets the replica count to ${replicas}`, () => {
            assert.strictEqual((deploymentOf(result).inputs as any).spec.replicas, replicas);
        });

        it("runs the image by digest from the stack config", () => {
            const container = (deploymentOf(result).inputs as any).spec.template.spec.containers[0];
            assert.strictEqual(container.image, stackConfig(stack)["ohlcv-rag-app:image"]);
            assert.match(container.image, /@sha256:[a-f0-9]{64}$/);
        });

        it("merges the baseline's Vault annotations into the pod template", () => {
            const template = (deploymentOf(result).inputs as any).spec.template;
            assert.strictEqual(
                template.metadata.annotations["vault.hashicorp.com/role"],
                "ohlcv-rag-ohlcv-rag",
            );
        });

        it("gives the pod the baseline's token volume for the Vault agent, and no other", () => {
            const volumes = (deploymentOf(result).inputs as any).spec.template.spec.volumes;
            const projected = volumes.filter((v: any) => v.projected !== undefined);
            assert.deepStrictEqual(projected, [baselineTokenVolume()]);
        });

        it("runs the pod as the user the Vault agent renders its files for", () => {
            const spec = (deploymentOf(result).inputs as any).spec.template.spec;
            assert.strictEqual(spec.securityContext.runAsUser, 65532);
            assert.strictEqual(
                spec.securityContext.runAsUser,
                Number(
                    baselineTenants()["ohlcv-rag"].vaultAnnotations["ohlcv-rag"][
                        "vault.hashicorp.com/agent-run-as-user"
                    ],
                ),
            );
        });

        it("points the service at ChromaDB on port 8000", () => {
            const container = (deploymentOf(result).inputs as any).spec.template.spec.containers[0];
            assert.deepStrictEqual(container.env, [
                { name: "CHROMA_HOST", value: "chromadb" },
                { name: "CHROMA_PORT", value: "8000" },
            ]);
        });

        it("declares a Service and a PodDisruptionBudget beside the Deployment", () => {
            const types = result.resources.map((r) => r.type);
            assert.ok(types.includes("kubernetes:core/v1:Service"));
            assert.ok(types.includes("kubernetes:policy/v1:PodDisruptionBudget"));
        });

        it("exports the namespace, deployment and service names", () => {
            assert.deepStrictEqual(result.outputs, {
                namespace: "ohlcv-system",
                deploymentName: "ohlcv-rag",
                serviceName: "ohlcv-rag",
            });
        });

        it("draws no violation from the pack's pod policies", async () => {
            const policies = discoverPolicies().filter((p) => /^(pss|workload)-/.test(p.name));
            const deployment = deploymentOf(result);
            const config: Record<string, object> = {
                "workload-image-registry-allowed": { allowedRegistries: ["ghcr.io/ohlcv"] },
                "workload-image-pinned": { requireDigest: true },
            };
            const reported: string[] = [];
            for (const policy of policies.filter((p) => "validateResource" in p)) {
                const props = deployment.inputs as Record<string, any>;
                const resource = { type: deployment.type, props, name: deployment.name };
                reported.push(...(await checkResource(policy, resource, config[policy.name])));
            }
            assert.deepStrictEqual(reported, []);
        });
    });
}

describe("the ohlcv-rag-app example against odd baseline outputs", () => {
    it("fails with the tenant and the tenants there are when its tenant is missing", async () => {
        await assert.rejects(
            run("dev", baselineOutputs({ "other-tenant": {} })),
            /organization\/security-baseline\/dev: output tenants\["ohlcv-rag"\] is missing; the stack has the tenants \["other-tenant"\]/,
        );
    });

    it("fails naming the key when the workload has no service account", async () => {
        const tenants = { "ohlcv-rag": { namespace: "ohlcv-system", serviceAccountNames: {} } };
        await assert.rejects(
            run("dev", baselineOutputs(tenants)),
            /output tenants\["ohlcv-rag"\]\.serviceAccountNames\["ohlcv-rag"\] is undefined/,
        );
    });

    it("fails naming the output when the baseline has no Vault token volume", async () => {
        await assert.rejects(
            run("dev", { tenants: baselineTenants() }),
            /Required output 'vaultTokenVolume' does not exist on stack 'organization\/security-baseline\/dev'/,
        );
    });
});

describe("tenant placement in the baseline's outputs", () => {
    const where = {
        stack: "organization/security-baseline/dev",
        tenant: "ohlcv-rag",
        workload: "ohlcv-rag",
        runAsUser: 65532,
    };
    const outputs = (tenants: unknown = baselineTenants()) => ({
        tenants,
        vaultTokenVolume: baselineTokenVolume(),
    });

    it("reads the namespace, service account, Vault annotations and token volume of the workload", () => {
        assert.deepStrictEqual(placementOf(outputs(), where), {
            namespace: "ohlcv-system",
            serviceAccountName: "ohlcv-rag-sa",
            vaultAnnotations: baselineTenants()["ohlcv-rag"].vaultAnnotations["ohlcv-rag"],
            vaultTokenVolume: baselineTokenVolume(),
        });
    });

    it("reads service accounts under serviceAccountNames only, the baseline's output name", () => {
        const tenants = baselineTenants();
        tenants["ohlcv-rag"].serviceAccounts = tenants["ohlcv-rag"].serviceAccountNames;
        delete tenants["ohlcv-rag"].serviceAccountNames;
        assert.throws(
            () => placementOf(outputs(tenants), where),
            /tenants\["ohlcv-rag"\]\.serviceAccountNames\["ohlcv-rag"\] is undefined/,
        );
    });

    it("rejects an output that is not a map", () => {
        assert.throws(
            () => placementOf(outputs([]), where),
            /output tenants is \[\]; expected a map keyed by tenant name/,
        );
    });

    it("rejects a tenant without a namespace", () => {
        assert.throws(
            () => placementOf(outputs({ "ohlcv-rag": { serviceAccountNames: {} } }), where),
            /tenants\["ohlcv-rag"\]\.namespace is undefined; expected the tenant namespace's name/,
        );
    });

    it("rejects a workload without Vault annotations", () => {
        const tenants = baselineTenants();
        delete tenants["ohlcv-rag"].vaultAnnotations;
        assert.throws(
            () => placementOf(outputs(tenants), where),
            /tenants\["ohlcv-rag"\]\.vaultAnnotations\["ohlcv-rag"\] is undefined; expected the workload's Vault Agent Injector annotations/,
        );
    });

    it("rejects Vault annotations that are not strings", () => {
        const tenants = baselineTenants();
        tenants["ohlcv-rag"].vaultAnnotations["ohlcv-rag"] = {
            "vault.hashicorp.com/agent-inject": true,
        };
        assert.throws(
            () => placementOf(outputs(tenants), where),
            /vaultAnnotations\["ohlcv-rag"\] is/,
        );
    });

    it("rejects a Vault agent running as another user than the workload", () => {
        const tenants = baselineTenants();
        tenants["ohlcv-rag"].vaultAnnotations["ohlcv-rag"][
            "vault.hashicorp.com/agent-run-as-user"
        ] = "100";
        assert.throws(
            () => placementOf(outputs(tenants), where),
            /\["vault\.hashicorp\.com\/agent-run-as-user"\] is "100"; expected "65532", the user the workload runs as/,
        );
    });

    it("rejects annotations that name another token volume than the baseline's", () => {
        const tenants = baselineTenants();
        tenants["ohlcv-rag"].vaultAnnotations["ohlcv-rag"][
            "vault.hashicorp.com/agent-service-account-token-volume-name"
        ] = "other-token";
        assert.throws(
            () => placementOf(outputs(tenants), where),
            /token-volume-name"\] is "other-token"; expected "agent-token", the name of organization\/security-baseline\/dev: output vaultTokenVolume/,
        );
    });

    it("rejects a token volume without an audience", () => {
        const volume = baselineTokenVolume();
        delete volume.projected.sources[0].serviceAccountToken.audience;
        assert.throws(
            () => placementOf({ tenants: baselineTenants(), vaultTokenVolume: volume }, where),
            /output vaultTokenVolume is .*; expected a projected service account token volume/,
        );
    });
});

describe("the ohlcv-rag-app stack configs", () => {
    it("set every key the project declares without a default, and no undeclared key", () => {
        const declared = Object.keys(project.config);
        const required = declared.filter((key) => project.config[key].default === undefined);
        for (const stack of ["dev", "prod"]) {
            const keys = Object.keys(readYaml(`Pulumi.${stack}.yaml`).config).map((k) =>
                k.replace(`${project.name}:`, ""),
            );
            assert.deepStrictEqual(
                keys.filter((k) => !declared.includes(k)),
                [],
                stack,
            );
            assert.deepStrictEqual(
                required.filter((k) => !keys.includes(k)),
                [],
                stack,
            );
        }
    });
});

describe("the ohlcv-rag-app example under the offline preview", function () {
    this.timeout(120000);

    it("draws no mandatory violation with the app team's policy config", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ohlcv-rag-app-"));
        try {
            const outputs = path.join(dir, "baseline-dev.json");
            const stackReference = "organization/security-baseline/dev";
            const saved = { stackReference, outputs: baselineOutputs() };
            fs.writeFileSync(outputs, JSON.stringify(saved));
            delete require.cache[require.resolve(PROGRAM)];
            const result = await preview(
                parsePreviewArgs([
                    ...["--program", EXAMPLE, "--stack", "dev", "--stack-outputs", outputs],
                    ...["--policy-pack", path.join(__dirname, "../../policypack")],
                    ...["--policy-pack-config", path.join(EXAMPLE, "policy-config.json")],
                ]),
            );
            const mandatory = result.violations.filter((v) => v.enforcementLevel === "mandatory");
            assert.deepStrictEqual(
                mandatory.map((v) => `${v.policyName}: ${v.message}`),
                [],
            );
            assert.ok(result.run.resources.some((r) => r.type === "kubernetes:apps/v1:Deployment"));
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("runs on the outputs an offline preview of the baseline's dev stack wrote", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ohlcv-rag-app-baseline-"));
        try {
            const baselineOut = path.join(dir, "baseline-dev");
            delete require.cache[require.resolve(BASELINE_PROGRAM)];
            await preview(
                parsePreviewArgs([
                    ...["--program", ROOT, "--stack", "dev", "--out", baselineOut],
                    "--skip-policy",
                ]),
            );
            delete require.cache[require.resolve(PROGRAM)];
            const result = await preview(
                parsePreviewArgs([
                    ...["--program", EXAMPLE, "--stack", "dev"],
                    ...["--stack-outputs", path.join(baselineOut, "outputs.json")],
                    ...["--policy-pack", path.join(ROOT, "policypack")],
                    ...["--policy-pack-config", path.join(EXAMPLE, "policy-config.json")],
                ]),
            );
            const mandatory = result.violations.filter((v) => v.enforcementLevel === "mandatory");
            assert.deepStrictEqual(
                mandatory.map((v) => v.message),
                [],
            );
            const template = (deploymentOf(result.run).inputs as any).spec.template;
            assert.strictEqual(
                template.metadata.annotations["vault.hashicorp.com/role"],
                "ohlcv-rag-ohlcv-rag",
            );
            assert.strictEqual(template.spec.serviceAccountName, "ohlcv-rag");
            const token = template.spec.volumes.find((v: any) => v.name === "vault-token");
            assert.strictEqual(token?.projected.sources[0].serviceAccountToken.audience, "vault");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
