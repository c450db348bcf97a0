import * as assert from "assert";
import * as path from "path";

import policy from "../../../policypack/policies/mesh/mesh-no-allow-all-authorization";
import { checkResource, type TestResource } from "../harness";
import { describeManifestCases } from "../workloads/manifest-cases";

function authorization(spec: unknown, version = "v1"): TestResource {
    return {
        type: `kubernetes:security.istio.io/${version}:AuthorizationPolicy`,
        name: "policy",
        props: {
            apiVersion: `security.istio.io/${version}`,
            kind: "AuthorizationPolicy",
            metadata: { name: "policy", namespace: "ohlcv-system" },
            spec,
        },
    };
}

async function check(spec: unknown, version?: string): Promise<string[]> {
    return checkResource(policy, authorization(spec, version));
}

const FROM_RAG = {
    from: [{ source: { principals: ["cluster.local/ns/ohlcv-system/sa/ohlcv-rag"] } }],
};

describe("mesh-no-allow-all-authorization", () => {
    it("reports an ALLOW policy with the empty rule", async () => {
        assert.deepStrictEqual(await check({ action: "ALLOW", rules: [{}] }), [
            'AuthorizationPolicy ohlcv-system/policy: spec.rules[0] is {}; allowed: rules that name the sources, operations or conditions they allow (it has no source, operation or condition, so it matches every request; action is "ALLOW")',
        ]);
    });

    it("takes an unset action for ALLOW", async () => {
        const [message] = await check({ rules: [{}] });
        assert.match(message, /action is "ALLOW"\)$/);
    });

    it("reports the v1beta1 API version as well", async () => {
        assert.strictEqual((await check({ rules: [{}] }, "v1beta1")).length, 1);
    });

    it("reports a rule whose from and to lists are empty", async () => {
        assert.strictEqual((await check({ rules: [{ from: [], to: [] }] })).length, 1);
    });

    it("reports a rule whose only source is empty", async () => {
        const [message] = await check({ rules: [{ from: [{ source: {} }] }] });
        assert.match(message, /matches every request/);
    });

    it("reports a rule whose from matches anyone through one empty source among others", async () => {
        const rule = { from: [{ source: {} }, ...FROM_RAG.from] };
        assert.strictEqual((await check({ rules: [rule] })).length, 1);
    });

    it("reports a rule whose operation is empty", async () => {
        const [message] = await check({ rules: [{ to: [{ operation: { methods: [] } }] }] });
        assert.match(message, /its source and operation constrain nothing/);
    });

    it("reports a rule whose only operation constraint is * paths", async () => {
        const [message] = await check({
            rules: [{ to: [{ operation: { paths: ["*"], methods: ["*"] } }] }],
        });
        assert.match(message, /matches every HTTP request/);
    });

    it("reports only the offending rule of several, by index", async () => {
        const [message, ...rest] = await check({ rules: [FROM_RAG, {}] });
        assert.deepStrictEqual(rest, []);
        assert.match(message, /spec\.rules\[1\] is \{\}/);
    });

    it("accepts a rule that names its source", async () => {
        assert.deepStrictEqual(await check({ rules: [FROM_RAG] }), []);
    });

    it("accepts a rule that names its operation", async () => {
        assert.deepStrictEqual(
            await check({ rules: [{ to: [{ operation: { ports: ["8000"] } }] }] }),
            [],
        );
    });

    it("accepts a rule with only a condition", async () => {
        const when = [{ key: "request.auth.claims[iss]", values: ["https://issuer.example"] }];
        assert.deepStrictEqual(await check({ rules: [{ when }] }), []);
    });

    it("accepts any authenticated peer as a real constraint", async () => {
        assert.deepStrictEqual(
            await check({ rules: [{ from: [{ source: { principals: ["*"] } }] }] }),
            [],
        );
    });

    it("accepts the allow-nothing policy, which denies every request", async () => {
        assert.deepStrictEqual(await check({}), []);
        assert.deepStrictEqual(await check({ action: "ALLOW" }), []);
    });

    it("accepts a DENY policy with the empty rule, which denies every request", async () => {
        assert.deepStrictEqual(await check({ action: "DENY", rules: [{}] }), []);
    });

    it("accepts AUDIT and CUSTOM policies with the empty rule", async () => {
        assert.deepStrictEqual(await check({ action: "AUDIT", rules: [{}] }), []);
        assert.deepStrictEqual(
            await check({ action: "CUSTOM", provider: { name: "ext" }, rules: [{}] }),
            [],
        );
    });

    it("does not throw on odd input", async () => {
        for (const spec of [
            undefined,
            "x",
            { rules: "x" },
            { rules: [null, 3, { from: "x", to: [null] }] },
            { rules: [{ from: [null], to: [{ operation: "x" }] }] },
        ]) {
            await check(spec);
        }
    });

    describe("manifest cases", () => {
        describeManifestCases(
            policy,
            path.join(__dirname, "cases", "mesh-no-allow-all-authorization.yaml"),
        );
    });
});
