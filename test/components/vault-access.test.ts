import { parse as parseHcl } from "@cdktf/hcl2json";
import * as assert from "assert";

import { type RecordedResource, startMockRuntime } from "../../cli/mock-runtime";
import {
    tenantPolicyText,
    VaultAccess,
    type VaultAccessArgs,
    vaultAgentAnnotations,
    VAULT_ACCESS_DEFAULTS,
} from "../../components/vault-access";

const ARGS: VaultAccessArgs = {
    kubernetesHost: "https://kubernetes.default.svc",
    tenants: [
        {
            name: "ohlcv-rag",
            namespace: "ohlcv-system",
            workloads: [{ name: "ohlcv-rag", serviceAccountName: "ohlcv-rag" }],
            secrets: ["api-key", "db-password"],
        },
    ],
};

const BACKEND = "vault:index/authBackend:AuthBackend";
const CONFIG = "vault:kubernetes/authBackendConfig:AuthBackendConfig";
const ROLE = "vault:kubernetes/authBackendRole:AuthBackendRole";
const POLICY = "vault:index/policy:Policy";

interface Declared {
    access: VaultAccess;
    resources: RecordedResource[];
    annotations: Record<string, Record<string, Record<string, string>>>;
}

async function declare(args: VaultAccessArgs = ARGS, preview = false): Promise<Declared> {
    const { monitor, settle } = await startMockRuntime({
        project: "security-baseline",
        stack: "test",
        preview,
        config: {},
    });
    const access = new VaultAccess("vault", args);
    const annotations = await new Promise<Declared["annotations"]>((resolve) =>
        access.workloadAnnotations.apply(resolve),
    );
    await settle();
    return { access, resources: monitor.recorded, annotations };
}

function ofType(resources: RecordedResource[], type: string): RecordedResource[] {
    return resources.filter((r) => r.type === type);
}

describe("VaultAccess", () => {
    let declared: Declared;
    let role: RecordedResource;
    let annotations: Record<string, string>;

    before(async () => {
        declared = await declare();
        role = ofType(declared.resources, ROLE)[0];
        annotations = declared.annotations["ohlcv-rag"]["ohlcv-rag"];
    });

    it("declares a Kubernetes auth backend at the mount path it is given", () => {
        const backends = ofType(declared.resources, BACKEND);
        assert.strictEqual(backends.length, 1);
        assert.strictEqual(backends[0].inputs.type, "kubernetes");
        assert.strictEqual(backends[0].inputs.path, "kubernetes");
    });

    it("configures the backend it declares with the API server", () => {
        const configs = ofType(declared.resources, CONFIG);
        assert.strictEqual(configs.length, 1);
        assert.strictEqual(configs[0].inputs.kubernetesHost, "https://kubernetes.default.svc");
        assert.strictEqual(configs[0].inputs.backend, "kubernetes");
    });

    it("declares neither backend nor config when told the backend exists", async () => {
        const reused = await declare({ ...ARGS, createAuthBackend: false, authMountPath: "eks" });
        assert.strictEqual(ofType(reused.resources, BACKEND).length, 0);
        assert.strictEqual(ofType(reused.resources, CONFIG).length, 0);
        assert.strictEqual(ofType(reused.resources, ROLE)[0].inputs.backend, "eks");
    });

    it("binds each role to exactly its service account and namespace", () => {
        assert.deepStrictEqual(role.inputs.boundServiceAccountNames, ["ohlcv-rag"]);
        assert.deepStrictEqual(role.inputs.boundServiceAccountNamespaces, ["ohlcv-system"]);
    });

    it("gives tokens the short TTL and the max TTL from its defaults", () => {
        assert.strictEqual(role.inputs.tokenTtl, VAULT_ACCESS_DEFAULTS.tokenTtlSeconds);
        assert.strictEqual(role.inputs.tokenMaxTtl, VAULT_ACCESS_DEFAULTS.tokenMaxTtlSeconds);
        assert.strictEqual(role.inputs.tokenTtl, 900);
    });

    it("takes the TTLs from its arguments", async () => {
        const other = await declare({ ...ARGS, tokenTtlSeconds: 300, tokenMaxTtlSeconds: 600 });
        const r = ofType(other.resources, ROLE)[0];
        assert.deepStrictEqual([r.inputs.tokenTtl, r.inputs.tokenMaxTtl], [300, 600]);
    });

    it("attaches the tenant's policy to the role and requires the vault audience", () => {
        assert.deepStrictEqual(role.inputs.tokenPolicies, ["tenant-ohlcv-rag-secrets"]);
        assert.strictEqual(role.inputs.audience, "vault");
    });

    it("waits for the role's backend config and policy", () => {
        const config = ofType(declared.resources, CONFIG)[0];
        const policy = ofType(declared.resources, POLICY)[0];
        assert.ok(role.dependencies.includes(config.urn));
        assert.ok(role.dependencies.includes(policy.urn));
    });

    it("parents every resource to the component", () => {
        const component = ofType(declared.resources, "ohlcv:security:VaultAccess")[0];
        const children = declared.resources.filter((r) => r !== component);
        assert.ok(children.length >= 4);
        assert.ok(children.every((r) => r.parent === component.urn));
    });

    it("grants the tenant read on its own KV v2 data paths only", async () => {
        const text = String(ofType(declared.resources, POLICY)[0].inputs.policy);
        const parsed = (await parseHcl("policy.hcl", text)) as any;
        assert.deepStrictEqual(parsed, {
            path: { "secret/data/ohlcv-rag/*": [{ capabilities: ["read"] }] },
        });
    });

    it("uses an HCL parser that rejects a broken policy text", async () => {
        const broken = tenantPolicyText("secret", "ohlcv-rag").replace("]", "");
        await assert.rejects(parseHcl("policy.hcl", broken));
    });

    it("declares no KV secret, so no secret value passes through Pulumi", () => {
        const keys = (value: unknown): string[] =>
            value !== null && typeof value === "object"
                ? Object.entries(value).flatMap(([k, v]) => [k, ...keys(v)])
                : [];
        assert.deepStrictEqual(
            declared.resources.filter((r) => r.type.startsWith("vault:kv/")),
            [],
        );
        assert.ok(!declared.resources.some((r) => keys(r.inputs).includes("dataJson")));
    });

    it("turns injection on with the workload's role and the auth path", () => {
        assert.strictEqual(annotations["vault.hashicorp.com/agent-inject"], "true");
        assert.strictEqual(annotations["vault.hashicorp.com/role"], "ohlcv-rag-ohlcv-rag");
        assert.strictEqual(annotations["vault.hashicorp.com/auth-path"], "auth/kubernetes");
    });

    it("renders each secret to a file of its name from the tenant's KV path", () => {
        for (const secret of ["api-key", "db-password"]) {
            assert.strictEqual(
                annotations[`vault.hashicorp.com/agent-inject-secret-${secret}`],
                `secret/data/ohlcv-rag/${secret}`,
            );
        }
    });

    it("renders just the value of each secret", () => {
        assert.strictEqual(
            annotations["vault.hashicorp.com/agent-inject-template-api-key"],
            '{{- with secret "secret/data/ohlcv-rag/api-key" -}}{{ .Data.data.value }}{{- end -}}',
        );
    });

    it("pre-populates the files and keeps a sidecar to renew them", () => {
        assert.strictEqual(annotations["vault.hashicorp.com/agent-pre-populate"], "true");
        assert.strictEqual(annotations["vault.hashicorp.com/agent-pre-populate-only"], "false");
    });

    it("runs the agent with a security context as a non-root user and group", () => {
        assert.strictEqual(annotations["vault.hashicorp.com/agent-set-security-context"], "true");
        assert.strictEqual(annotations["vault.hashicorp.com/agent-run-as-user"], "65532");
        assert.strictEqual(annotations["vault.hashicorp.com/agent-run-as-group"], "65532");
    });

    it("points the agent at its own projected token volume", () => {
        const volume = declared.access.tokenVolume;
        assert.strictEqual(
            annotations["vault.hashicorp.com/agent-service-account-token-volume-name"],
            volume.name,
        );
        assert.deepStrictEqual(volume.projected.sources[0].serviceAccountToken, {
            audience: "vault",
            expirationSeconds: 600,
            path: "token",
        });
    });

    it("keeps Vault's port out of the mesh's capture unless told otherwise", () => {
        assert.strictEqual(annotations["traffic.sidecar.istio.io/excludeOutboundPorts"], "8200");
        const inMesh = vaultAgentAnnotations("t", "w", [], {
            authMountPath: "kubernetes",
            kvMount: "secret",
            kvValueKey: "value",
            agentRunAsUser: 1000,
            agentRunAsGroup: 1000,
            tokenVolumeName: "vault-token",
            meshExcludedVaultPort: undefined,
        });
        assert.ok(!("traffic.sidecar.istio.io/excludeOutboundPorts" in inMesh));
    });

    it("names no file outside /vault/secrets and no shell command", () => {
        const keys = Object.keys(annotations);
        assert.ok(
            !keys.some(
                (k) => k.includes("agent-inject-file-") || k.includes("agent-inject-command"),
            ),
        );
    });

    it("emits annotations that are all strings, in preview too", async () => {
        const previewed = await declare(ARGS, true);
        const values = Object.values(previewed.annotations["ohlcv-rag"]["ohlcv-rag"]);
        assert.ok(values.every((v) => typeof v === "string"));
    });

    it("refuses a wildcard namespace", () => {
        const tenants = [{ ...ARGS.tenants[0], namespace: "*" }];
        assert.throws(
            () => new VaultAccess("bad", { ...ARGS, tenants }),
            /VaultAccess tenants\[0\].namespace is "\*"; expected a DNS-1123 label, never a wildcard/,
        );
    });

    it("refuses a max TTL below the TTL", () => {
        assert.throws(
            () => new VaultAccess("bad", { ...ARGS, tokenTtlSeconds: 900, tokenMaxTtlSeconds: 60 }),
            /tokenMaxTtlSeconds is 60; expected a whole number of seconds, at least tokenTtlSeconds \(900\)/,
        );
    });

    it("refuses to create a backend without the API server URL", () => {
        assert.throws(
            () => new VaultAccess("bad", { tenants: ARGS.tenants }),
            /kubernetesHost is undefined; expected the API server URL/,
        );
    });

    it("refuses a root agent user", () => {
        assert.throws(
            () => new VaultAccess("bad", { ...ARGS, agentRunAsUser: 0 }),
            /agentRunAsUser/,
        );
    });
});
