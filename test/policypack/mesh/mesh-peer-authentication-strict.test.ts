import * as assert from "assert";
import * as path from "path";

import policy from "../../../policypack/policies/mesh/mesh-peer-authentication-strict";
import { checkStack, loadManifests, type TestResource } from "../harness";
import {
    countingReads,
    deployment,
    deploymentPatch,
    listIn,
    namespaceObject,
    peerAuthentication,
    syntheticStack,
} from "../network/stacks";

const NS = "ohlcv-system";
const STRICT = { mtls: { mode: "STRICT" } };

async function messages(resources: TestResource[], config: object = {}): Promise<string[]> {
    return (await checkStack(policy, resources, config)).map((r) => r.message);
}

describe("mesh-peer-authentication-strict", () => {
    it("accepts a workload namespace with a namespace-wide STRICT policy", async () => {
        assert.deepStrictEqual(
            await messages([deployment(NS), peerAuthentication(NS, STRICT)]),
            [],
        );
    });

    it("accepts a workload namespace covered by a mesh-wide STRICT policy", async () => {
        assert.deepStrictEqual(
            await messages([deployment(NS), peerAuthentication("istio-system", STRICT)]),
            [],
        );
    });

    it("accepts the v1beta1 API version of PeerAuthentication", async () => {
        const beta = peerAuthentication(NS, STRICT, "default", "v1beta1");
        assert.deepStrictEqual(await messages([deployment(NS), beta]), []);
    });

    it("reports a workload namespace with no PeerAuthentication at all, against its Namespace", async () => {
        const reported = await checkStack(policy, [namespaceObject(NS), deployment(NS)]);
        assert.deepStrictEqual(reported, [
            {
                message:
                    "Namespace ohlcv-system: runs Deployment ohlcv-system/ohlcv-rag but its mutual TLS is not STRICT (no namespace-wide PeerAuthentication and no mesh-wide PeerAuthentication in istio-system); allowed: a PeerAuthentication without selector and with spec.mtls.mode STRICT in ohlcv-system, or one in istio-system for the whole mesh",
                urn: "urn:pulumi:test::baseline::kubernetes:core/v1:Namespace::ns-ohlcv-system",
            },
        ]);
    });

    it("reports a PERMISSIVE mode on the policy itself and on the namespace it leaves open", async () => {
        const reported = await checkStack(policy, [
            deployment(NS),
            peerAuthentication(NS, { mtls: { mode: "PERMISSIVE" } }),
        ]);
        assert.deepStrictEqual(
            reported.map((r) => r.message),
            [
                'PeerAuthentication ohlcv-system/default: spec.mtls.mode is "PERMISSIVE"; allowed: "STRICT" (or UNSET, to inherit a STRICT namespace or mesh policy)',
                "Namespace ohlcv-system: runs Deployment ohlcv-system/ohlcv-rag but its mutual TLS is not STRICT (PeerAuthentication ohlcv-system/default sets PERMISSIVE); allowed: a PeerAuthentication without selector and with spec.mtls.mode STRICT in ohlcv-system, or one in istio-system for the whole mesh",
            ],
        );
        assert.strictEqual(
            reported[0].urn,
            "urn:pulumi:test::baseline::kubernetes:security.istio.io/v1:PeerAuthentication::ohlcv-system-default",
        );
    });

    it("reports a DISABLE mode even where no workload runs", async () => {
        const [message] = await messages([
            peerAuthentication("legacy", { mtls: { mode: "DISABLE" } }),
        ]);
        assert.match(message, /spec\.mtls\.mode is "DISABLE"/);
    });

    it("reports each port-level PERMISSIVE or DISABLE entry", async () => {
        const spec = {
            selector: { matchLabels: { app: "chromadb" } },
            mtls: { mode: "STRICT" },
            portLevelMtls: {
                8000: { mode: "STRICT" },
                9090: { mode: "DISABLE" },
                9091: { mode: "PERMISSIVE" },
            },
        };
        const found = await messages([
            peerAuthentication(NS, STRICT),
            peerAuthentication(NS, spec, "chromadb"),
        ]);
        assert.deepStrictEqual(found, [
            'PeerAuthentication ohlcv-system/chromadb: spec.portLevelMtls["9090"].mode is "DISABLE"; allowed: "STRICT" (or UNSET, to inherit a STRICT namespace or mesh policy)',
            'PeerAuthentication ohlcv-system/chromadb: spec.portLevelMtls["9091"].mode is "PERMISSIVE"; allowed: "STRICT" (or UNSET, to inherit a STRICT namespace or mesh policy)',
        ]);
    });

    it("lets a namespace-wide policy override a STRICT mesh-wide one", async () => {
        const found = await messages([
            deployment(NS),
            peerAuthentication("istio-system", STRICT),
            peerAuthentication(NS, { mtls: { mode: "PERMISSIVE" } }),
        ]);
        assert.strictEqual(found.length, 2);
    });

    it("lets an UNSET namespace-wide policy inherit a STRICT mesh-wide one", async () => {
        const found = await messages([
            deployment(NS),
            peerAuthentication("istio-system", STRICT),
            peerAuthentication(NS, {}),
        ]);
        assert.deepStrictEqual(found, []);
    });

    it("takes an UNSET mesh-wide policy for PERMISSIVE, as Istio does", async () => {
        const [message] = await messages([
            deployment(NS),
            peerAuthentication("istio-system", { mtls: {} }),
        ]);
        assert.match(
            message,
            /not STRICT \(no namespace-wide PeerAuthentication and mesh-wide PeerAuthentication istio-system\/default leaves mtls\.mode unset/,
        );
    });

    it("asks STRICT of the namespace of a DeploymentPatch and of each DeploymentList item", async () => {
        const found = await messages([
            deploymentPatch("a"),
            listIn("Deployment", ["b", "c"]),
            peerAuthentication("c", STRICT),
        ]);
        assert.deepStrictEqual(
            found.map((m) => m.split(" but ")[0]),
            [
                "Namespace a: runs DeploymentPatch a/ohlcv-rag",
                "Namespace b: runs DeploymentList tenant-apps",
            ],
        );
    });

    it("does not count a PodTemplateList as running workloads", async () => {
        assert.deepStrictEqual(await messages([listIn("PodTemplate", [NS])]), []);
    });

    it("does not count a workload-selector policy as namespace-wide", async () => {
        const selected = peerAuthentication(NS, {
            ...STRICT,
            selector: { matchLabels: { app: "ohlcv-rag" } },
        });
        assert.strictEqual((await messages([deployment(NS), selected])).length, 1);
    });

    it("counts a selector with empty matchLabels as namespace-wide, as Istio does", async () => {
        const empty = peerAuthentication(NS, { ...STRICT, selector: { matchLabels: {} } });
        assert.deepStrictEqual(await messages([deployment(NS), empty]), []);
    });

    it("asks every namespace-wide policy of a namespace to be STRICT, Istio picking the oldest", async () => {
        const found = await messages([
            deployment(NS),
            peerAuthentication(NS, STRICT, "a"),
            peerAuthentication(NS, {}, "b"),
        ]);
        assert.match(
            found[0],
            /PeerAuthentication ohlcv-system\/b inherits, and no mesh-wide PeerAuthentication in istio-system/,
        );
    });

    it("reads the mesh root namespace from its config", async () => {
        const config = { meshRootNamespace: "mesh-root" };
        assert.deepStrictEqual(
            await messages([deployment(NS), peerAuthentication("mesh-root", STRICT)], config),
            [],
        );
        assert.strictEqual(
            (await messages([deployment(NS), peerAuthentication("istio-system", STRICT)], config))
                .length,
            1,
        );
    });

    it("reports an empty meshRootNamespace, and then uses istio-system", async () => {
        const stack = [deployment(NS), peerAuthentication("istio-system", STRICT)];
        assert.deepStrictEqual(await messages(stack, { meshRootNamespace: "" }), [
            'policy mesh-peer-authentication-strict: config key "meshRootNamespace" is ""; expected a non-empty string (using "istio-system")',
        ]);
    });

    it("checks the root namespace's own workloads against the mesh-wide policy", async () => {
        const [message] = await messages([deployment("istio-system", "istiod")]);
        assert.match(
            message,
            /^Namespace istio-system: .*\(no mesh-wide PeerAuthentication in istio-system\)/,
        );
    });

    it("reports nothing when requireStrict is false", async () => {
        const stack = [deployment(NS), peerAuthentication(NS, { mtls: { mode: "DISABLE" } })];
        assert.deepStrictEqual(await messages(stack, { requireStrict: false }), []);
    });

    it("reports a requireStrict that is not a boolean, and then requires STRICT", async () => {
        const reported = await checkStack(policy, [deployment(NS)], { requireStrict: "no" });
        assert.deepStrictEqual(reported[0], {
            message:
                'policy mesh-peer-authentication-strict: config key "requireStrict" is "no"; expected true or false (enforcing true)',
            urn: undefined,
        });
        assert.strictEqual(reported.length, 2);
    });

    it("declares requireStrict true and istio-system as root by default in its schema", () => {
        const properties = policy.configSchema?.properties as Record<string, { default?: unknown }>;
        assert.strictEqual(properties.requireStrict.default, true);
        assert.strictEqual(properties.meshRootNamespace.default, "istio-system");
    });

    it("requires STRICT when the config leaves requireStrict out", async () => {
        const noDefaults = { ...policy, configSchema: undefined };
        assert.strictEqual((await checkStack(noDefaults, [deployment(NS)])).length, 1);
    });

    it("does not throw on odd input", async () => {
        await checkStack(policy, [
            peerAuthentication(NS, undefined),
            peerAuthentication(NS, "STRICT", "b"),
            peerAuthentication(NS, { mtls: "STRICT", portLevelMtls: [null, 3] }, "c"),
            peerAuthentication(
                NS,
                { mtls: { mode: 7 }, portLevelMtls: { 80: null }, selector: "x" },
                "d",
            ),
            { type: "kubernetes:security.istio.io/v1:PeerAuthentication", props: {} },
        ]);
    });

    it("checks 20,000 resources well within a second", async () => {
        const stack = syntheticStack(1000, 17);
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
        it("accepts a mesh-wide STRICT policy with a STRICT workload override", async () => {
            assert.deepStrictEqual(
                await messages(loadManifests(path.join(__dirname, "cases", "mesh-strict.yaml"))),
                [],
            );
        });
    });
});
