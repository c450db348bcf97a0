import * as assert from "assert";

import policy from "../../../policypack/policies/vault/vault-role-token-ttl-capped";
import { asInPreview, UNKNOWN } from "../aws/stack-with-dependencies";
import { checkResource } from "../harness";

const ROLE = "vault:kubernetes/authBackendRole:AuthBackendRole";

function role(props: Record<string, unknown>) {
    return {
        type: ROLE,
        name: "r",
        props: { roleName: "ohlcv-rag-ohlcv-rag", tokenTtl: 900, tokenMaxTtl: 3600, ...props },
    };
}

describe("vault-role-token-ttl-capped", () => {
    it("passes the TTLs VaultAccess sets by default", async () => {
        assert.deepStrictEqual(await checkResource(policy, role({})), []);
    });

    it("flags a role that leaves tokenTtl to the mount's default", async () => {
        const { tokenTtl, ...rest } = role({}).props;
        assert.ok(tokenTtl);
        assert.deepStrictEqual(await checkResource(policy, { type: ROLE, props: rest }), [
            "AuthBackendRole ohlcv-rag-ohlcv-rag: tokenTtl is <unset>; allowed: 1 to 3600 seconds",
        ]);
    });

    it("flags a tokenTtl above the cap", async () => {
        assert.strictEqual((await checkResource(policy, role({ tokenTtl: 7200 }))).length, 1);
    });

    it("flags a role without any max TTL", async () => {
        const [message] = await checkResource(policy, role({ tokenMaxTtl: undefined }));
        assert.match(message, /tokenMaxTtl is <unset>; allowed: 1 to 86400 seconds/);
    });

    it("takes an explicit max TTL within the cap as the cap", async () => {
        assert.deepStrictEqual(
            await checkResource(policy, role({ tokenMaxTtl: 0, tokenExplicitMaxTtl: 3600 })),
            [],
        );
    });

    it("flags a max TTL above the cap", async () => {
        assert.strictEqual((await checkResource(policy, role({ tokenMaxTtl: 100_000 }))).length, 1);
    });

    it("flags a periodic token", async () => {
        const [message] = await checkResource(policy, role({ tokenPeriod: 3600 }));
        assert.match(
            message,
            /tokenPeriod is 3600; allowed: unset \(periodic tokens never expire\)/,
        );
    });

    it("takes its caps from the policy config", async () => {
        const found = await checkResource(policy, role({}), { maxTokenTtlSeconds: 600 });
        assert.deepStrictEqual(found, [
            "AuthBackendRole ohlcv-rag-ohlcv-rag: tokenTtl is 900; allowed: 1 to 600 seconds",
        ]);
    });

    it("takes a cap of the wrong shape for the strictest cap, 1 second, and says so", async () => {
        const found = await checkResource(policy, role({}), { maxTokenTtlSeconds: "600" });
        assert.deepStrictEqual(found, [
            'policy vault-role-token-ttl-capped: config key "maxTokenTtlSeconds" is "600"; expected a whole number of at least 1 (using 1)',
            "AuthBackendRole ohlcv-rag-ohlcv-rag: tokenTtl is 900; allowed: 1 to 1 seconds",
        ]);
    });

    it("takes a max TTL cap of the wrong shape for the strictest cap, 1 second", async () => {
        const found = await checkResource(policy, role({}), { maxTokenMaxTtlSeconds: 0 });
        assert.deepStrictEqual(found, [
            'policy vault-role-token-ttl-capped: config key "maxTokenMaxTtlSeconds" is 0; expected a whole number of at least 1 (using 1)',
            "AuthBackendRole ohlcv-rag-ohlcv-rag: tokenMaxTtl is 3600; allowed: 1 to 1 seconds",
        ]);
    });

    it("reads TTLs given as numeric strings", async () => {
        assert.deepStrictEqual(
            await checkResource(policy, role({ tokenTtl: "900", tokenMaxTtl: "3600" })),
            [],
        );
    });

    it("flags a TTL that is not a number of seconds", async () => {
        assert.strictEqual((await checkResource(policy, role({ tokenTtl: "15m" }))).length, 1);
    });

    it("passes TTLs not known during preview", async () => {
        const props = asInPreview({
            tokenTtl: UNKNOWN,
            tokenMaxTtl: UNKNOWN,
            tokenExplicitMaxTtl: UNKNOWN,
        });
        assert.deepStrictEqual(await checkResource(policy, { type: ROLE, props }), []);
    });
});
