/**
 * The plumbing every pod-security control shares, stated once over every pod-bearing kind and
 * every container list, with one control standing in for all of them.
 */
import { strict as assert } from "assert";

import hostNamespaces from "../../../policypack/policies/pod-security/host-namespaces";
import privileged from "../../../policypack/policies/pod-security/privileged";
import { CONTAINER_LISTS, POD_BEARING_KINDS } from "../../../policypack/pod-templates";
import { type TestResource, checkResource } from "../harness";
import { podCase } from "./cases";
import { podSecurityPolicies } from "./pod-security-policies";

/** Where each pod-bearing kind holds its pod spec, and its type token: the spec of this test. */
const KINDS: Record<string, { type: string; specPath: string }> = {
    Pod: { type: "kubernetes:core/v1:Pod", specPath: "spec" },
    PodTemplate: { type: "kubernetes:core/v1:PodTemplate", specPath: "template.spec" },
    ReplicationController: {
        type: "kubernetes:core/v1:ReplicationController",
        specPath: "spec.template.spec",
    },
    Deployment: { type: "kubernetes:apps/v1:Deployment", specPath: "spec.template.spec" },
    ReplicaSet: { type: "kubernetes:apps/v1:ReplicaSet", specPath: "spec.template.spec" },
    StatefulSet: { type: "kubernetes:apps/v1:StatefulSet", specPath: "spec.template.spec" },
    DaemonSet: { type: "kubernetes:apps/v1:DaemonSet", specPath: "spec.template.spec" },
    Job: { type: "kubernetes:batch/v1:Job", specPath: "spec.template.spec" },
    CronJob: {
        type: "kubernetes:batch/v1:CronJob",
        specPath: "spec.jobTemplate.spec.template.spec",
    },
};

/** A `kind` object named ohlcv-system/probe whose pod spec is `spec`, at the kind's own path. */
function objectOf(kind: string, spec: object): TestResource {
    const props: Record<string, any> = { metadata: { name: "probe", namespace: "ohlcv-system" } };
    const path = KINDS[kind].specPath.split(".");
    let at = props;
    for (const key of path.slice(0, -1)) {
        at[key] = at[key] ?? {};
        at = at[key];
    }
    at[path[path.length - 1]] = spec;
    return { type: KINDS[kind].type, props };
}

describe("pod-security controls over every pod-bearing kind", () => {
    it("cover exactly the kinds the pod-template module knows", () => {
        assert.deepEqual(Object.keys(KINDS).sort(), [...POD_BEARING_KINDS].sort());
    });

    for (const kind of Object.keys(KINDS)) {
        const specPath = KINDS[kind].specPath;

        for (const list of CONTAINER_LISTS) {
            it(`find a container in ${list} of a ${kind} and name it`, async () => {
                const spec = {
                    [list]: [
                        { name: "quiet", image: "registry.example/app:1" },
                        {
                            name: "loud",
                            image: "registry.example/app:1",
                            securityContext: { privileged: true },
                        },
                    ],
                };
                assert.deepEqual(await checkResource(privileged, objectOf(kind, spec)), [
                    `${kind} ohlcv-system/probe: ${specPath}.${list}[1] ("loud")` +
                        ".securityContext.privileged is true; allowed: false, unset",
                ]);
            });
        }

        it(`find the pod-level fields of a ${kind}`, async () => {
            const spec = { hostPID: true, containers: [{ name: "app", image: "app:1" }] };
            assert.deepEqual(await checkResource(hostNamespaces, objectOf(kind, spec)), [
                `${kind} ohlcv-system/probe: ${specPath}.hostPID is true; allowed: false, unset`,
            ]);
        });

        it(`pass a ${kind} whose pod template breaks no control`, async () => {
            const spec = {
                securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
                containers: [
                    {
                        name: "app",
                        image: "registry.example/app:1",
                        securityContext: {
                            allowPrivilegeEscalation: false,
                            capabilities: { drop: ["ALL"] },
                        },
                    },
                ],
            };
            for (const policy of podSecurityPolicies()) {
                assert.deepEqual(
                    await checkResource(policy, objectOf(kind, spec)),
                    [],
                    policy.name,
                );
            }
        });
    }

    it("name a container without a name by its index", async () => {
        const spec = { containers: [{ image: "app:1", securityContext: { privileged: true } }] };
        const [message] = await checkResource(privileged, objectOf("Pod", spec));
        assert.match(
            message,
            /spec\.containers\[0\] \("#0"\)\.securityContext\.privileged is true/,
        );
    });

    it("name a resource without metadata by its Pulumi name", async () => {
        const resource = {
            type: "kubernetes:core/v1:Pod",
            name: "auto-named",
            props: { spec: { hostIPC: true } },
        };
        assert.deepEqual(await checkResource(hostNamespaces, resource), [
            "Pod auto-named: spec.hostIPC is true; allowed: false, unset",
        ]);
    });
});

describe("pod-security controls over resources that carry no pods", () => {
    const privilegedSpec = {
        containers: [{ name: "app", image: "app:1", securityContext: { privileged: true } }],
        hostNetwork: true,
    };
    const others: [string, TestResource][] = [
        ["a ConfigMap", { type: "kubernetes:core/v1:ConfigMap", props: { spec: privilegedSpec } }],
        [
            "a custom resource whose kind is Deployment",
            {
                type: "kubernetes:example.com/v1:Deployment",
                props: { spec: { template: { spec: privilegedSpec } } },
            },
        ],
        [
            "a resource of another provider",
            { type: "aws:ecs/taskDefinition:TaskDefinition", props: { spec: privilegedSpec } },
        ],
    ];
    for (const [what, resource] of others) {
        it(`skip ${what}`, async () => {
            for (const policy of podSecurityPolicies()) {
                assert.deepEqual(await checkResource(policy, resource), [], policy.name);
            }
        });
    }
});

/** The Patch resource of `kind` (`DeploymentPatch`) whose pod spec is `spec`. */
function patchOf(kind: string, spec: object): TestResource {
    const whole = objectOf(kind, spec);
    return { ...whole, type: `${whole.type}Patch` };
}

/** The List resource of `kind` (`DeploymentList`) named probes, one item per pod spec. */
function listOf(kind: string, specs: object[]): TestResource {
    return {
        type: `${KINDS[kind].type}List`,
        name: "probes",
        props: { items: specs.map((spec) => objectOf(kind, spec).props) },
    };
}

const PRIVILEGED = {
    containers: [{ name: "loud", image: "app:1", securityContext: { privileged: true } }],
};

describe("pod-security controls over the Patch and List resources of every pod-bearing kind", () => {
    for (const kind of Object.keys(KINDS)) {
        const specPath = KINDS[kind].specPath;

        it(`find a privileged container in a ${kind}Patch and name it`, async () => {
            assert.deepEqual(await checkResource(privileged, patchOf(kind, PRIVILEGED)), [
                `${kind}Patch ohlcv-system/probe: ${specPath}.containers[0] ("loud")` +
                    ".securityContext.privileged is true; allowed: false, unset",
            ]);
        });

        it(`find a privileged container in an item of a ${kind}List, at items[i]`, async () => {
            const quiet = { containers: [{ name: "quiet", image: "app:1" }] };
            assert.deepEqual(await checkResource(privileged, listOf(kind, [quiet, PRIVILEGED])), [
                `${kind}List probes: items[1].${specPath}.containers[0] ("loud")` +
                    ".securityContext.privileged is true; allowed: false, unset",
            ]);
        });

        it(`judge of a ${kind}Patch only the fields it sets`, async () => {
            const spec = { containers: [{ name: "app", image: "registry.example/app:2" }] };
            for (const policy of podSecurityPolicies()) {
                assert.deepEqual(await checkResource(policy, patchOf(kind, spec)), [], policy.name);
            }
        });
    }

    it("flag a patch that sets a field the restricted controls require to a refused value", async () => {
        const spec = {
            securityContext: { runAsNonRoot: false, seccompProfile: { type: "Unconfined" } },
            containers: [
                {
                    name: "app",
                    securityContext: { allowPrivilegeEscalation: true, capabilities: { drop: [] } },
                },
            ],
        };
        const flagged: string[] = [];
        for (const policy of podSecurityPolicies()) {
            for (const message of await checkResource(policy, patchOf("Deployment", spec))) {
                flagged.push(message.replace(/^[^:]+: /, "").replace(/; allowed: .*$/, ""));
            }
        }
        assert.deepEqual(flagged.sort(), [
            'spec.template.spec.containers[0] ("app").securityContext.allowPrivilegeEscalation is true',
            'spec.template.spec.containers[0] ("app").securityContext.capabilities.drop is []',
            "spec.template.spec.securityContext.runAsNonRoot is false",
            'spec.template.spec.securityContext.seccompProfile.type is "Unconfined"',
            'spec.template.spec.securityContext.seccompProfile.type is "Unconfined"',
        ]);
    });

    it("draw from a patch each violation of the whole object whose value it sets, no other", async () => {
        const whole = podCase("violates-every-control.yaml", "violates-every-control");
        const patch = { ...whole, type: "kubernetes:core/v1:PodPatch" };
        let dropped = 0;
        for (const policy of podSecurityPolicies()) {
            const fromWhole = await checkResource(policy, whole);
            const set = fromWhole.filter((message) => !/ is <unset>; allowed: /.test(message));
            dropped += fromWhole.length - set.length;
            assert.deepEqual(
                await checkResource(policy, patch),
                set.map((message) => message.replace(/^Pod /, "PodPatch ")),
                policy.name,
            );
        }
        assert.ok(dropped > 0, "the whole object draws no violation of an unset field");
    });

    it("draw from a list item each violation of the same object on its own, at items[i]", async () => {
        const whole = podCase("violates-every-control.yaml", "violates-every-control");
        const list = {
            type: "kubernetes:core/v1:PodList",
            name: "pods",
            props: { items: [{ metadata: { name: "fine" }, spec: {} }, whole.props] },
        };
        for (const policy of podSecurityPolicies()) {
            const fromWhole = await checkResource(policy, whole);
            const fromList = await checkResource(policy, list);
            assert.ok(fromWhole.length > 0, policy.name);
            assert.ok(
                fromList.every((m) => m.startsWith("PodList pods: items[1].spec.")),
                policy.name,
            );
            assert.deepEqual(
                fromList.map((m) => m.replace(/^PodList pods: /, "").replaceAll("items[1].", "")),
                fromWhole.map((m) => m.replace(/^Pod ohlcv-system\/violates-every-control: /, "")),
                policy.name,
            );
        }
    });

    for (const [what, items] of [
        ["no items", []],
        ["items that are not a list", "x"],
        ["items that are not objects", [null, 3, "pod", []]],
    ] as const) {
        it(`find nothing in a list with ${what}`, async () => {
            const list = { type: "kubernetes:apps/v1:DeploymentList", props: { items } };
            for (const policy of podSecurityPolicies()) {
                assert.deepEqual(
                    await checkResource(policy, list as TestResource),
                    [],
                    policy.name,
                );
            }
        });
    }
});
