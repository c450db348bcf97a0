import * as assert from "assert";
import * as path from "path";

import policy from "../../../policypack/policies/workloads/workload-env-no-secret-literal";
import { checkResource } from "../harness";
import { describeManifestCases } from "./manifest-cases";
import { ODD_WORKLOADS, placements } from "./pod-bearing";

const LITERAL = {
    env: [
        { name: "LOG_LEVEL", value: "info" },
        { name: "DB_PASSWORD", value: "hunter2" },
    ],
};
const FROM_SECRET = {
    env: [
        {
            name: "DB_PASSWORD",
            valueFrom: { secretKeyRef: { name: "ohlcv-db", key: "password" } },
        },
    ],
};

describe("workload-env-no-secret-literal", () => {
    for (const p of placements(LITERAL)) {
        it(`reports a ${p.label} container with a literal password`, async () => {
            assert.deepStrictEqual(await checkResource(policy, p.resource), [
                `${p.resource.props.kind} ohlcv-system/ohlcv-rag: ${p.containerPath}.env[1] ("DB_PASSWORD").value is a literal (redacted); allowed: valueFrom.secretKeyRef, not a literal (its name contains PASSWORD)`,
            ]);
        });
    }

    for (const p of placements(FROM_SECRET)) {
        it(`accepts a ${p.label} container that reads its password from a Secret`, async () => {
            assert.deepStrictEqual(await checkResource(policy, p.resource), []);
        });
    }

    it("never prints the value it found", async () => {
        const [p] = placements({
            env: [{ name: "DATABASE_URL", value: "postgres://rag:hunter2@db:5432/ohlcv" }],
        });
        const [message] = await checkResource(policy, p.resource);
        assert.match(message, /its value looks like a URL with a password/);
        assert.ok(!message.includes("hunter2"), message);
    });

    it("names an entry without a name by its index alone", async () => {
        const [p] = placements({ env: [{ value: "AKIAIOSFODNN7EXAMPLE" }] });
        const [message] = await checkResource(policy, p.resource);
        assert.match(message, /containers\[0\] \("c"\)\.env\[0\]\.value is a literal/);
    });

    it("does not throw on odd input", async () => {
        for (const resource of ODD_WORKLOADS) {
            await checkResource(policy, resource);
        }
    });

    describe("manifest cases", () => {
        describeManifestCases(policy, path.join(__dirname, "cases", "env-no-secret-literal.yaml"));
    });
});
