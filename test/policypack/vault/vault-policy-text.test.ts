import { parse as parseHcl } from "@cdktf/hcl2json";
import * as assert from "assert";

import {
    matchedPath,
    readVaultPolicy,
    type VaultPathRule,
} from "../../../policypack/vault-policy-text";

function rules(text: string): VaultPathRule[] {
    const reading = readVaultPolicy(text);
    assert.ok("rules" in reading, "problem" in reading ? reading.problem : "");
    return reading.rules;
}

function problem(text: unknown): string {
    const reading = readVaultPolicy(text);
    assert.ok("problem" in reading, "expected a problem");
    return reading.problem;
}

/** What hcl2json reads from the same text, as path -> capabilities. */
async function hclRules(text: string): Promise<Record<string, string[]>> {
    const parsed = (await parseHcl("policy.hcl", text)) as {
        path?: Record<string, { capabilities?: string[] }[]>;
    };
    const out: Record<string, string[]> = {};
    for (const [path, blocks] of Object.entries(parsed.path ?? {})) {
        out[path] = blocks.flatMap((b) => b.capabilities ?? []);
    }
    return out;
}

const TEXTS: Record<string, string> = {
    "a block per path":
        'path "secret/data/a/*" {\n  capabilities = ["read"]\n}\npath "secret/data/b" {\n  capabilities = ["read", "list"]\n}\n',
    "all three comment styles":
        '# one\n// two\n/* three\n   lines */\npath "x/*" { capabilities = ["read"] } # trailing\n',
    "comment markers inside strings":
        'path "kv/data/#not-a-comment//*" {\n  capabilities = ["read"]\n}\n',
    "escaped quotes": 'path "kv/data/say \\"hi\\"" {\n  capabilities = ["read"]\n}\n',
    "templated paths":
        'path "secret/data/{{identity.entity.name}}/*" {\n  capabilities = ["read", "update"]\n}\n',
    "trailing commas and one line": 'path "a/*" { capabilities = ["read", "list",] }\n',
};

describe("the Vault policy text reader", () => {
    for (const [what, text] of Object.entries(TEXTS)) {
        it(`reads ${what} as hcl2json does`, async () => {
            const mine = Object.fromEntries(rules(text).map((r) => [r.path, r.capabilities]));
            assert.deepStrictEqual(mine, await hclRules(text));
        });
    }

    it("gives each rule its line", () => {
        assert.deepStrictEqual(
            rules(TEXTS["a block per path"]).map((r) => r.line),
            [1, 4],
        );
    });

    it("expands the legacy policy form to capabilities", () => {
        assert.deepStrictEqual(rules('path "sys/*" {\n  policy = "sudo"\n}\n')[0].capabilities, [
            "create",
            "read",
            "update",
            "delete",
            "list",
            "sudo",
        ]);
    });

    it("reads the object form path = { ... }", () => {
        const text =
            'path = {\n  "a/*" = { capabilities = ["read"] }\n  "b/*" = { capabilities = ["sudo"] }\n}\n';
        assert.deepStrictEqual(
            rules(text).map((r) => [r.path, r.capabilities]),
            [
                ["a/*", ["read"]],
                ["b/*", ["sudo"]],
            ],
        );
    });

    it("reads a heredoc string", () => {
        const text = 'path <<EOT\nsecret/data/x\nEOT\n{\n  capabilities = ["read"]\n}\n';
        assert.deepStrictEqual(
            rules(text).map((r) => r.path),
            ["secret/data/x"],
        );
    });

    it("reads the JSON form", () => {
        const text = JSON.stringify({ path: { "secret/*": { capabilities: ["read", "sudo"] } } });
        assert.deepStrictEqual(rules(text), [
            { path: "secret/*", capabilities: ["read", "sudo"], line: 1 },
        ]);
    });

    it("reports an unclosed list with its line, where hcl2json fails too", async () => {
        const text = 'path "a/*" {\n  capabilities = ["read"\n}\n';
        assert.match(problem(text), /unexpected "\}" at line 3/);
        await assert.rejects(parseHcl("policy.hcl", text));
    });

    it("reports an unterminated string", () => {
        assert.match(
            problem('path "a/* {\n capabilities = ["read"]\n}\n'),
            /unterminated string at line 1/,
        );
    });

    it("reports an unterminated block comment", () => {
        assert.match(problem('/* open\npath "a" {}'), /unterminated \/\* comment/);
    });

    it("reports a legacy policy value it does not know", () => {
        assert.match(problem('path "a" { policy = "admin" }'), /is not deny, read, write or sudo/);
    });

    it("reports a policy that is not a string", () => {
        assert.strictEqual(problem(42), "the policy is not a string");
    });

    it("reads an empty text as no rules", () => {
        assert.deepStrictEqual(rules("# nothing here\n"), []);
    });

    it("keeps a rule's path as written", () => {
        assert.deepStrictEqual(
            rules('path "/secret/*" { capabilities = ["read"] }').map((r) => r.path),
            ["/secret/*"],
        );
    });

    it("matches a rule's path without the one leading slash Vault strips", () => {
        const text =
            'path "/*" { capabilities = ["read"] }\npath "//x" { capabilities = ["read"] }\npath "a/*" { capabilities = ["read"] }\n';
        assert.deepStrictEqual(rules(text).map(matchedPath), ["*", "/x", "a/*"]);
    });
});
