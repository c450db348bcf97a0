import * as assert from "assert";
import * as path from "path";

import policy from "../../../policypack/policies/rbac/rbac-secrets-by-name";
import { checkResource } from "../harness";
import { describeManifestCases } from "../workloads/manifest-cases";
import { ODD_ROLES, role } from "./roles";

async function check(rule: Record<string, unknown>): Promise<string[]> {
    return checkResource(policy, role("Role", [rule]));
}

describe("rbac-secrets-by-name", () => {
    it("accepts get on secrets named in resourceNames", async () => {
        const rule = {
            apiGroups: [""],
            resources: ["secrets"],
            resourceNames: ["ohlcv-db"],
            verbs: ["get"],
        };
        assert.deepStrictEqual(await check(rule), []);
    });

    it("reports get on secrets without resourceNames", async () => {
        assert.deepStrictEqual(
            await check({ apiGroups: [""], resources: ["secrets"], verbs: ["get"] }),
            [
                "Role ohlcv-system/reader: rules[0].resourceNames is <unset>; allowed: the names of the secrets the subjects need",
            ],
        );
    });

    it("reports list on secrets even with resourceNames", async () => {
        const rule = {
            apiGroups: [""],
            resources: ["secrets"],
            resourceNames: ["x"],
            verbs: ["list"],
        };
        assert.deepStrictEqual(await check(rule), [
            'Role ohlcv-system/reader: rules[0].verbs is ["list"]; allowed: get, update, patch or delete on named secrets; never list or watch (grants list on secrets)',
        ]);
    });

    it("reports watch on secrets", async () => {
        const [message] = await check({
            apiGroups: [""],
            resources: ["secrets"],
            resourceNames: ["x"],
            verbs: ["watch"],
        });
        assert.match(message, /\(grants watch on secrets\)$/);
    });

    it("takes the * verb for list and watch, and asks for resourceNames as well", async () => {
        const messages = await check({ apiGroups: [""], resources: ["secrets"], verbs: ["*"] });
        assert.strictEqual(messages.length, 2);
        assert.match(messages[0], /\(grants list and watch on secrets\)$/);
        assert.match(messages[1], /resourceNames is <unset>/);
    });

    it("sees secrets through * resources and * groups", async () => {
        assert.strictEqual(
            (await check({ apiGroups: ["*"], resources: ["*"], verbs: ["get"] })).length,
            1,
        );
    });

    it("leaves create alone, which RBAC cannot scope by name", async () => {
        assert.deepStrictEqual(
            await check({ apiGroups: [""], resources: ["secrets"], verbs: ["create"] }),
            [],
        );
    });

    it("ignores secrets of other API groups", async () => {
        const rule = {
            apiGroups: ["external-secrets.io"],
            resources: ["secrets"],
            verbs: ["list"],
        };
        assert.deepStrictEqual(await check(rule), []);
    });

    it("does not throw on odd input", async () => {
        for (const resource of ODD_ROLES) {
            await checkResource(policy, resource);
        }
    });

    describe("manifest cases", () => {
        describeManifestCases(policy, path.join(__dirname, "cases", "rbac-secrets-by-name.yaml"));
    });
});
