import * as assert from "assert";

import {
    generateSecretValue,
    isWellFormedValue,
    MIN_VALUE_LENGTH,
    VALUE_ALPHABET,
    VALUE_LENGTH,
} from "../../rotation/secret-values";

/** Characters that break connection strings, URLs, shells or config files unquoted. */
const UNSAFE = ` \t\n\r"'\`/\\@:%;&=?#+,<>{}[]|^~$!*()`;

describe("new secret values", () => {
    it("come from an alphabet without any character unsafe in a connection string", () => {
        assert.deepStrictEqual(
            [...VALUE_ALPHABET].filter((c) => UNSAFE.includes(c)),
            [],
        );
    });

    for (const kind of ["opaque", "database-password"] as const) {
        it(`are ${VALUE_LENGTH[kind]} safe characters with upper, lower and digit for ${kind}`, () => {
            for (let i = 0; i < 2000; i++) {
                const value = generateSecretValue(kind);
                assert.strictEqual(value.length, VALUE_LENGTH[kind]);
                assert.match(value, /^[A-Za-z0-9]+$/);
                assert.match(value, /[A-Z]/);
                assert.match(value, /[a-z]/);
                assert.match(value, /[0-9]/);
            }
        });
    }

    it("differ from draw to draw", () => {
        const values = new Set(Array.from({ length: 500 }, () => generateSecretValue("opaque")));
        assert.strictEqual(values.size, 500);
    });

    it("are redrawn when a draw lacks a character class", () => {
        // First draw: all "A" (no lower case, no digit); second draw: "Aa0" repeated.
        const first = Array(VALUE_LENGTH.opaque).fill(0);
        const second = Array.from({ length: VALUE_LENGTH.opaque }, (_, i) => [0, 26, 52][i % 3]);
        const queue = [...first, ...second];
        const value = generateSecretValue("opaque", () => queue.shift() as number);
        assert.strictEqual(value, "Aa0".repeat(16));
    });
});

describe("the well-formed value check", () => {
    it("accepts a generated value", () => {
        assert.ok(isWellFormedValue(generateSecretValue("database-password")));
    });

    it("rejects a value shorter than the minimum", () => {
        assert.ok(
            !isWellFormedValue("Ab1".repeat(MIN_VALUE_LENGTH).slice(0, MIN_VALUE_LENGTH - 1)),
        );
    });

    for (const c of ["@", ":", "/", "%", " ", '"', "'"]) {
        it(`rejects a value containing ${JSON.stringify(c)}`, () => {
            assert.ok(!isWellFormedValue(`Abcdefghij1234567890xy${c}z`));
        });
    }
});
