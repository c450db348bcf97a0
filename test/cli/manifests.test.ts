import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { typeTokenOf, writeManifests } from "../../cli/manifests";

describe("manifests written by the preview", () => {
    it("stay inside their folder whatever the namespace and name say", () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "manifests-"));
        const out = path.join(root, "out");
        const written = writeManifests(out, [
            { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: ".." } },
            {
                apiVersion: "v1",
                kind: "ConfigMap",
                metadata: { name: "../../escaped", namespace: "../.." },
            },
            {
                apiVersion: "v1",
                kind: "ConfigMap",
                metadata: { name: "../../escaped", namespace: "../.." },
            },
        ]);
        assert.strictEqual(written.length, 3);
        for (const file of written) {
            assert.ok(path.resolve(file).startsWith(out + path.sep), `${file} is outside ${out}`);
        }
        assert.deepStrictEqual(fs.readdirSync(root), ["out"]);
    });

    it("are named by namespace, kind and name, cluster-scoped objects under _cluster", () => {
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "manifests-"));
        const written = writeManifests(out, [
            { apiVersion: "v1", kind: "Namespace", metadata: { name: "ohlcv-system" } },
            {
                apiVersion: "v1",
                kind: "ServiceAccount",
                metadata: { name: "app", namespace: "ohlcv-system" },
            },
        ]);
        assert.deepStrictEqual(
            written.map((f) => path.relative(out, f)),
            [
                path.join("_cluster", "namespace-ohlcv-system.yaml"),
                path.join("ohlcv-system", "serviceaccount-app.yaml"),
            ],
        );
    });
});

describe("type tokens of Kubernetes objects", () => {
    it("name the core group for a version without a group", () => {
        assert.strictEqual(typeTokenOf("v1", "Pod"), "kubernetes:core/v1:Pod");
    });

    it("keep the group and version of a grouped API", () => {
        assert.strictEqual(
            typeTokenOf("security.istio.io/v1", "PeerAuthentication"),
            "kubernetes:security.istio.io/v1:PeerAuthentication",
        );
    });
});
