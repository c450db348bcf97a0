import * as assert from "assert";

import policy, {
    NEEDS_TOKEN_ANNOTATION,
} from "../../../policypack/policies/workloads/workload-token-automount-off";
import { checkResource } from "../harness";
import { ODD_WORKLOADS, POD_BEARING, podBearing, specPathOf, workloadOf } from "./pod-bearing";

const CONTAINERS = { containers: [{ name: "c" }] };
const DECLARED = { annotations: { [NEEDS_TOKEN_ANNOTATION]: "true" } };

describe("workload-token-automount-off", () => {
    for (const kind of POD_BEARING) {
        it(`reports a ${kind.kind} that leaves automountServiceAccountToken unset`, async () => {
            const resource = workloadOf(kind, { spec: CONTAINERS });
            const messages = await checkResource(policy, resource);
            assert.strictEqual(messages.length, 1);
            assert.ok(
                messages[0].startsWith(
                    `${kind.kind} ohlcv-system/ohlcv-rag: ${specPathOf(kind)}.automountServiceAccountToken is <unset>; allowed: false, or the annotation`,
                ),
                messages[0],
            );
        });

        it(`accepts a ${kind.kind} with automountServiceAccountToken: false`, async () => {
            const resource = workloadOf(kind, {
                spec: { ...CONTAINERS, automountServiceAccountToken: false },
            });
            assert.deepStrictEqual(await checkResource(policy, resource), []);
        });

        it(`accepts a ${kind.kind} whose pod template declares it needs the token`, async () => {
            const resource = workloadOf(kind, {
                metadata: DECLARED,
                spec: { ...CONTAINERS, automountServiceAccountToken: true },
            });
            assert.deepStrictEqual(await checkResource(policy, resource), []);
        });
    }

    it("reports automountServiceAccountToken: true without the annotation", async () => {
        const resource = workloadOf(podBearing("Deployment"), {
            spec: { ...CONTAINERS, automountServiceAccountToken: true },
        });
        const [message] = await checkResource(policy, resource);
        assert.match(message, /automountServiceAccountToken is true/);
    });

    it("names the pod template's annotation path in what is allowed", async () => {
        const resource = workloadOf(podBearing("Deployment"), { spec: CONTAINERS });
        const [message] = await checkResource(policy, resource);
        assert.ok(
            message.includes(
                `spec.template.metadata.annotations["${NEEDS_TOKEN_ANNOTATION}"]: "true"`,
            ),
            message,
        );
    });

    it('takes only the value "true" as a declaration', async () => {
        const resource = workloadOf(podBearing("Deployment"), {
            metadata: { annotations: { [NEEDS_TOKEN_ANNOTATION]: "yes" } },
            spec: CONTAINERS,
        });
        assert.strictEqual((await checkResource(policy, resource)).length, 1);
    });

    it("does not take the annotation on a Deployment's own metadata for the pod's", async () => {
        const resource = workloadOf(podBearing("Deployment"), { spec: CONTAINERS });
        resource.props.metadata.annotations = { [NEEDS_TOKEN_ANNOTATION]: "true" };
        assert.strictEqual((await checkResource(policy, resource)).length, 1);
    });

    it("does not throw on odd input", async () => {
        for (const resource of ODD_WORKLOADS) {
            await checkResource(policy, resource);
        }
    });
});
