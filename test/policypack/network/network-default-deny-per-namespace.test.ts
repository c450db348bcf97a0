import * as assert from "assert";
import * as path from "path";

import policy from "../../../policypack/policies/network/network-default-deny-per-namespace";
import { checkStack, loadManifests, type TestResource } from "../harness";
import { podBearing, workloadOf } from "../workloads/pod-bearing";
import {
    countingReads,
    DENY_ALL,
    deployment,
    deploymentPatch,
    listIn,
    namespaceObject,
    networkPolicy,
    syntheticStack,
} from "./stacks";

const NS = "ohlcv-system";

async function missing(resources: TestResource[]): Promise<string[]> {
    return (await checkStack(policy, resources)).map((r) => r.message);
}

describe("network-default-deny-per-namespace", () => {
    it("accepts a workload namespace with a default-deny policy for both directions", async () => {
        assert.deepStrictEqual(await missing([deployment(NS), networkPolicy(NS, DENY_ALL)]), []);
    });

    it("reports a workload namespace without any NetworkPolicy, against its Namespace", async () => {
        const reported = await checkStack(policy, [namespaceObject(NS), deployment(NS)]);
        assert.deepStrictEqual(reported, [
            {
                message:
                    "Namespace ohlcv-system: runs Deployment ohlcv-system/ohlcv-rag but no NetworkPolicy there denies Ingress and Egress by default; allowed: a NetworkPolicy with podSelector: {}, policyTypes [Ingress, Egress] and no ingress or egress rules",
                urn: "urn:pulumi:test::baseline::kubernetes:core/v1:Namespace::ns-ohlcv-system",
            },
        ]);
    });

    it("reports against the first workload when the stack does not declare the Namespace", async () => {
        const [reported] = await checkStack(policy, [deployment(NS)]);
        assert.strictEqual(
            reported.urn,
            "urn:pulumi:test::baseline::kubernetes:apps/v1:Deployment::ohlcv-system-ohlcv-rag",
        );
    });

    it("names only the direction that is missing", async () => {
        const ingressOnly = networkPolicy(NS, { podSelector: {}, policyTypes: ["Ingress"] });
        const [message] = await missing([deployment(NS), ingressOnly]);
        assert.match(
            message,
            /denies Egress by default; allowed: .*policyTypes \[Egress\] and no egress rules$/,
        );
    });

    it("takes an absent policyTypes for Ingress only, as the API server defaults it", async () => {
        const [message] = await missing([deployment(NS), networkPolicy(NS, { podSelector: {} })]);
        assert.match(message, /denies Egress by default/);
    });

    it("does not take a policy with an allow-all egress rule for a default deny", async () => {
        const [message] = await missing([
            deployment(NS),
            networkPolicy(NS, { ...DENY_ALL, egress: [{}] }),
        ]);
        assert.match(message, /denies Egress by default/);
    });

    it("does not take a policy with a narrow ingress rule for a default deny", async () => {
        const spec = {
            ...DENY_ALL,
            ingress: [{ from: [{ podSelector: { matchLabels: { app: "gw" } } }] }],
        };
        const [message] = await missing([deployment(NS), networkPolicy(NS, spec)]);
        assert.match(message, /denies Ingress by default/);
    });

    it("accepts one default-deny policy per direction", async () => {
        const ingress = networkPolicy(
            NS,
            { podSelector: {}, policyTypes: ["Ingress"] },
            "deny-ingress",
        );
        const egress = networkPolicy(
            NS,
            { podSelector: {}, policyTypes: ["Egress"] },
            "deny-egress",
        );
        assert.deepStrictEqual(await missing([deployment(NS), ingress, egress]), []);
    });

    it("takes an absent podSelector for one that selects every pod", async () => {
        assert.deepStrictEqual(
            await missing([
                deployment(NS),
                networkPolicy(NS, { policyTypes: ["Ingress", "Egress"] }),
            ]),
            [],
        );
    });

    it("does not count a policy that selects some pods only", async () => {
        const spec = { ...DENY_ALL, podSelector: { matchLabels: { app: "ohlcv-rag" } } };
        assert.strictEqual((await missing([deployment(NS), networkPolicy(NS, spec)])).length, 1);
    });

    it("does not count a policy with matchExpressions", async () => {
        const spec = {
            ...DENY_ALL,
            podSelector: { matchExpressions: [{ key: "app", operator: "Exists" }] },
        };
        assert.strictEqual((await missing([deployment(NS), networkPolicy(NS, spec)])).length, 1);
    });

    it("does not count a policy of another namespace", async () => {
        assert.strictEqual(
            (await missing([deployment(NS), networkPolicy("other", DENY_ALL)])).length,
            1,
        );
    });

    it("does not count a removed extensions/v1beta1 NetworkPolicy", async () => {
        const old = {
            ...networkPolicy(NS, DENY_ALL),
            type: "kubernetes:extensions/v1beta1:NetworkPolicy",
        };
        assert.strictEqual((await missing([deployment(NS), old])).length, 1);
    });

    it("places a workload without a namespace in default", async () => {
        const [message] = await missing([deployment(undefined)]);
        assert.match(message, /^Namespace default: runs Deployment ohlcv-rag/);
    });

    it("asks nothing of namespaces that run no workloads", async () => {
        assert.deepStrictEqual(await missing([namespaceObject("empty")]), []);
    });

    it("does not count a PodTemplate object as a running workload", async () => {
        const template = workloadOf(podBearing("PodTemplate"), {
            spec: { containers: [{ name: "c" }] },
        });
        assert.deepStrictEqual(await missing([template]), []);
    });

    it("counts the namespace of a DeploymentPatch as running workloads", async () => {
        assert.deepStrictEqual(await missing([deploymentPatch(NS)]), [
            "Namespace ohlcv-system: runs DeploymentPatch ohlcv-system/ohlcv-rag but no NetworkPolicy there denies Ingress and Egress by default; allowed: a NetworkPolicy with podSelector: {}, policyTypes [Ingress, Egress] and no ingress or egress rules",
        ]);
    });

    it("counts each item of a DeploymentList in its own namespace", async () => {
        const list = listIn("Deployment", ["a", "b"]);
        const messages = await missing([list, networkPolicy("a", DENY_ALL)]);
        assert.deepStrictEqual(
            messages.map((m) => m.split(" but ")[0]),
            ["Namespace b: runs DeploymentList tenant-apps"],
        );
    });

    it("does not count a PodTemplateList or a PodTemplatePatch as running workloads", async () => {
        const template = workloadOf(podBearing("PodTemplate"), {
            spec: { containers: [{ name: "c" }] },
        });
        const patch = { ...template, type: `${template.type}Patch` };
        assert.deepStrictEqual(await missing([listIn("PodTemplate", [NS]), patch]), []);
    });

    it("reports each workload namespace once", async () => {
        const messages = await missing([
            deployment("a", "x"),
            deployment("a", "y"),
            deployment("b", "z"),
        ]);
        assert.deepStrictEqual(
            messages.map((m) => m.split(":")[0]),
            ["Namespace a", "Namespace b"],
        );
    });

    it("does not throw on odd input", async () => {
        await checkStack(policy, [
            { type: "kubernetes:networking.k8s.io/v1:NetworkPolicy", props: {} },
            {
                type: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
                props: { spec: { podSelector: "x", policyTypes: "Ingress" } },
            },
            {
                type: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
                props: { metadata: null, spec: { podSelector: { matchLabels: 3 } } },
            },
            { type: "kubernetes:core/v1:Namespace", props: { metadata: { name: 7 } } },
            { type: "kubernetes:apps/v1:Deployment", props: { metadata: { namespace: ["x"] } } },
        ]);
    });

    it("checks 20,000 resources well within a second", async () => {
        const stack = syntheticStack(1000, 17);
        assert.strictEqual(stack.length, 20000);
        const started = process.hrtime.bigint();
        const reported = await checkStack(policy, stack);
        const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
        assert.deepStrictEqual(reported, []);
        assert.ok(elapsedMs < 1000, `took ${elapsedMs.toFixed(0)} ms`);
    });

    it("reads the same number of properties per resource as the stack doubles", async () => {
        const small = countingReads(syntheticStack(250, 17));
        const large = countingReads(syntheticStack(500, 17));
        await checkStack(policy, small.resources);
        await checkStack(policy, large.resources);
        assert.ok(small.reads() > 0);
        assert.strictEqual(large.reads(), 2 * small.reads());
    });

    describe("manifest stacks", () => {
        it("accepts the OHLCV tenant stack", async () => {
            assert.deepStrictEqual(
                await missing(loadManifests(path.join(__dirname, "cases", "tenant-stack.yaml"))),
                [],
            );
        });

        it("reports the tenant stack's namespace once its egress deny is gone", async () => {
            const stack = loadManifests(path.join(__dirname, "cases", "tenant-stack.yaml")).filter(
                (r) => r.name !== "deny-egress",
            );
            const [message] = await missing(stack);
            assert.match(
                message,
                /^Namespace ohlcv-system: runs Deployment ohlcv-system\/ohlcv-rag but no NetworkPolicy there denies Egress/,
            );
        });
    });
});
