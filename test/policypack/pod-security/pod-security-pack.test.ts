/**
 * What holds for the pod-security policies as a set: one per Pod Security Admission check, the
 * level switch, and no crash on odd input.
 */
import { strict as assert } from "assert";

import { checkResource } from "../harness";
import { podCase } from "./cases";
import { podSecurityPolicies } from "./pod-security-policies";

/** The Pod Security Admission checks of Kubernetes 1.37, each with its policy and level. */
const CHECKS: Record<string, [string, "baseline" | "restricted"]> = {
    windowsHostProcess: ["pss-host-process", "baseline"],
    hostNamespaces: ["pss-host-namespaces", "baseline"],
    privileged: ["pss-privileged", "baseline"],
    capabilities_baseline: ["pss-capabilities-baseline", "baseline"],
    hostPathVolumes: ["pss-host-path-volumes", "baseline"],
    hostPorts: ["pss-host-ports", "baseline"],
    appArmorProfile: ["pss-app-armor-profile", "baseline"],
    seLinuxOptions: ["pss-se-linux-options", "baseline"],
    procMount: ["pss-proc-mount", "baseline"],
    seccompProfile_baseline: ["pss-seccomp-profile-baseline", "baseline"],
    sysctls: ["pss-sysctls", "baseline"],
    hostProbesAndHostLifecycle: ["pss-host-probes-and-host-lifecycle", "baseline"],
    restrictedVolumes: ["pss-restricted-volumes", "restricted"],
    allowPrivilegeEscalation: ["pss-allow-privilege-escalation", "restricted"],
    runAsNonRoot: ["pss-run-as-non-root", "restricted"],
    runAsUser: ["pss-run-as-user", "restricted"],
    seccompProfile_restricted: ["pss-seccomp-profile-restricted", "restricted"],
    capabilities_restricted: ["pss-capabilities-restricted", "restricted"],
    procMount_restricted: ["pss-proc-mount-restricted", "restricted"],
};

const policies = podSecurityPolicies();
const worst = podCase("violates-every-control.yaml", "violates-every-control");

describe("the pod-security policies", () => {
    it("are one per Pod Security Admission check, named and levelled as the check", () => {
        const found = Object.fromEntries(
            policies.map((policy) => [policy.pssCheckId, [policy.name, policy.pssLevel]]),
        );
        assert.deepEqual(found, CHECKS);
    });

    it("each carry a checklist item, a severity and a level defaulting to restricted", () => {
        for (const policy of policies) {
            assert.ok(policy.checklist.length > 0, policy.name);
            assert.ok(policy.severity, policy.name);
            assert.deepEqual(
                policy.configSchema?.properties.level,
                {
                    type: "string",
                    enum: ["baseline", "restricted"],
                    default: "restricted",
                    description: policy.configSchema?.properties.level.description,
                },
                policy.name,
            );
        }
    });

    for (const policy of policies) {
        const restricted = policy.pssLevel === "restricted";

        it(`${policy.name} flags a pod that breaks every control, at restricted`, async () => {
            const messages = await checkResource(policy, worst, { level: "restricted" });
            assert.ok(messages.length > 0);
            assert.ok(
                messages.every((m) => m.startsWith("Pod ohlcv-system/violates-every-control: ")),
            );
        });

        const atBaseline = restricted ? "does nothing" : "still flags it";
        it(`${policy.name} ${atBaseline} at baseline`, async () => {
            const messages = await checkResource(policy, worst, { level: "baseline" });
            assert.equal(messages.length > 0, !restricted);
        });

        it(`${policy.name} enforces restricted where the config carries no level`, async () => {
            const withDefault = await checkResource(policy, worst, { level: "restricted" });
            assert.deepEqual(await checkResource(policy, worst, { level: undefined }), withDefault);
        });
    }

    it("report a level that is not a level, and enforce restricted", async () => {
        const [policy] = policies.filter((p) => p.name === "pss-run-as-user");
        assert.deepEqual(await checkResource(policy, worst, { level: "privileged" }), [
            'policy pss-run-as-user: config key "level" is "privileged";' +
                ' expected "baseline" or "restricted" (enforcing "restricted")',
            "Pod ohlcv-system/violates-every-control: spec.securityContext.runAsUser is 0;" +
                " allowed: a non-zero UID, unset",
        ]);
    });
});

/** Shapes no valid manifest has, but a program or a scanned file may hand the pack. */
const ODD_INPUTS: [string, string, unknown][] = [
    ["null properties", "kubernetes:core/v1:Pod", null],
    ["a spec that is a string", "kubernetes:core/v1:Pod", { spec: "privileged" }],
    ["metadata that is a list", "kubernetes:core/v1:Pod", { metadata: [], spec: {} }],
    ["annotations that are a string", "kubernetes:core/v1:Pod", { metadata: { annotations: "x" } }],
    [
        "container lists that are strings",
        "kubernetes:core/v1:Pod",
        {
            spec: { containers: "app", initContainers: 1, ephemeralContainers: { a: 1 } },
        },
    ],
    [
        "containers that are not objects",
        "kubernetes:core/v1:Pod",
        {
            spec: { containers: [null, 42, "app", [], true] },
        },
    ],
    [
        "security contexts of the wrong shape",
        "kubernetes:core/v1:Pod",
        {
            spec: {
                securityContext: [],
                containers: [
                    { name: 7, securityContext: "restricted" },
                    {
                        name: "app",
                        securityContext: {
                            capabilities: "ALL",
                            seccompProfile: "RuntimeDefault",
                            seLinuxOptions: 3,
                            windowsOptions: [],
                            appArmorProfile: true,
                        },
                    },
                    {
                        name: "caps",
                        securityContext: { capabilities: { add: [null, 1], drop: "ALL" } },
                    },
                ],
            },
        },
    ],
    [
        "ports, probes and handlers of the wrong shape",
        "kubernetes:core/v1:Pod",
        {
            spec: {
                containers: [
                    { name: "a", ports: "8000", livenessProbe: "http", lifecycle: [] },
                    {
                        name: "b",
                        ports: [null, "x", { hostPort: null }],
                        readinessProbe: { httpGet: 1 },
                    },
                ],
            },
        },
    ],
    [
        "sysctls and volumes of the wrong shape",
        "kubernetes:core/v1:Pod",
        {
            spec: {
                securityContext: { sysctls: [null, 3, { name: 4 }] },
                volumes: [null, "v", { name: 3, hostPath: null }, []],
            },
        },
    ],
    ["volumes that are a string", "kubernetes:core/v1:Pod", { spec: { volumes: "data" } }],
    ["an os that is a string", "kubernetes:core/v1:Pod", { spec: { os: "windows" } }],
    [
        "a Deployment whose template is null",
        "kubernetes:apps/v1:Deployment",
        {
            spec: { template: null },
        },
    ],
    [
        "a CronJob whose job template is a string",
        "kubernetes:batch/v1:CronJob",
        {
            spec: { jobTemplate: "nightly" },
        },
    ],
];

describe("the pod-security policies on odd input", () => {
    for (const [what, type, props] of ODD_INPUTS) {
        it(`do not throw on ${what}`, async () => {
            for (const policy of policies) {
                const messages = await checkResource(policy, { type, props: props as any });
                assert.ok(Array.isArray(messages), policy.name);
            }
        });
    }
});
