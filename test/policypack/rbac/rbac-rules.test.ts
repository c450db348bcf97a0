import * as assert from "assert";

import {
    coversGroup,
    coversResource,
    grantedVerbs,
    isBindingType,
    isRoleType,
    rulesOf,
} from "../../../policypack/rbac-rules";

function only(rule: Record<string, unknown>) {
    return rulesOf({ rules: [rule] })[0];
}

describe("RBAC rules", () => {
    it("reads a Role, a ClusterRole and their patches in any RBAC version as roles", () => {
        for (const type of [
            "kubernetes:rbac.authorization.k8s.io/v1:Role",
            "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
            "kubernetes:rbac.authorization.k8s.io/v1:RolePatch",
            "kubernetes:rbac.authorization.k8s.io/v1beta1:ClusterRole",
        ]) {
            assert.strictEqual(isRoleType(type), true, type);
        }
    });

    it("does not read role lists, bindings or other groups' Role kinds as roles", () => {
        for (const type of [
            "kubernetes:rbac.authorization.k8s.io/v1:RoleList",
            "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
            "kubernetes:example.com/v1:Role",
            "aws:iam/role:Role",
        ]) {
            assert.strictEqual(isRoleType(type), false, type);
        }
    });

    it("reads RoleBindings and ClusterRoleBindings as bindings", () => {
        assert.strictEqual(
            isBindingType("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding"),
            true,
        );
        assert.strictEqual(
            isBindingType("kubernetes:rbac.authorization.k8s.io/v1:ClusterRole"),
            false,
        );
    });

    it("takes * in apiGroups for every group, the core group included", () => {
        assert.strictEqual(coversGroup(only({ apiGroups: ["*"] }), ""), true);
        assert.strictEqual(coversGroup(only({ apiGroups: ["apps"] }), ""), false);
    });

    it("matches */subresource against that subresource of any resource only", () => {
        const rule = only({ resources: ["*/scale"] });
        assert.strictEqual(coversResource(rule, "deployments/scale"), true);
        assert.strictEqual(coversResource(rule, "deployments"), false);
        assert.strictEqual(coversResource(rule, "pods/exec"), false);
    });

    it("matches a resource/* request against any subresource entry of that resource", () => {
        assert.strictEqual(
            coversResource(only({ resources: ["userextras/scopes"] }), "userextras/*"),
            true,
        );
        assert.strictEqual(coversResource(only({ resources: ["users"] }), "userextras/*"), false);
    });

    it("takes the * verb for every verb asked about", () => {
        assert.deepStrictEqual(grantedVerbs(only({ verbs: ["*"] }), ["list", "watch"]), [
            "list",
            "watch",
        ]);
        assert.deepStrictEqual(grantedVerbs(only({ verbs: ["get", "watch"] }), ["list", "watch"]), [
            "watch",
        ]);
    });

    it("drops entries that are not strings and rules that are not objects", () => {
        const rules = rulesOf({ rules: [null, { verbs: ["get", 3, null], apiGroups: "x" }] });
        assert.strictEqual(rules.length, 1);
        assert.deepStrictEqual(rules[0].verbs, ["get"]);
        assert.deepStrictEqual(rules[0].apiGroups, []);
        assert.strictEqual(rules[0].path, "rules[1]");
    });
});
