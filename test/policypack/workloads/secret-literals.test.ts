import * as assert from "assert";

import { secretLiteralReason } from "../../../policypack/secret-literals";

describe("secret literals", () => {
    const byName: [string, string][] = [
        ["DB_PASSWORD", "PASSWORD"],
        ["PGPASSWORD", "PASSWORD"],
        ["db-password", "PASSWORD"],
        ["REDIS_PASS", "PASS"],
        ["CLIENT_SECRET", "SECRET"],
        ["AWS_SECRET_ACCESS_KEY", "SECRET"],
        ["JWTSECRET", "SECRET"],
        ["GH_TOKEN", "TOKEN"],
        ["VAULT_TOKEN", "TOKEN"],
        ["OPENAI_API_KEY", "API_KEY"],
        ["APIKEY", "APIKEY"],
        ["SIGNING_PRIVATE_KEY", "PRIVATE_KEY"],
        ["GCP_CREDENTIALS", "CREDENTIALS"],
    ];
    for (const [name, word] of byName) {
        it(`takes a literal ${name} for a secret, by the word ${word}`, () => {
            assert.strictEqual(
                secretLiteralReason(name, "s3cr3t-value"),
                `its name contains ${word}`,
            );
        });
    }

    const harmless = [
        "MAX_TOKENS",
        "TOKENIZER",
        "TOKEN_LIMIT",
        "MAX_TOKEN",
        "DB_PASSWORD_FILE",
        "VAULT_TOKEN_PATH",
        "VAULT_SECRET_NAME",
        "AWS_ACCESS_KEY_ID",
        "SECRETS_MANAGER_REGION",
        "PASSTHROUGH",
        "BYPASS_CACHE",
        "CHROMA_HOST",
        "LOG_LEVEL",
    ];
    for (const name of harmless) {
        it(`does not take ${name} for a secret by its name`, () => {
            assert.strictEqual(secretLiteralReason(name, "some-value"), undefined);
        });
    }

    const byValue: [string, string][] = [
        ["AKIAIOSFODNN7EXAMPLE", "an AWS access key id"],
        ["-----BEGIN RSA PRIVATE KEY-----\nMIIE...", "a PEM private key"],
        ["-----BEGIN PRIVATE KEY-----", "a PEM private key"],
        [
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
            "a JSON Web Token",
        ],
        ["ghp_" + "a".repeat(36), "a GitHub token"],
        ["postgres://rag:hunter2@db:5432/ohlcv", "a URL with a password"],
    ];
    for (const [value, what] of byValue) {
        it(`takes a value shaped like ${what} for a secret whatever its name`, () => {
            assert.strictEqual(
                secretLiteralReason("SETTING", value),
                `its value looks like ${what}`,
            );
        });
    }

    it("does not take a URL without a password for a secret", () => {
        assert.strictEqual(secretLiteralReason("CHROMA_URL", "http://chromadb:8000"), undefined);
    });

    it("does not take an empty value for a secret", () => {
        assert.strictEqual(secretLiteralReason("DB_PASSWORD", ""), undefined);
    });

    it("does not take a $(VAR) reference for a literal", () => {
        assert.strictEqual(
            secretLiteralReason("DB_PASSWORD", "$(DB_PASSWORD_FROM_SECRET)"),
            undefined,
        );
    });

    it("never repeats the value in its reason", () => {
        const reason = secretLiteralReason("X", "postgres://u:hunter2@db/x") ?? "";
        assert.ok(!reason.includes("hunter2"));
    });

    it("takes odd input without throwing", () => {
        assert.strictEqual(secretLiteralReason(undefined, undefined), undefined);
        assert.strictEqual(secretLiteralReason(42, { x: 1 }), undefined);
        assert.strictEqual(
            secretLiteralReason(null, "AKIAIOSFODNN7EXAMPLE"),
            "its value looks like an AWS access key id",
        );
    });
});
