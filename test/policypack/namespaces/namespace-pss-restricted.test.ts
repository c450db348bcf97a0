import * as assert from "assert";
import * as path from "path";

import policy from "../../../policypack/policies/namespaces/namespace-pss-restricted";
import { checkResource, type TestResource } from "../harness";
import { describeManifestCases } from "../workloads/manifest-cases";

const ENFORCE = "pod-security.kubernetes.io/enforce";

function namespace(
    name: unknown,
    labels?: unknown,
    type = "kubernetes:core/v1:Namespace",
): TestResource {
    return {
        type,
        name: "ns",
        props: { apiVersion: "v1", kind: "Namespace", metadata: { name, labels } },
    };
}

describe("namespace-pss-restricted", () => {
    it("accepts a namespace that enforces restricted", async () => {
        assert.deepStrictEqual(
            await checkResource(policy, namespace("ohlcv-system", { [ENFORCE]: "restricted" })),
            [],
        );
    });

    it("reports a namespace without the enforce label", async () => {
        assert.deepStrictEqual(await checkResource(policy, namespace("ohlcv-system")), [
            `Namespace ohlcv-system: metadata.labels["${ENFORCE}"] is <unset>; allowed: "restricted" (or the namespace listed in exemptNamespaces)`,
        ]);
    });

    it("reports a namespace that enforces baseline", async () => {
        const [message] = await checkResource(
            policy,
            namespace("ohlcv-system", { [ENFORCE]: "baseline" }),
        );
        assert.match(message, /is "baseline"; allowed: "restricted"/);
    });

    it("does not take a warn or audit label for enforcement", async () => {
        const labels = {
            "pod-security.kubernetes.io/warn": "restricted",
            "pod-security.kubernetes.io/audit": "restricted",
        };
        assert.strictEqual(
            (await checkResource(policy, namespace("ohlcv-system", labels))).length,
            1,
        );
    });

    it("skips a namespace listed in exemptNamespaces", async () => {
        const falco = namespace("falco", { [ENFORCE]: "privileged" });
        assert.deepStrictEqual(
            await checkResource(policy, falco, { exemptNamespaces: ["falco"] }),
            [],
        );
    });

    it("exempts no namespace by default", async () => {
        assert.strictEqual(
            (await checkResource(policy, namespace("falco", { [ENFORCE]: "privileged" }))).length,
            1,
        );
    });

    it("accepts a NamespacePatch that leaves the label alone", async () => {
        const patch = namespace(
            "ohlcv-system",
            { team: "quant" },
            "kubernetes:core/v1:NamespacePatch",
        );
        assert.deepStrictEqual(await checkResource(policy, patch), []);
    });

    it("reports a NamespacePatch that lowers the level", async () => {
        const patch = namespace(
            "ohlcv-system",
            { [ENFORCE]: "privileged" },
            "kubernetes:core/v1:NamespacePatch",
        );
        const [message] = await checkResource(policy, patch);
        assert.match(message, /^NamespacePatch ohlcv-system: .* is "privileged"/);
    });

    it("ignores objects that are not namespaces", async () => {
        const configMap = {
            type: "kubernetes:core/v1:ConfigMap",
            props: { metadata: { name: "x" } },
        };
        const list = namespace("x", undefined, "kubernetes:core/v1:NamespaceList");
        assert.deepStrictEqual(await checkResource(policy, configMap), []);
        assert.deepStrictEqual(await checkResource(policy, list), []);
    });

    it("reports an exemptNamespaces that is not a list of strings, and then exempts none", async () => {
        const falco = namespace("falco", { [ENFORCE]: "privileged" });
        assert.deepStrictEqual(await checkResource(policy, falco, { exemptNamespaces: "falco" }), [
            'policy namespace-pss-restricted: config key "exemptNamespaces" is "falco"; expected a list of strings (using none)',
            `Namespace falco: metadata.labels["${ENFORCE}"] is "privileged"; allowed: "restricted" (or the namespace listed in exemptNamespaces)`,
        ]);
    });

    it("does not throw on odd input", async () => {
        for (const props of [{}, { metadata: null }, { metadata: { labels: "x", name: 3 } }]) {
            await checkResource(policy, { type: "kubernetes:core/v1:Namespace", props });
        }
    });

    describe("manifest cases", () => {
        describeManifestCases(
            policy,
            path.join(__dirname, "cases", "namespace-pss-restricted.yaml"),
            {
                exemptNamespaces: ["falco"],
            },
        );
    });
});
