import * as assert from "assert";

import { tenantPolicyText } from "../../../components/vault-access";
import policy from "../../../policypack/policies/vault/vault-policy-no-sudo";
import { asInPreview, UNKNOWN } from "../aws/stack-with-dependencies";
import { checkResource } from "../harness";

const POLICY = "vault:index/policy:Policy";

function vaultPolicy(text: unknown) {
    return { type: POLICY, name: "p", props: { name: "tenant-ohlcv-rag-secrets", policy: text } };
}

describe("vault-policy-no-sudo", () => {
    it("passes the tenant policy VaultAccess writes", async () => {
        assert.deepStrictEqual(
            await checkResource(policy, vaultPolicy(tenantPolicyText("secret", "ohlcv-rag"))),
            [],
        );
    });

    it("flags sudo on a path, naming the path and its line", async () => {
        const text = '# admin\npath "sys/mounts/*" {\n  capabilities = ["read", "sudo"]\n}\n';
        assert.deepStrictEqual(await checkResource(policy, vaultPolicy(text)), [
            'Policy tenant-ohlcv-rag-secrets: policy path "sys/mounts/*" (line 2) capabilities is ["read","sudo"]; allowed: capabilities without sudo',
        ]);
    });

    it("flags the legacy policy = sudo form", async () => {
        const found = await checkResource(policy, vaultPolicy('path "auth/*" { policy = "sudo" }'));
        assert.strictEqual(found.length, 1);
    });

    it("does not take sudo in a comment for a grant", async () => {
        const text = 'path "a/*" {\n  capabilities = ["read"] # not "sudo"\n}\n';
        assert.deepStrictEqual(await checkResource(policy, vaultPolicy(text)), []);
    });

    it("reports a policy text it cannot read", async () => {
        const [message] = await checkResource(
            policy,
            vaultPolicy('path "a/*" { capabilities = ["read" }'),
        );
        assert.match(
            message,
            /^Policy tenant-ohlcv-rag-secrets: policy cannot be read \(.*\); allowed: an HCL or JSON ACL policy$/,
        );
    });

    it("leaves a policy text not known during preview to the server to report", async () => {
        const props = asInPreview({ name: "p", policy: UNKNOWN });
        await assert.rejects(
            checkResource(policy, { type: POLICY, props }),
            /can't be known during preview/,
        );
    });
});
