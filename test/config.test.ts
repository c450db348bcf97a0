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

/** A raw config with only the required keys, as the CLI hands it: lists and objects as JSON. */
function rawConfig(tenants: unknown[] = [minimalTenant()]): Record<string, string> {
    return {
        [key("clusterPodCidrs")]: JSON.stringify(["10.244.0.0/16"]),
        [key("clusterServiceCidrs")]: JSON.stringify(["10.96.0.0/12"]),
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
            const raw = {
                ...rawConfig([tenant, 7, null]),
                [key("meshTrustDomain")]: "",
                [key("podSecurityVersion")]: "",
            };
            const problems = problemsOf(raw);
            assert.ok(problems.length >= 10, JSON.stringify(problems));
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
