import * as assert from "assert";
import * as path from "path";

import policy from "../../../policypack/policies/rbac/rbac-no-pod-create";
import { checkResource } from "../harness";
import { describeManifestCases } from "../workloads/manifest-cases";
import { ODD_ROLES, role } from "./roles";

async function check(rule: Record<string, unknown>): Promise<string[]> {
    return checkResource(policy, role("Role", [rule]));
}

describe("rbac-no-pod-create", () => {
    it("reports create on pods", async () => {
        assert.deepStrictEqual(
            await check({ apiGroups: [""], resources: ["pods"], verbs: ["get", "create"] }),
            [
                'Role ohlcv-system/reader: rules[0].verbs is ["get","create"]; allowed: no create on pods; grant it on the workload kinds instead',
            ],
        );
    });

    it("reports the * verb on pods", async () => {
        assert.strictEqual(
            (await check({ apiGroups: [""], resources: ["pods"], verbs: ["*"] })).length,
            1,
        );
    });

    it("reports create on every resource of every group", async () => {
        assert.strictEqual(
            (await check({ apiGroups: ["*"], resources: ["*"], verbs: ["create"] })).length,
            1,
        );
    });

    it("accepts reading pods", async () => {
        assert.deepStrictEqual(
            await check({ apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] }),
            [],
        );
    });

    it("accepts create on a pod subresource such as pods/exec, a separate grant", async () => {
        assert.deepStrictEqual(
            await check({ apiGroups: [""], resources: ["pods/exec"], verbs: ["create"] }),
            [],
        );
    });

    it("accepts create on Deployments", async () => {
        assert.deepStrictEqual(
            await check({ apiGroups: ["apps"], resources: ["deployments"], verbs: ["create"] }),
            [],
        );
    });

    it("does not throw on odd input", async () => {
        for (const resource of ODD_ROLES) {
            await checkResource(policy, resource);
        }
    });

    describe("manifest cases", () => {
        describeManifestCases(policy, path.join(__dirname, "cases", "rbac-no-pod-create.yaml"));
    });
});
