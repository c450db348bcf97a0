import * as assert from "assert";

import type { PackDescription } from "../../cli/analyzer-client";
import { PolicyConfigError, resolvePolicyConfig } from "../../cli/policy-config";

const PACK: PackDescription = {
    name: "pack",
    version: "1.0.0",
    supportsConfig: true,
    initialConfig: {},
    policies: [
        {
            name: "pss-privileged",
            description: "",
            enforcementLevel: "mandatory",
            severity: "high",
            kind: "resource",
            configSchema: {
                properties: {
                    level: {
                        type: "string",
                        enum: ["baseline", "restricted"],
                        default: "restricted",
                    },
                },
                required: [],
            },
        },
        {
            name: "rbac-no-wildcards",
            description: "",
            enforcementLevel: "mandatory",
            severity: "high",
            kind: "resource",
        },
    ],
};

describe("policy-pack config as the CLI resolves it", () => {
    it("fills in schema defaults and keeps the pack's levels when the file says nothing", () => {
        assert.deepStrictEqual(resolvePolicyConfig(PACK, {}, "f.json"), {
            "pss-privileged": {
                enforcementLevel: "mandatory",
                properties: { level: "restricted" },
            },
            "rbac-no-wildcards": { enforcementLevel: "mandatory", properties: {} },
        });
    });

    it("lets `all` set every level and a named policy override it", () => {
        const config = resolvePolicyConfig(
            PACK,
            { all: "advisory", "rbac-no-wildcards": "mandatory" },
            "f.json",
        );
        assert.strictEqual(config["pss-privileged"].enforcementLevel, "advisory");
        assert.strictEqual(config["rbac-no-wildcards"].enforcementLevel, "mandatory");
    });

    it("refuses a key that names no policy, naming the file and the key", () => {
        assert.throws(
            () => resolvePolicyConfig(PACK, { "pss-privilegd": "advisory" }, "f.json"),
            (err: Error) => {
                assert.ok(err instanceof PolicyConfigError);
                assert.match(err.message, /f\.json: "pss-privilegd" is not a policy of pack/);
                return true;
            },
        );
    });

    it("refuses a level that is not one", () => {
        assert.throws(
            () => resolvePolicyConfig(PACK, { all: "strict" }, "f.json"),
            /all: found "strict"; expected one of advisory, mandatory, disabled, remediate/,
        );
    });

    it("refuses config properties under `all`", () => {
        assert.throws(
            () => resolvePolicyConfig(PACK, { all: { level: "baseline" } }, "f.json"),
            /all: found level; expected only enforcementLevel/,
        );
    });

    it("validates properties against the policy's schema", () => {
        assert.throws(
            () => resolvePolicyConfig(PACK, { "pss-privileged": { level: "strictest" } }, "f.json"),
            /pss-privileged: \/level must be equal to one of the allowed values \(baseline, restricted\)/,
        );
        assert.throws(
            () => resolvePolicyConfig(PACK, { "pss-privileged": { lvl: "baseline" } }, "f.json"),
            /must NOT have additional properties "lvl"/,
        );
        assert.throws(
            () => resolvePolicyConfig(PACK, { "rbac-no-wildcards": { x: 1 } }, "f.json"),
            /rbac-no-wildcards takes no config; found x/,
        );
    });
});
