/**
 * Runs a policy over a YAML file of cases, one Kubernetes object per document. Each object
 * states what the policy must say about it with the annotation `test.baseline/expect`: `pass`
 * (no violation), or a piece of text that its one violation must contain; with
 * `test.baseline/expect-count` it must have that many violations, each containing the text.
 */
import * as assert from "assert";
import * as path from "path";

import type { BaselinePolicy } from "../../../policypack/catalog";
import { checkResource, loadManifests, type TestResource } from "../harness";

const EXPECT = "test.baseline/expect";
const EXPECT_COUNT = "test.baseline/expect-count";

/** A case read from a manifest file. */
export interface ManifestCase {
    title: string;
    resource: TestResource;
    expect: string;
    count: number;
}

/** The cases of a manifest file; throws naming the file and object that lacks an expectation. */
export function manifestCases(file: string): ManifestCase[] {
    return loadManifests(file).map((resource) => {
        const annotations = resource.props.metadata?.annotations ?? {};
        const expect = annotations[EXPECT];
        const where = `${path.basename(file)}: ${resource.props.kind} ${resource.name}`;
        if (typeof expect !== "string") {
            throw new Error(`${where} has no ${EXPECT} annotation`);
        }
        const count = expect === "pass" ? 0 : Number(annotations[EXPECT_COUNT] ?? 1);
        return { title: `${resource.props.kind} ${resource.name}`, resource, expect, count };
    });
}

/** Declares one mocha test per case of the file: a sentence naming the object and the outcome. */
export function describeManifestCases(
    policy: BaselinePolicy,
    file: string,
    config: object = {},
): void {
    for (const c of manifestCases(file)) {
        const outcome = c.count === 0 ? "passes" : `is reported (${c.count}x "${c.expect}")`;
        it(`${c.title} ${outcome}`, async () => {
            const messages = await checkResource(policy, c.resource, config);
            assert.strictEqual(messages.length, c.count, messages.join("\n"));
            for (const message of messages) {
                assert.ok(message.includes(c.expect), `${message}\n  lacks: ${c.expect}`);
            }
        });
    }
}
