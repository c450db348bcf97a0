import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

import {
    BaselineConfig,
    CONFIG_KEYS,
    CONFIG_NAMESPACE,
    ConfigError,
    ConfigProblem,
    parseBaselineConfig,
} from "../config";
import { PROJECT_DIR, stackConfig } from "./mocks";

const key = (name: string) => `${CONFIG_NAMESPACE}:${name}`;

/** A tenant as a stack file states it, with only the required fields. */
function minimalTenant(): Record<string, any> {
    return {
        name: "ohlcv-rag",
        namespace: "ohlcv-system",
        api: {
            jwtIssuer: "https://auth.example.com/",
            jwksUri: "https://auth.example.com/.well-known/jwks.json",
        },
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
    };
}

const OIDC_PROVIDER =
    "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-central-1.amazonaws.com/id/ABCDEF";

/** A raw config with only the required keys, as the CLI hands it: lists and objects as JSON. */
function rawConfig(tenants: unknown[] = [minimalTenant()]): Record<string, string> {
    return {
        [key("clusterPodCidrs")]: JSON.stringify(["10.244.0.0/16"]),
        [key("clusterServiceCidrs")]: JSON.stringify(["10.96.0.0/12"]),
        [key("vaultKubernetesHost")]: "https://kubernetes.default.svc",
        [key("eksOidcProviderArn")]: OIDC_PROVIDER,
        [key("tenants")]: JSON.stringify(tenants),
    };
}

function problemsOf(raw: Record<string, string>): readonly ConfigProblem[] {
    try {
        parseBaselineConfig(raw);
    } catch (error) {
        assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${error}`);
        return error.problems;
    }
    assert.fail("expected the config to be rejected");
}

/** Asserts the config is rejected with a problem at `problemKey` that shows `found`. */
function assertProblem(
    raw: Record<string, string>,
    problemKey: string,
    found: string,
    expected: RegExp,
): void {
    let message = "";
    try {
        parseBaselineConfig(raw);
    } catch (error) {
        message = (error as Error).message;
    }
    const problems = problemsOf(raw);
    const problem = problems.find((p) => p.key === problemKey);
    assert.ok(problem, `no problem at ${problemKey}; problems: ${JSON.stringify(problems)}`);
    assert.equal(problem.found, found);
    assert.match(problem.expected, expected);
    assert.ok(
        message.includes(`${problemKey}: found ${found}; expected ${problem.expected}`),
        `the message does not state the problem: ${message}`,
    );
}

function withTenant(patch: Record<string, unknown>): Record<string, string> {
    return rawConfig([{ ...minimalTenant(), ...patch }]);
}

describe("config: the stack configuration", () => {
    describe("valid configurations", () => {
        it("accepts the dev stack file Pulumi.dev.yaml", () => {
            const config = parseBaselineConfig(stackConfig("dev"));
            assert.equal(config.tenants[0].name, "ohlcv-rag");
            assert.equal(config.tenants[0].namespace, "ohlcv-system");
            assert.equal(config.protectStatefulResources, false);
        });

        it("accepts the prod stack file Pulumi.prod.yaml", () => {
            const config = parseBaselineConfig(stackConfig("prod"));
            assert.equal(config.tenants[0].name, "ohlcv-rag");
            assert.equal(config.protectStatefulResources, true);
        });

        it("gives chromadb on port 8000 as ohlcv-rag's dependency in both stacks", () => {
            for (const stack of ["dev", "prod"]) {
                const [tenant] = parseBaselineConfig(stackConfig(stack)).tenants;
                assert.deepEqual(tenant.dependencies, [
                    {
                        name: "chromadb",
                        namespace: "ohlcv-system",
                        podLabels: { "app.kubernetes.io/name": "chromadb" },
                        port: 8000,
                        protocol: "TCP",
                    },
                ]);
            }
        });

        it("applies the default of every key the stack does not set", () => {
            const config = parseBaselineConfig(rawConfig());
            for (const [name, spec] of Object.entries(CONFIG_KEYS)) {
                if ("default" in spec) {
                    assert.deepEqual(config[name as keyof BaselineConfig], spec.default, name);
                }
            }
        });

        it("gives ohlcv-rag an opaque api-key and a database-password db-password in both stacks", () => {
            for (const stack of ["dev", "prod"]) {
                const [tenant] = parseBaselineConfig(stackConfig(stack)).tenants;
                assert.deepEqual(
                    tenant.secrets,
                    [
                        { name: "api-key", kind: "opaque" },
                        { name: "db-password", kind: "database-password" },
                    ],
                    stack,
                );
            }
        });

        it("keeps deleted secrets 7 days in dev and 30 in prod", () => {
            const window = (stack: string) =>
                parseBaselineConfig(stackConfig(stack)).secretRecoveryWindowDays;
            assert.deepEqual([window("dev"), window("prod")], [7, 30]);
        });

        it("lets busybox debug containers open shells in dev and no image in prod", () => {
            const debugImages = (stack: string) =>
                parseBaselineConfig(stackConfig(stack)).falcoDebugImages;
            assert.deepEqual(debugImages("dev"), ["docker.io/library/busybox"]);
            assert.deepEqual(debugImages("prod"), []);
        });

        it("sets the provider keys the real CLI needs in both stacks, as plain values", () => {
            for (const stack of ["dev", "prod"]) {
                const raw = stackConfig(stack);
                assert.equal(raw["aws:region"], "eu-central-1", stack);
                assert.match(raw["vault:address"], /^https:\/\/\S+:8200$/, stack);
            }
        });

        it("gives a secret without a kind the kind opaque", () => {
            const [tenant] = parseBaselineConfig(
                withTenant({ secrets: [{ name: "token" }] }),
            ).tenants;
            assert.deepEqual(tenant.secrets, [{ name: "token", kind: "opaque" }]);
        });

        it("needs no Kubernetes API server when the Vault auth backend exists already", () => {
            const raw = { ...rawConfig(), [key("vaultCreateAuthBackend")]: "false" };
            delete raw[key("vaultKubernetesHost")];
            const config = parseBaselineConfig(raw);
            assert.equal(config.vaultCreateAuthBackend, false);
            assert.equal(config.vaultKubernetesHost, undefined);
        });

        it("reads integer keys as Pulumi hands them, as strings of digits", () => {
            const raw = { ...rawConfig(), [key("vaultTokenTtlSeconds")]: "600" };
            assert.equal(parseBaselineConfig(raw).vaultTokenTtlSeconds, 600);
        });

        it("applies the tenant defaults: ports 8080 and 9090, /api/* with GET and POST", () => {
            const [tenant] = parseBaselineConfig(rawConfig()).tenants;
            assert.equal(tenant.appPort, 8080);
            assert.equal(tenant.metricsPort, 9090);
            assert.deepEqual(tenant.api.paths, ["/api/*"]);
            assert.deepEqual(tenant.api.methods, ["GET", "POST"]);
            assert.deepEqual(tenant.dependencies, []);
        });

        it("gives a tenant without workloads one workload named like the tenant", () => {
            const [tenant] = parseBaselineConfig(rawConfig()).tenants;
            assert.deepEqual(tenant.workloads, [
                { name: "ohlcv-rag", secretNames: [], clusterReadOnly: false },
            ]);
        });

        it("gives a dependency without a namespace the tenant's namespace", () => {
            const raw = withTenant({
                dependencies: [{ name: "chromadb", podLabels: { app: "chromadb" }, port: 8000 }],
            });
            const [tenant] = parseBaselineConfig(raw).tenants;
            assert.equal(tenant.dependencies[0].namespace, "ohlcv-system");
        });

        it("ignores keys of other namespaces, such as aws:region", () => {
            const config = parseBaselineConfig({ ...rawConfig(), "aws:region": "eu-central-1" });
            assert.equal(config.tenants.length, 1);
        });

        it("accepts IPv6 CIDR blocks, compressed or not", () => {
            const raw = {
                ...rawConfig(),
                [key("clusterPodCidrs")]: JSON.stringify(["fd00:10:244::/56", "2001:db8:0:0::/64"]),
            };
            assert.deepEqual(parseBaselineConfig(raw).clusterPodCidrs, [
                "fd00:10:244::/56",
                "2001:db8:0:0::/64",
            ]);
        });

        it("reads booleans as Pulumi hands them, as the strings true and false", () => {
            const raw = { ...rawConfig(), [key("protectStatefulResources")]: "true" };
            assert.equal(parseBaselineConfig(raw).protectStatefulResources, true);
        });
    });

    describe("problems, each naming the key, the value found and what is expected", () => {
        it("rejects a tenant namespace that is not a DNS-1123 label", () => {
            assertProblem(
                withTenant({ namespace: "OHLCV_System" }),
                key("tenants[0].namespace"),
                '"OHLCV_System"',
                /namespace name that is a DNS-1123 label/,
            );
        });

        it("rejects a tenant name that is not a DNS-1123 label", () => {
            assertProblem(
                withTenant({ name: "-ohlcv" }),
                key("tenants[0].name"),
                '"-ohlcv"',
                /tenant name that is a DNS-1123 label/,
            );
        });

        it("rejects a namespace key longer than 63 characters", () => {
            const long = "a".repeat(64);
            assertProblem(
                { ...rawConfig(), [key("dnsNamespace")]: long },
                key("dnsNamespace"),
                JSON.stringify(long),
                /at most 63/,
            );
        });

        it("rejects a port above 65535", () => {
            assertProblem(
                withTenant({ appPort: 70000 }),
                key("tenants[0].appPort"),
                "70000",
                /integer port from 1 to 65535/,
            );
        });

        it("rejects port 0 of a dependency", () => {
            const dependencies = [{ name: "chromadb", podLabels: { app: "chromadb" }, port: 0 }];
            assertProblem(
                withTenant({ dependencies }),
                key("tenants[0].dependencies[0].port"),
                "0",
                /integer port from 1 to 65535/,
            );
        });

        it("rejects an app port the Istio sidecar listens on itself", () => {
            assertProblem(
                withTenant({ appPort: 15006 }),
                key("tenants[0].appPort"),
                "15006",
                /Istio sidecar does not listen on/,
            );
        });

        it("rejects a metrics port equal to the app port", () => {
            assertProblem(
                withTenant({ appPort: 8080, metricsPort: 8080 }),
                key("tenants[0].metricsPort"),
                "8080",
                /other than appPort \(8080\)/,
            );
        });

        it("rejects an IPv4 CIDR block with an octet above 255", () => {
            assertProblem(
                { ...rawConfig(), [key("clusterPodCidrs")]: '["10.256.0.0/16"]' },
                key("clusterPodCidrs[0]"),
                '"10.256.0.0/16"',
                /a CIDR block such as 10\.0\.0\.0\/8/,
            );
        });

        it("rejects an IPv4 address without a prefix length", () => {
            assertProblem(
                { ...rawConfig(), [key("clusterServiceCidrs")]: '["10.96.0.0"]' },
                key("clusterServiceCidrs[0]"),
                '"10.96.0.0"',
                /a CIDR block/,
            );
        });

        it("rejects an IPv6 CIDR block with two '::'", () => {
            assertProblem(
                { ...rawConfig(), [key("clusterPodCidrs")]: '["fd00::10::/64"]' },
                key("clusterPodCidrs[0]"),
                '"fd00::10::/64"',
                /a CIDR block such as .* fd00::\/8/,
            );
        });

        it("rejects an IPv6 prefix length above 128", () => {
            assertProblem(
                { ...rawConfig(), [key("privateCidrs")]: '["fc00::/129"]' },
                key("privateCidrs[0]"),
                '"fc00::/129"',
                /IPv6 prefix length from 1 to 128/,
            );
        });

        it("rejects a /0 block, which could not be excepted from 0.0.0.0/0", () => {
            assertProblem(
                { ...rawConfig(), [key("privateCidrs")]: '["0.0.0.0/0"]' },
                key("privateCidrs[0]"),
                '"0.0.0.0/0"',
                /IPv4 prefix length from 1 to 32/,
            );
        });

        it("rejects a block with host bits set and names its network address", () => {
            assertProblem(
                { ...rawConfig(), [key("clusterPodCidrs")]: '["10.244.1.0/16", "fd00:10::1/64"]' },
                key("clusterPodCidrs[0]"),
                '"10.244.1.0/16"',
                /no host bits set, such as 10\.244\.0\.0\/16/,
            );
            assertProblem(
                { ...rawConfig(), [key("clusterPodCidrs")]: '["fd00:10::1/64"]' },
                key("clusterPodCidrs[0]"),
                '"fd00:10::1/64"',
                /no host bits set, such as fd00:10::\/64/,
            );
        });

        it("rejects an unknown key of the project's namespace and lists the known ones", () => {
            assertProblem(
                { ...rawConfig(), [key("podSecurityVersions")]: "v1.33" },
                key("podSecurityVersions"),
                "an unknown key",
                /one of podSecurityVersion, clusterPodCidrs/,
            );
        });

        it("rejects an unknown key inside a tenant and lists a tenant's keys", () => {
            assertProblem(
                withTenant({ apiPort: 8080 }),
                key("tenants[0].apiPort"),
                "an unknown key",
                /a key of a tenant: one of name, namespace, appPort/,
            );
        });

        it("rejects a missing required key", () => {
            const raw = rawConfig();
            delete raw[key("clusterPodCidrs")];
            assertProblem(
                raw,
                key("clusterPodCidrs"),
                "nothing (the key is not set)",
                /a list of CIDR blocks/,
            );
        });

        it("rejects a tenant without its quota", () => {
            const tenant = minimalTenant();
            delete tenant.quota;
            assertProblem(
                rawConfig([tenant]),
                key("tenants[0].quota"),
                "nothing (the key is not set)",
                /a ResourceQuota/,
            );
        });

        it("rejects an empty tenants list", () => {
            assertProblem(rawConfig([]), key("tenants"), "[]", /at least one tenant/);
        });

        it("rejects a boolean key that is not true or false", () => {
            assertProblem(
                { ...rawConfig(), [key("protectStatefulResources")]: "yes" },
                key("protectStatefulResources"),
                '"yes"',
                /true or false/,
            );
        });

        it("rejects a list key given as a single string", () => {
            assertProblem(
                { ...rawConfig(), [key("clusterPodCidrs")]: "10.244.0.0/16" },
                key("clusterPodCidrs"),
                '"10.244.0.0/16"',
                /a list of CIDR blocks/,
            );
        });

        it("rejects a port given as a string", () => {
            assertProblem(
                withTenant({ appPort: "8080" }),
                key("tenants[0].appPort"),
                '"8080"',
                /integer port/,
            );
        });

        it("rejects two tenants with the same name, naming the first", () => {
            const second = { ...minimalTenant(), namespace: "ohlcv-system-2" };
            assertProblem(
                rawConfig([minimalTenant(), second]),
                key("tenants[1].name"),
                '"ohlcv-rag"',
                /unique in tenants \(tenants\[0\] has it already\)/,
            );
        });

        it("rejects two tenants in the same namespace, naming the first", () => {
            const second = { ...minimalTenant(), name: "other" };
            assertProblem(
                rawConfig([minimalTenant(), second]),
                key("tenants[1].namespace"),
                '"ohlcv-system"',
                /unique in tenants \(tenants\[0\] has it already\)/,
            );
        });

        it("rejects two workloads of a tenant with the same name", () => {
            const workloads = [{ name: "api" }, { name: "api" }];
            assertProblem(
                withTenant({ workloads }),
                key("tenants[0].workloads[1].name"),
                '"api"',
                /unique in workloads/,
            );
        });

        it("rejects latest as the Pod Security version, saying it is not pinned", () => {
            assertProblem(
                { ...rawConfig(), [key("podSecurityVersion")]: "latest" },
                key("podSecurityVersion"),
                '"latest"',
                /pinned Kubernetes minor version such as v1\.33/,
            );
        });

        it("rejects a Pod Security version that is not vX.Y", () => {
            assertProblem(
                { ...rawConfig(), [key("podSecurityVersion")]: "1.33" },
                key("podSecurityVersion"),
                '"1.33"',
                /minor version such as v1\.33/,
            );
        });

        it("rejects a tenant namespace that is a platform namespace", () => {
            assertProblem(
                withTenant({ namespace: "ingress-nginx" }),
                key("tenants[0].namespace"),
                '"ingress-nginx"',
                /ingress-nginx is the platform's security-baseline:ingressNamespace/,
            );
        });

        it("rejects kube-system as a tenant namespace", () => {
            assertProblem(
                withTenant({ namespace: "kube-system" }),
                key("tenants[0].namespace"),
                '"kube-system"',
                /a namespace of the tenant's own/,
            );
        });

        it("rejects a CPU quantity Kubernetes cannot parse", () => {
            const limits = { ...minimalTenant().limits, maxCpu: "two" };
            assertProblem(
                withTenant({ limits }),
                key("tenants[0].limits.maxCpu"),
                '"two"',
                /CPU quantity, such as 500m or 2/,
            );
        });

        it("rejects a memory quantity in milli-bytes, the usual typo for Mi", () => {
            const limits = { ...minimalTenant().limits, defaultMemory: "512m" };
            assertProblem(
                withTenant({ limits }),
                key("tenants[0].limits.defaultMemory"),
                '"512m"',
                /fractions of a byte/,
            );
        });

        it("rejects a default request above the default limit, as the API server would", () => {
            const limits = { ...minimalTenant().limits, defaultRequestCpu: "1" };
            assertProblem(
                withTenant({ limits }),
                key("tenants[0].limits.defaultRequestCpu"),
                '"1"',
                /at most defaultCpu \(500m\)/,
            );
        });

        it("rejects a dependency without pod labels, which would select every pod", () => {
            const dependencies = [{ name: "chromadb", podLabels: {}, port: 8000 }];
            assertProblem(
                withTenant({ dependencies }),
                key("tenants[0].dependencies[0].podLabels"),
                "{}",
                /at least one label/,
            );
        });

        it("rejects a pod label name that is not a Kubernetes label name", () => {
            const dependencies = [{ name: "chromadb", podLabels: { "bad key": "x" }, port: 8000 }];
            assertProblem(
                withTenant({ dependencies }),
                key('tenants[0].dependencies[0].podLabels["bad key"]'),
                'the label name "bad key"',
                /a label name/,
            );
        });

        it("rejects a protocol other than TCP or UDP", () => {
            const dependencies = [
                { name: "chromadb", podLabels: { app: "c" }, port: 8000, protocol: "SCTP" },
            ];
            assertProblem(
                withTenant({ dependencies }),
                key("tenants[0].dependencies[0].protocol"),
                '"SCTP"',
                /TCP or UDP/,
            );
        });

        it("rejects a JWKS URI that is not https", () => {
            const api = { ...minimalTenant().api, jwksUri: "http://auth.example.com/jwks" };
            assertProblem(
                withTenant({ api }),
                key("tenants[0].api.jwksUri"),
                '"http://auth.example.com/jwks"',
                /https:\/\/ URL/,
            );
        });

        it("rejects a method Istio does not know in upper case", () => {
            const api = { ...minimalTenant().api, methods: ["get"] };
            assertProblem(
                withTenant({ api }),
                key("tenants[0].api.methods[0]"),
                '"get"',
                /an HTTP method: one of GET/,
            );
        });

        it("rejects a path with a wildcard in the middle, which Istio cannot match", () => {
            const api = { ...minimalTenant().api, paths: ["/api/*/items"] };
            assertProblem(
                withTenant({ api }),
                key("tenants[0].api.paths[0]"),
                '"/api/*/items"',
                /an Istio path/,
            );
        });

        it("rejects a missing EKS OIDC provider ARN", () => {
            const raw = rawConfig();
            delete raw[key("eksOidcProviderArn")];
            assertProblem(
                raw,
                key("eksOidcProviderArn"),
                "nothing (the key is not set)",
                /ARN of the cluster's IAM OIDC provider/,
            );
        });

        it("rejects an OIDC provider ARN that is the issuer URL instead", () => {
            const issuer = "https://oidc.eks.eu-central-1.amazonaws.com/id/ABCDEF";
            assertProblem(
                { ...rawConfig(), [key("eksOidcProviderArn")]: issuer },
                key("eksOidcProviderArn"),
                JSON.stringify(issuer),
                /arn:aws:iam::<12-digit account>:oidc-provider\//,
            );
        });

        it("rejects a missing Kubernetes API server while Vault's auth backend is to be created", () => {
            const raw = rawConfig();
            delete raw[key("vaultKubernetesHost")];
            assertProblem(
                raw,
                key("vaultKubernetesHost"),
                "nothing (the key is not set)",
                /since security-baseline:vaultCreateAuthBackend is true/,
            );
        });

        it("rejects a Kubernetes API server that is not https", () => {
            assertProblem(
                { ...rawConfig(), [key("vaultKubernetesHost")]: "http://kubernetes.default.svc" },
                key("vaultKubernetesHost"),
                '"http://kubernetes.default.svc"',
                /https:\/\/ URL of the Kubernetes API server/,
            );
        });

        it("rejects a Vault mount path with a space", () => {
            assertProblem(
                { ...rawConfig(), [key("vaultAuthMountPath")]: "my k8s" },
                key("vaultAuthMountPath"),
                '"my k8s"',
                /Vault mount path such as kubernetes/,
            );
        });

        it("rejects a Vault token TTL above the hour the pack allows", () => {
            assertProblem(
                { ...rawConfig(), [key("vaultTokenTtlSeconds")]: "7200" },
                key("vaultTokenTtlSeconds"),
                "7200",
                /seconds from 1 to 3600, the most vault-role-token-ttl-capped allows/,
            );
        });

        it("rejects a Vault token max TTL below its TTL", () => {
            const raw = {
                ...rawConfig(),
                [key("vaultTokenTtlSeconds")]: "900",
                [key("vaultTokenMaxTtlSeconds")]: "600",
            };
            assertProblem(
                raw,
                key("vaultTokenMaxTtlSeconds"),
                "600",
                /at least security-baseline:vaultTokenTtlSeconds \(900\)/,
            );
        });

        it("rejects a Vault audience with a space", () => {
            assertProblem(
                { ...rawConfig(), [key("vaultAudience")]: "vault prod" },
                key("vaultAudience"),
                '"vault prod"',
                /no spaces/,
            );
        });

        it("rejects a Vault port above 65535", () => {
            assertProblem(
                { ...rawConfig(), [key("vaultPort")]: "82000" },
                key("vaultPort"),
                "82000",
                /integer port from 1 to 65535/,
            );
        });

        it("rejects an external Vault block with host bits set", () => {
            assertProblem(
                { ...rawConfig(), [key("vaultCidrs")]: '["192.0.2.10/24"]' },
                key("vaultCidrs[0]"),
                '"192.0.2.10/24"',
                /no host bits set, such as 192\.0\.2\.0\/24/,
            );
        });

        it("rejects a recovery window below the 7 days Secrets Manager allows", () => {
            assertProblem(
                { ...rawConfig(), [key("secretRecoveryWindowDays")]: "0" },
                key("secretRecoveryWindowDays"),
                "0",
                /days from 7 to 30, as Secrets Manager allows/,
            );
        });

        it("rejects a rotation period beyond the 30 days the pack allows", () => {
            assertProblem(
                { ...rawConfig(), [key("secretRotationDays")]: "90" },
                key("secretRotationDays"),
                "90",
                /days from 1 to 30, the most aws-secret-rotation-within-days allows/,
            );
        });

        it("rejects a key administrator that is not an IAM role or user ARN", () => {
            assertProblem(
                { ...rawConfig(), [key("secretKeyAdministratorArns")]: '["security-admin"]' },
                key("secretKeyAdministratorArns[0]"),
                '"security-admin"',
                /IAM role or user ARN/,
            );
        });

        it("rejects a Falco debug image given with a tag", () => {
            assertProblem(
                { ...rawConfig(), [key("falcoDebugImages")]: '["busybox:1.36"]' },
                key("falcoDebugImages[0]"),
                '"busybox:1.36"',
                /image repository without tag or digest/,
            );
        });

        it("rejects a Falco allowed image given by digest", () => {
            const image = "docker.io/library/nginx@sha256:0123abcd";
            assertProblem(
                { ...rawConfig(), [key("falcoAllowedImages")]: JSON.stringify([image]) },
                key("falcoAllowedImages[0]"),
                JSON.stringify(image),
                /image repository without tag or digest/,
            );
        });

        it("rejects a Falco outbound block that is not a CIDR block", () => {
            assertProblem(
                { ...rawConfig(), [key("falcoAllowedOutboundCidrs")]: '["203.0.113.7"]' },
                key("falcoAllowedOutboundCidrs[0]"),
                '"203.0.113.7"',
                /a CIDR block/,
            );
        });

        it("rejects a tenant namespace that is the Falco namespace, which is privileged", () => {
            assertProblem(
                withTenant({ namespace: "falco" }),
                key("tenants[0].namespace"),
                '"falco"',
                /falco is the platform's security-baseline:falcoNamespace/,
            );
        });

        it("rejects a tenant namespace that is the Vault namespace", () => {
            assertProblem(
                withTenant({ namespace: "vault" }),
                key("tenants[0].namespace"),
                '"vault"',
                /vault is the platform's security-baseline:vaultNamespace/,
            );
        });

        it("rejects kube-system as the Falco namespace", () => {
            assertProblem(
                { ...rawConfig(), [key("falcoNamespace")]: "kube-system" },
                key("falcoNamespace"),
                '"kube-system"',
                /a namespace of Falco's own \(kube-system is reserved for Kubernetes\)/,
            );
        });

        it("rejects a Falco namespace that is another platform namespace", () => {
            assertProblem(
                { ...rawConfig(), [key("falcoNamespace")]: "monitoring" },
                key("falcoNamespace"),
                '"monitoring"',
                /monitoring is the platform's security-baseline:monitoringNamespace/,
            );
        });

        it("rejects a secret name too long for the Vault Agent's annotation keys", () => {
            const name = "a".repeat(42);
            assertProblem(
                withTenant({ secrets: [{ name }] }),
                key("tenants[0].secrets[0].name"),
                JSON.stringify(name),
                /at most 41 lower-case letters/,
            );
        });

        it("rejects a secret kind the rotation function does not know", () => {
            assertProblem(
                withTenant({ secrets: [{ name: "api-key", kind: "password" }] }),
                key("tenants[0].secrets[0].kind"),
                '"password"',
                /a secret kind: one of opaque, database-password/,
            );
        });

        it("rejects two secrets of a tenant with the same name", () => {
            const secrets = [{ name: "api-key" }, { name: "api-key", kind: "opaque" }];
            assertProblem(
                withTenant({ secrets }),
                key("tenants[0].secrets[1].name"),
                '"api-key"',
                /unique in secrets \(secrets\[0\] has it already\)/,
            );
        });

        it("reports every problem at once, not only the first", () => {
            const raw = {
                ...withTenant({ namespace: "Bad", appPort: 0 }),
                [key("protectStatefulResources")]: "yes",
                [key("unknownKey")]: "x",
            };
            const keys = problemsOf(raw).map((p) => p.key);
            assert.deepEqual([...keys].sort(), [
                key("protectStatefulResources"),
                key("tenants[0].appPort"),
                key("tenants[0].namespace"),
                key("unknownKey"),
            ]);
        });

        it("reports duplicates alongside the other problems of the tenants", () => {
            const broken = { ...minimalTenant(), name: "other", namespace: "other", appPort: -1 };
            const raw = rawConfig([broken, minimalTenant(), minimalTenant()]);
            const keys = problemsOf(raw).map((p) => p.key);
            assert.ok(keys.includes(key("tenants[0].appPort")));
            assert.ok(keys.includes(key("tenants[2].name")));
        });

        it("words every message itself, none in the schema library's default words", () => {
            const tenant: Record<string, any> = {
                ...minimalTenant(),
                name: 5,
                workloads: "api",
                dependencies: [{ name: "x", podLabels: "app=x", port: "80", protocol: 6 }],
            };
            tenant.quota = { ...tenant.quota, pods: "20" };
            tenant.api = { ...tenant.api, audiences: [], paths: "/api" };
            tenant.secrets = [{ name: 7, kind: "x" }, "api-key"];
            const raw = {
                ...rawConfig([tenant, 7, null]),
                [key("meshTrustDomain")]: "",
                [key("podSecurityVersion")]: "",
                [key("vaultTokenTtlSeconds")]: "soon",
                [key("vaultCreateAuthBackend")]: "maybe",
                [key("vaultCidrs")]: "192.0.2.0/24",
                [key("falcoDebugImages")]: "[5]",
                [key("secretKeyAdministratorArns")]: '{"admin": true}',
            };
            const problems = problemsOf(raw);
            assert.ok(problems.length >= 17, JSON.stringify(problems));
            for (const problem of problems) {
                assert.doesNotMatch(problem.expected, /Invalid|received|Expected|Unrecognized/);
            }
        });
    });

    describe("Pulumi.yaml", () => {
        const project = YAML.parse(fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), "utf8"));
        const declared = project.config as Record<string, Record<string, unknown>>;

        it("names the project after the config namespace", () => {
            assert.equal(project.name, CONFIG_NAMESPACE);
        });

        it("declares every key config.ts knows with the same type, except tenants", () => {
            for (const [name, spec] of Object.entries(CONFIG_KEYS)) {
                if (spec.pulumiType === undefined) {
                    assert.equal(declared[name], undefined, `${name} cannot be declared`);
                    continue;
                }
                assert.equal(declared[name]?.type, spec.pulumiType, name);
                if (spec.pulumiType === "array") {
                    assert.deepEqual(declared[name].items, { type: "string" }, name);
                }
            }
        });

        it("declares no key config.ts does not know", () => {
            for (const name of Object.keys(declared)) {
                assert.ok(name in CONFIG_KEYS, `${name} is declared but unknown to config.ts`);
            }
        });

        it("states the same defaults as config.ts, and none where config.ts has none", () => {
            for (const [name, spec] of Object.entries(CONFIG_KEYS)) {
                if (spec.pulumiType !== undefined) {
                    assert.deepEqual(declared[name].default, spec.default, name);
                }
            }
        });

        it("describes every key it declares", () => {
            for (const [name, declaration] of Object.entries(declared)) {
                assert.equal(typeof declaration.description, "string", name);
                assert.ok((declaration.description as string).length > 20, name);
            }
        });

        it("documents the undeclarable tenants key in a comment marked LIMITATION", () => {
            const text = fs.readFileSync(path.join(PROJECT_DIR, "Pulumi.yaml"), "utf8");
            assert.match(text, /# tenants \(required/);
            assert.match(text, /# LIMITATION: .*tenants/s);
        });
    });
});
