import * as assert from "assert";

import { PolicyConfigError, PolicySettings, settingsOf } from "../../../policypack/policy-config";

describe("policy settings", () => {
    it("uses the fallback for an absent key and records no problem", () => {
        const settings = new PolicySettings("p", {});
        assert.deepStrictEqual(
            [
                settings.boolean("b", false, true),
                settings.string("s", "x"),
                settings.integer("i", 3, 1, 1),
            ],
            [false, "x", 3],
        );
        assert.deepStrictEqual(settings.problems, []);
    });

    it("reads values of the right shape", () => {
        const settings = new PolicySettings("p", { b: true, s: "y", i: 7, l: ["a"] });
        assert.deepStrictEqual(
            [
                settings.boolean("b", false, true),
                settings.string("s", "x"),
                settings.integer("i", 3, 1, 1),
                settings.stringList("l", [], []),
            ],
            [true, "y", 7, ["a"]],
        );
    });

    it("takes the strictest value for a wrong one and says so, naming policy and key", () => {
        const settings = new PolicySettings("p", { i: 0.5 });
        assert.strictEqual(settings.integer("i", 3, 1, 1), 1);
        assert.deepStrictEqual(settings.problems, [
            'policy p: config key "i" is 0.5; expected a whole number of at least 1 (using 1)',
        ]);
    });

    it("reads a config that is not an object as empty", () => {
        assert.deepStrictEqual(settingsOf("x"), {});
        assert.strictEqual(new PolicySettings("p", null).boolean("b", true, true), true);
    });

    it("words a PolicyConfigError with the policy, key, value and expectation", () => {
        assert.strictEqual(
            new PolicyConfigError("p", "k", [1], "a string").message,
            "policy config p.k is [1]; expected a string",
        );
    });
});
