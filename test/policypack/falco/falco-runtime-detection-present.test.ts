import * as assert from "assert";

import { startMockRuntime } from "../../../cli/mock-runtime";
import { RuntimeDetection } from "../../../components/runtime-detection";
import policy from "../../../policypack/policies/falco/falco-runtime-detection-present";
import {
    asInPreview,
    checkStackWithDependencies,
    fromRecorded,
    type StackResource,
    UNKNOWN,
} from "../aws/stack-with-dependencies";

const RELEASE = "kubernetes:helm.sh/v3:Release";

function deployment(name = "ohlcv-rag"): StackResource {
    return {
        type: "kubernetes:apps/v1:Deployment",
        name,
        props: {
            metadata: { name, namespace: "ohlcv-system" },
            spec: {
                template: {
                    spec: { containers: [{ name: "app", image: "ghcr.io/ohlcv/rag:1.0" }] },
                },
            },
        },
    };
}

function release(chart: unknown): StackResource {
    return { type: RELEASE, name: "falco", props: { chart, version: "9.1.0" } };
}

function daemonSet(image: string): StackResource {
    return {
        type: "kubernetes:apps/v1:DaemonSet",
        name: "falco",
        props: {
            metadata: { name: "falco" },
            spec: { template: { spec: { containers: [{ name: "falco", image }] } } },
        },
    };
}

describe("falco-runtime-detection-present", () => {
    it("passes a stack whose workloads run beside a release of the falco chart", async () => {
        assert.deepStrictEqual(
            await checkStackWithDependencies(policy, [deployment(), release("falco")]),
            [],
        );
    });

    for (const chart of [
        "falcosecurity/falco",
        "oci://ghcr.io/falcosecurity/charts/falco",
        "https://example.org/charts/falco-9.1.0.tgz",
    ]) {
        it(`recognises the chart reference ${chart}`, async () => {
            assert.deepStrictEqual(
                await checkStackWithDependencies(policy, [deployment(), release(chart)]),
                [],
            );
        });
    }

    it("passes a stack with a DaemonSet running the Falco image", async () => {
        const found = await checkStackWithDependencies(policy, [
            deployment(),
            daemonSet("docker.io/falcosecurity/falco:0.44.1"),
        ]);
        assert.deepStrictEqual(found, []);
    });

    it("flags a stack that runs workloads without Falco, naming the first and counting the rest", async () => {
        const found = await checkStackWithDependencies(policy, [
            deployment("a"),
            deployment("b"),
            deployment("c"),
        ]);
        assert.deepStrictEqual(found, [
            {
                message:
                    "stack runs workloads (Deployment a and 2 more) but no Falco; allowed: a kubernetes:helm.sh/v3:Release of chart falco, or a DaemonSet running falcosecurity/falco",
                urn: undefined,
            },
        ]);
    });

    it("does not take falcosidekick's chart for Falco", async () => {
        assert.strictEqual(
            (
                await checkStackWithDependencies(policy, [
                    deployment(),
                    release("falcosecurity/falcosidekick"),
                ])
            ).length,
            1,
        );
    });

    it("does not take a falcoctl DaemonSet for Falco", async () => {
        const found = await checkStackWithDependencies(policy, [
            deployment(),
            daemonSet("docker.io/falcosecurity/falcoctl:0.13.0"),
        ]);
        assert.strictEqual(found.length, 1);
    });

    it("does not count a lone PodTemplate as a workload: it runs nothing by itself", async () => {
        const template: StackResource = {
            type: "kubernetes:core/v1:PodTemplate",
            name: "template",
            props: { template: { spec: { containers: [{ name: "app", image: "app:1" }] } } },
        };
        assert.deepStrictEqual(await checkStackWithDependencies(policy, [template]), []);
    });

    for (const type of [
        "kubernetes:apps/v1:DeploymentPatch",
        "kubernetes:apps/v1:DeploymentList",
    ]) {
        it(`counts a ${type.split(":")[2]} as a workload`, async () => {
            const found = await checkStackWithDependencies(policy, [
                { type, name: "w", props: {} },
            ]);
            assert.deepStrictEqual(
                found.map((r) => r.message.split(" but ")[0]),
                [`stack runs workloads (${type.split(":")[2]} w)`],
            );
        });
    }

    it("takes an item of a DaemonSetList running the Falco image for Falco", async () => {
        const falco = daemonSet("docker.io/falcosecurity/falco:0.44.1");
        const list: StackResource = {
            type: "kubernetes:apps/v1:DaemonSetList",
            name: "agents",
            props: { items: [daemonSet("falcosecurity/falcoctl:0.13.0").props, falco.props] },
        };
        assert.deepStrictEqual(await checkStackWithDependencies(policy, [deployment(), list]), []);
    });

    it("takes a DaemonSetPatch that sets the Falco image for Falco", async () => {
        const patch = {
            ...daemonSet("falcosecurity/falco-no-driver:0.44.1"),
            type: "kubernetes:apps/v1:DaemonSetPatch",
        };
        assert.deepStrictEqual(await checkStackWithDependencies(policy, [deployment(), patch]), []);
    });

    it("takes a DaemonSetList whose items are unknown for no Falco, without throwing", async () => {
        const list: StackResource = {
            type: "kubernetes:apps/v1:DaemonSetList",
            name: "agents",
            props: asInPreview({ items: UNKNOWN }),
        };
        const found = await checkStackWithDependencies(policy, [deployment(), list]);
        assert.strictEqual(found.length, 1);
    });

    it("asks nothing of a stack that runs no workloads", async () => {
        const namespace = {
            type: "kubernetes:core/v1:Namespace",
            name: "ns",
            props: { metadata: { name: "x" } },
        };
        assert.deepStrictEqual(await checkStackWithDependencies(policy, [namespace]), []);
    });

    it("asks nothing of a stack whose cluster gets Falco from another stack", async () => {
        const found = await checkStackWithDependencies(policy, [deployment()], {
            installedByAnotherStack: true,
        });
        assert.deepStrictEqual(found, []);
    });

    it("reads no property of a workload, so unknown values do not stop it during preview", async () => {
        const unknownWorkload: StackResource = {
            type: "kubernetes:apps/v1:Deployment",
            name: "w",
            props: { metadata: UNKNOWN, spec: UNKNOWN },
        };
        const found = await checkStackWithDependencies(policy, [
            unknownWorkload,
            daemonSet(UNKNOWN),
        ]);
        assert.strictEqual(found.length, 1);
    });

    it("takes an unknown chart for no Falco, without throwing", async () => {
        const props = asInPreview({ chart: UNKNOWN });
        const found = await checkStackWithDependencies(policy, [
            deployment(),
            { type: RELEASE, name: "r", props },
        ]);
        assert.strictEqual(found.length, 1);
    });

    it("passes the RuntimeDetection component's stack beside a tenant workload", async () => {
        const { monitor, settle } = await startMockRuntime({
            project: "security-baseline",
            stack: "test",
            preview: true,
            config: {},
        });
        new RuntimeDetection("runtime", { monitoredNamespaces: ["ohlcv-system"] });
        await settle();
        assert.deepStrictEqual(
            await checkStackWithDependencies(policy, [
                ...fromRecorded(monitor.recorded),
                deployment(),
            ]),
            [],
        );
    });
});
