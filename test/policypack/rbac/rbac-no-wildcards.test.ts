import * as assert from "assert";
import * as path from "path";

import policy from "../../../policypack/policies/rbac/rbac-no-wildcards";
import { checkResource } from "../harness";
import { describeManifestCases } from "../workloads/manifest-cases";
import { ODD_ROLES, role } from "./roles";

describe("rbac-no-wildcards", () => {
    const fields: [string, Record<string, unknown>, string][] = [
        [
            "apiGroups",
            { apiGroups: ["apps", "*"], resources: ["deployments"], verbs: ["get"] },
            "named API groups",
        ],
        ["resources", { apiGroups: [""], resources: ["*"], verbs: ["get"] }, "named resources"],
        ["verbs", { apiGroups: [""], resources: ["pods"], verbs: ["*"] }, "named verbs"],
        ["nonResourceURLs", { nonResourceURLs: ["*"], verbs: ["get"] }, "full URL paths"],
    ];
    for (const [field, rule, allowed] of fields) {
        it(`reports a * in ${field}, naming the entry`, async () => {
            const index = (rule[field] as string[]).indexOf("*");
            assert.deepStrictEqual(await checkResource(policy, role("ClusterRole", [rule])), [
                `ClusterRole reader: rules[0].${field}[${index}] is "*"; allowed: ${allowed}`,
            ]);
        });
    }

    it("reports a Role's wildcard with its namespace", async () => {
        const [message] = await checkResource(
            policy,
            role("Role", [{ apiGroups: [""], resources: ["pods"], verbs: ["*"] }]),
        );
        assert.match(message, /^Role ohlcv-system\/reader: rules\[0\]\.verbs\[0\]/);
    });

    it("accepts rules that name everything they grant", async () => {
        const rule = { apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list"] };
        assert.deepStrictEqual(await checkResource(policy, role("ClusterRole", [rule])), []);
    });

    it("checks v1beta1 roles and role patches as well", async () => {
        const rule = { apiGroups: [""], resources: ["pods"], verbs: ["*"] };
        for (const type of [
            "kubernetes:rbac.authorization.k8s.io/v1beta1:ClusterRole",
            "kubernetes:rbac.authorization.k8s.io/v1:ClusterRolePatch",
        ]) {
            const resource = { ...role("ClusterRole", [rule]), type };
            assert.strictEqual((await checkResource(policy, resource)).length, 1, type);
        }
    });

    it("ignores a kind named Role in another API group", async () => {
        const rule = { apiGroups: ["*"], resources: ["*"], verbs: ["*"] };
        const resource = { ...role("Role", [rule]), type: "kubernetes:example.com/v1:Role" };
        assert.deepStrictEqual(await checkResource(policy, resource), []);
    });

    it("does not throw on odd input", async () => {
        for (const resource of ODD_ROLES) {
            await checkResource(policy, resource);
        }
    });

    describe("manifest cases", () => {
        describeManifestCases(policy, path.join(__dirname, "cases", "rbac-no-wildcards.yaml"));
    });
});
