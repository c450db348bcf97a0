import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

import { policyTable } from "../cli/policy-table";

const README = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");

describe("the README", () => {
    it("holds the table of policies exactly as the pack defines them (npm run -s policy-table)", () => {
        assert.ok(
            README.includes(policyTable()),
            "README.md's policy table is stale: run `npm run -s policy-table -- --update README.md`",
        );
    });

    it("gives the two commands for a fresh machine", () => {
        assert.match(README, /npm ci && npm run preview -- --stack dev/);
        assert.match(README, /^npm test\b/m);
    });

    it("documents every top-level config key that Pulumi.yaml declares", () => {
        const project = YAML.parse(
            fs.readFileSync(path.join(__dirname, "..", "Pulumi.yaml"), "utf8"),
        );
        const declared = Object.keys(project.config);
        assert.ok(declared.length > 5);
        for (const key of declared) {
            assert.ok(README.includes(`\`${key}\``), `README.md does not document ${key}`);
        }
    });
});
