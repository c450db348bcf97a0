import * as assert from "assert";

import { tenantPolicyText } from "../../../components/vault-access";
import policy from "../../../policypack/policies/vault/vault-policy-no-root-wildcard";
import { checkResource } from "../harness";

const POLICY = "vault:index/policy:Policy";

function grant(path: string, capabilities = '["read"]') {
    return {
        type: POLICY,
        name: "p",
        props: { name: "wide", policy: `path "${path}" {\n  capabilities = ${capabilities}\n}\n` },
    };
}

describe("vault-policy-no-root-wildcard", () => {
    it("passes the tenant policy VaultAccess writes", async () => {
        const props = { name: "t", policy: tenantPolicyText("secret", "ohlcv-rag") };
        assert.deepStrictEqual(await checkResource(policy, { type: POLICY, props }), []);
    });

    it('flags path "*"', async () => {
        assert.deepStrictEqual(await checkResource(policy, grant("*")), [
            'Policy wide: policy path (line 1) is "*"; allowed: a path under one mount, such as secret/data/<tenant>/*',
        ]);
    });

    it('flags path "+/*", which spans every mount', async () => {
        assert.strictEqual((await checkResource(policy, grant("+/*"))).length, 1);
    });

    it('flags a glob in the mount segment, path "s*"', async () => {
        assert.strictEqual((await checkResource(policy, grant("s*"))).length, 1);
    });

    it('flags path "/*", which Vault reads as "*"', async () => {
        assert.deepStrictEqual(await checkResource(policy, grant("/*")), [
            'Policy wide: policy path (line 1) is "/*"; allowed: a path under one mount, such as secret/data/<tenant>/*',
        ]);
    });

    it('flags path "/+/data/*", which Vault reads as "+/data/*"', async () => {
        assert.strictEqual((await checkResource(policy, grant("/+/data/*"))).length, 1);
    });

    it("flags a leading-slash root wildcard in the JSON form", async () => {
        const text = JSON.stringify({ path: { "/*": { capabilities: ["read"] } } });
        const props = { name: "wide", policy: text };
        assert.strictEqual((await checkResource(policy, { type: POLICY, props })).length, 1);
    });

    it("passes a path under one mount written with a leading slash", async () => {
        assert.deepStrictEqual(await checkResource(policy, grant("/secret/data/ohlcv-rag/*")), []);
    });

    it("passes wildcards below a mount", async () => {
        assert.deepStrictEqual(await checkResource(policy, grant("secret/*")), []);
        assert.deepStrictEqual(await checkResource(policy, grant("secret/+/config")), []);
    });

    it('passes path "*" that only denies', async () => {
        assert.deepStrictEqual(await checkResource(policy, grant("*", '["deny"]')), []);
    });
});
