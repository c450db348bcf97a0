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

    it("passes wildcards below a mount", async () => {
        assert.deepStrictEqual(await checkResource(policy, grant("secret/*")), []);
        assert.deepStrictEqual(await checkResource(policy, grant("secret/+/config")), []);
    });

    it('passes path "*" that only denies', async () => {
        assert.deepStrictEqual(await checkResource(policy, grant("*", '["deny"]')), []);
    });
});
