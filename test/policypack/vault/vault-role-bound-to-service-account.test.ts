import * as assert from "assert";

import policy from "../../../policypack/policies/vault/vault-role-bound-to-service-account";
import { asInPreview, UNKNOWN } from "../aws/stack-with-dependencies";
import { checkResource } from "../harness";

const ROLE = "vault:kubernetes/authBackendRole:AuthBackendRole";

function role(props: Record<string, unknown>) {
    return {
        type: ROLE,
        name: "r",
        props: {
            roleName: "ohlcv-rag-ohlcv-rag",
            boundServiceAccountNames: ["ohlcv-rag"],
            boundServiceAccountNamespaces: ["ohlcv-system"],
            ...props,
        },
    };
}

describe("vault-role-bound-to-service-account", () => {
    it("passes a role bound to one service account in one namespace", async () => {
        assert.deepStrictEqual(await checkResource(policy, role({})), []);
    });

    it("flags a wildcard service account name", async () => {
        assert.deepStrictEqual(
            await checkResource(policy, role({ boundServiceAccountNames: ["*"] })),
            [
                'AuthBackendRole ohlcv-rag-ohlcv-rag: boundServiceAccountNames is ["*"]; allowed: one or more service account names without *',
            ],
        );
    });

    it("flags a glob in a service account name", async () => {
        assert.strictEqual(
            (await checkResource(policy, role({ boundServiceAccountNames: ["ohlcv-*"] }))).length,
            1,
        );
    });

    it("flags a wildcard namespace", async () => {
        const [message] = await checkResource(
            policy,
            role({ boundServiceAccountNamespaces: ["*"] }),
        );
        assert.match(
            message,
            /boundServiceAccountNamespaces is \["\*"\]; allowed: namespace names without \*/,
        );
    });

    it("flags an empty list of service account names", async () => {
        assert.strictEqual(
            (await checkResource(policy, role({ boundServiceAccountNames: [] }))).length,
            1,
        );
    });

    it("flags a role that binds no namespace at all", async () => {
        assert.strictEqual(
            (await checkResource(policy, role({ boundServiceAccountNamespaces: [] }))).length,
            1,
        );
    });

    it("flags a namespace selector that selects every namespace", async () => {
        const props = {
            boundServiceAccountNamespaces: [],
            boundServiceAccountNamespaceSelector: "{}",
        };
        const [message] = await checkResource(policy, role(props));
        assert.match(message, /boundServiceAccountNamespaceSelector is "\{\}"/);
    });

    it("passes a namespace selector that names a label, in JSON or YAML", async () => {
        const json = JSON.stringify({ matchLabels: { tenant: "ohlcv-rag" } });
        const yaml = "matchLabels:\n  tenant: ohlcv-rag\n";
        for (const selector of [json, yaml]) {
            const props = {
                boundServiceAccountNamespaces: [],
                boundServiceAccountNamespaceSelector: selector,
            };
            assert.deepStrictEqual(await checkResource(policy, role(props)), []);
        }
    });

    it("passes bindings not known during preview without throwing", async () => {
        const props = asInPreview({
            roleName: "r",
            boundServiceAccountNames: UNKNOWN,
            boundServiceAccountNamespaces: UNKNOWN,
        });
        assert.deepStrictEqual(await checkResource(policy, { type: ROLE, props }), []);
    });

    it("flags odd entries without throwing", async () => {
        assert.strictEqual(
            (await checkResource(policy, role({ boundServiceAccountNames: [null] }))).length,
            1,
        );
    });
});
