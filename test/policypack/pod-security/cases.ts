/**
 * The YAML cases of the pod-security tests: each case file holds several small objects, each
 * named after the situation it shows, and a test picks one by name.
 */
import * as path from "path";

import type { BaselinePolicy } from "../../../policypack/catalog";
import { podTemplateOf } from "../../../policypack/pod-templates";
import { type TestResource, checkResource, loadManifests } from "../harness";

const CASES_DIR = path.join(__dirname, "cases");

/**
 * The object named `name` in `cases/<file>`. Throws when there is none, or when it carries no
 * pod template: a case the policies would skip could not fail a test.
 */
export function podCase(file: string, name: string): TestResource {
    const found = loadManifests(path.join(CASES_DIR, file)).find((r) => r.name === name);
    if (!found) {
        throw new Error(`cases/${file} has no object named "${name}"`);
    }
    if (podTemplateOf(found.type, found.props) === undefined) {
        throw new Error(`cases/${file}: "${name}" (${found.type}) carries no pod template`);
    }
    return found;
}

/**
 * What a policy flags on a resource, each violation cut to `<field> is <found>`: the part a test
 * states, without the resource name in front or the allowed values behind.
 */
export async function flagged(
    policy: BaselinePolicy,
    resource: TestResource,
    config: object = {},
): Promise<string[]> {
    const messages = await checkResource(policy, resource, config);
    return messages.map((message) => {
        const match = /^[^:]+: (.*?); allowed: /.exec(message);
        return match ? match[1] : message;
    });
}
